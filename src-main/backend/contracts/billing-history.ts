/**
 * A contract's billing history from a network's GraphQL service (tfchain_graphql's `contractBillReports`: one per
 * `ContractBilled` event), the same query against the local grid's service and the live networks' ones.
 */
import type { ContractBill, ContractBillingHistory } from '../../api/contract';
import { ApiError } from '../../api/errors';

const TIMEOUT_MS = 15_000;

const QUERY = `query ContractBills($id: BigInt!, $limit: Int!) {
  contractBillReports(where: { contractID_eq: $id }, orderBy: [timestamp_DESC], limit: $limit) { amountBilled timestamp discountReceived }
  contractBillReportsConnection(where: { contractID_eq: $id }, orderBy: [timestamp_DESC]) { totalCount }
}`;

interface Answer {
  data?: {
    contractBillReports: { amountBilled: string; timestamp: string; discountReceived: ContractBill['discountReceived'] }[];
    contractBillReportsConnection: { totalCount: number };
  };
  errors?: { message: string }[];
}

export async function billingHistory(graphqlUrl: string, contractId: number, limit: number): Promise<ContractBillingHistory> {
  if (!graphqlUrl) throw new ApiError('unavailable', 'this network has no GraphQL endpoint: set one on the Networks page (or start the local grid)');
  let response: Response;
  try {
    response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { id: String(contractId), limit } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError('unavailable', `the GraphQL service at ${graphqlUrl} did not answer (${err instanceof Error ? err.message : String(err)}): check the endpoint on the Networks page`);
  }
  const answer = (await response.json().catch(() => ({}))) as Answer;
  if (!response.ok || !answer.data) {
    const why = answer.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    throw new ApiError('unavailable', `the GraphQL service at ${graphqlUrl} refused the billing query: ${why}`);
  }
  return {
    contractId,
    // BigInt timestamps are the chain's seconds.
    bills: answer.data.contractBillReports.map((b) => ({ amountBilled: b.amountBilled, timestamp: Number(b.timestamp) * 1000, discountReceived: b.discountReceived })),
    total: answer.data.contractBillReportsConnection.totalCount,
  };
}
