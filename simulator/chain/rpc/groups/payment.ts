/**
 * payment_*: fee estimates for clients that do not use `state_call TransactionPaymentApi_query_info`, served from
 * `ChainPaymentApi`: payment_queryInfo(extrinsic, at?) → RuntimeDispatchInfoJson, payment_queryFeeDetails(extrinsic,
 * at?) → FeeDetailsJson. `paymentInfo` sends a fake-signed extrinsic: its signature is not checked.
 */
import * as z from 'zod';
import type { ChainPaymentApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup } from '../group';
import { parseParams, zHash, zHex, zOption } from '../params';

const extrinsicAt = z.tuple([zHex, zOption(zHash)]);

export function paymentGroup(chain: ChainPaymentApi): RpcGroup {
  return defineRpcGroup({
    name: 'payment',
    methods: {
      payment_queryInfo: {
        params: ['extrinsic', 'at'],
        handler: (params) => chain.queryInfo(...parseParams(params, extrinsicAt)),
      },
      payment_queryFeeDetails: {
        params: ['extrinsic', 'at'],
        handler: (params) => chain.queryFeeDetails(...parseParams(params, extrinsicAt)),
      },
    },
  });
}
