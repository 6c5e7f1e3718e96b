/**
 * payment_*: fee estimates for clients that do not use `state_call TransactionPaymentApi_query_info`.
 * Placeholder (see chain.ts for why it is empty); the next increment serves, from `chain: ChainPaymentApi`:
 * - payment_queryInfo(extrinsic, at?) → RuntimeDispatchInfoJson
 * - payment_queryFeeDetails(extrinsic, at?) → FeeDetailsJson
 * `paymentInfo` sends a fake-signed extrinsic: its signature must not be checked (chain-rpc-notes.md).
 */
import type { ChainPaymentApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup } from '../group';

export function paymentGroup(_chain: ChainPaymentApi): RpcGroup {
  return defineRpcGroup({ name: 'payment' });
}
