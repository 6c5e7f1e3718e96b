/**
 * A contract's billing history from a network's GraphQL service (tfchain_graphql's `contractBillReports`: one per
 * `ContractBilled` event), the same query against the local grid's service and the live networks' ones.
 */
import type { ContractBill, ContractBillingHistory } from '../../api/contract';
import { graphqlQuery } from './graphql';

const QUERY = `query ContractBills($id: BigInt!, $limit: Int!) {
  contractBillReports(where: { contractID_eq: $id }, orderBy: [timestamp_DESC], limit: $limit) { amountBilled timestamp discountReceived }
  contractBillReportsConnection(where: { contractID_eq: $id }, orderBy: [timestamp_DESC]) { totalCount }
}`;

interface Answer {
  contractBillReports: { amountBilled: string; timestamp: string; discountReceived: ContractBill['discountReceived'] }[];
  contractBillReportsConnection: { totalCount: number };
}

export async function billingHistory(graphqlUrl: string, contractId: number, limit: number): Promise<ContractBillingHistory> {
  const answer = await graphqlQuery<Answer>(graphqlUrl, 'billing', QUERY, { id: String(contractId), limit });
  return {
    contractId,
    // BigInt timestamps are the chain's seconds.
    bills: answer.contractBillReports.map((b) => ({ amountBilled: b.amountBilled, timestamp: Number(b.timestamp) * 1000, discountReceived: b.discountReceived })),
    total: answer.contractBillReportsConnection.totalCount,
  };
}
