// SmartContractModule service contracts (calls 11..17, tfchain.md §3.2.5): an agreement between two twins, billed by
// the service side and paid by the consumer straight to the service twin. The state machine and the bill's arithmetic
// are smart-contract-rules.ts; here they meet storage and balances.
import type { DispatchContext } from '../../core/dispatch/context';
import type { CallDef } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import { sc } from './smart-contract-billing.impl';
import { twinIdOf, twinOf, usableOf } from './smart-contract-grid.impl';
import {
  serviceBillPayment, serviceContractApprove, serviceContractBill, serviceContractCancel, serviceContractCreate,
  serviceContractReject, serviceContractSetFees, serviceContractSetMetadata, type ServiceContractLike,
} from './smart-contract-rules';
import type { Check } from './tfgrid-rules';
import { billingTftPrice } from './tft-price.impl';

const store = (ctx: DispatchContext) => sc<ServiceContractLike | null>(ctx, 'ServiceContracts');
const callerTwin = (ctx: DispatchContext): number | null => twinIdOf(ctx, ctx.ensureSigned());

function ok<T extends object>(ctx: DispatchContext, check: Check<string, T>): T {
  if (!check.ok) ctx.fail(check.error);
  return check;
}

/** Stores the updated contract and emits `event` with it. */
function save(ctx: DispatchContext, contract: ServiceContractLike, event: string): void {
  store(ctx).set(contract.service_contract_id, contract);
  ctx.depositEvent(event, contract);
}

type Id = { service_contract_id: bigint };

export const serviceContractCalls: Readonly<Record<string, CallDef>> = {
  service_contract_create: {
    dispatch: (ctx: DispatchContext, a: { service_account: AccountId; consumer_account: AccountId }) => {
      const caller = callerTwin(ctx);
      const id = sc<bigint>(ctx, 'ServiceContractID').get() + 1n;
      const { contract } = ok(ctx, serviceContractCreate({
        id, callerTwinId: caller, serviceTwinId: twinIdOf(ctx, a.service_account),
        consumerTwinId: twinIdOf(ctx, a.consumer_account),
      }));
      sc(ctx, 'ServiceContractID').set(id);
      save(ctx, contract, 'ServiceContractCreated');
    },
  },
  service_contract_set_metadata: {
    dispatch: (ctx: DispatchContext, a: Id & { metadata: Uint8Array }) => {
      const caller = callerTwin(ctx);
      const { contract } = ok(ctx, serviceContractSetMetadata({
        contract: store(ctx).get(a.service_contract_id), callerTwinId: caller, metadata: a.metadata,
      }));
      save(ctx, contract, 'ServiceContractMetadataSet');
    },
  },
  service_contract_set_fees: {
    dispatch: (ctx: DispatchContext, a: Id & { base_fee: bigint; variable_fee: bigint }) => {
      const caller = callerTwin(ctx);
      const { contract } = ok(ctx, serviceContractSetFees({
        contract: store(ctx).get(a.service_contract_id), callerTwinId: caller, baseFee: a.base_fee, variableFee: a.variable_fee,
      }));
      save(ctx, contract, 'ServiceContractFeesSet');
    },
  },
  service_contract_approve: {
    dispatch: (ctx: DispatchContext, a: Id) => {
      const caller = callerTwin(ctx);
      const { contract } = ok(ctx, serviceContractApprove({
        contract: store(ctx).get(a.service_contract_id), callerTwinId: caller, nowSecs: ctx.nowSecs,
      }));
      save(ctx, contract, 'ServiceContractApproved');
    },
  },
  service_contract_reject: {
    dispatch: (ctx: DispatchContext, a: Id) => {
      const caller = callerTwin(ctx);
      const { cause } = ok(ctx, serviceContractReject({ contract: store(ctx).get(a.service_contract_id), callerTwinId: caller }));
      store(ctx).remove(a.service_contract_id);
      ctx.depositEvent('ServiceContractCanceled', { service_contract_id: a.service_contract_id, cause });
    },
  },
  service_contract_cancel: {
    dispatch: (ctx: DispatchContext, a: Id) => {
      const caller = callerTwin(ctx);
      const { cause } = ok(ctx, serviceContractCancel({ contract: store(ctx).get(a.service_contract_id), callerTwinId: caller }));
      store(ctx).remove(a.service_contract_id);
      ctx.depositEvent('ServiceContractCanceled', { service_contract_id: a.service_contract_id, cause });
    },
  },
  service_contract_bill: {
    dispatch: (ctx: DispatchContext, a: Id & { variable_amount: bigint; metadata: Uint8Array }) => {
      const caller = callerTwin(ctx);
      const billed = ok(ctx, serviceContractBill({
        contract: store(ctx).get(a.service_contract_id), callerTwinId: caller, variableAmount: a.variable_amount,
        metadata: a.metadata, nowSecs: ctx.nowSecs,
      }));
      const consumer = twinOf(ctx, billed.contract.consumer_twin_id);
      const service = twinOf(ctx, billed.contract.service_twin_id);
      if (consumer === null || service === null) ctx.fail('TwinNotExists');
      // On shortage the pallet cancels the contract and fails; the failed call rolls the cancellation back.
      const { amount } = ok(ctx, serviceBillPayment({
        costUnitsUsd: billed.costUnitsUsd, tftPriceMusd: billingTftPrice(ctx), consumerUsableBalance: usableOf(ctx, consumer.account_id),
      }));
      if (amount > 0n) ctx.currency.transfer(consumer.account_id, service.account_id, amount, 'KeepAlive');
      store(ctx).set(a.service_contract_id, billed.contract);
      ctx.depositEvent('ServiceContractBilled', { service_contract: billed.contract, bill: billed.bill, amount });
    },
  },
};
