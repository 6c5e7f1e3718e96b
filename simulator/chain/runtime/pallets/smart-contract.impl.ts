// SmartContractModule's behaviour (pallet_smart_contract, tfchain.md §3.2): name, node and rent contracts, node
// reports, billing (smart-contract-billing.impl.ts) and solution providers. Checks come from smart-contract-rules.ts
// in the pallet's order, so clients see the same module error a real TFChain returns.
import { u8aEq } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl, type PalletImpl } from '../../core/dispatch/pallet-impl';
import { applyNruReport, newPaymentState, billingLoopIndex } from './smart-contract-billing';
import {
  billContractNow, contractNodeId, contractOf, removeContract, runBillingLoop, saveContract, sc,
  type BillingOptions, type ContractData, type ContractValue, type NodeContractValue,
} from './smart-contract-billing.impl';
import {
  billingPolicy, farmOf, nodeIdOfTwin, nodeOf, nodePowerOf, pricingPolicyExists, saveFarm, twinIdOf, twinOf,
} from './smart-contract-grid.impl';
import {
  checkAttachSolutionProvider, checkCancelContract, checkChangeBillingFrequency, checkContractResourcesReport,
  checkCreateNameContract, checkCreateNodeContract, checkCreateRentContract, checkCreateSolutionProvider,
  checkNruReports, checkSetDedicatedNodeExtraFee, checkUpdateNodeContract, contractKind, type ContractRef,
  type ReportedContract,
} from './smart-contract-rules';
import { serviceContractCalls } from './smart-contract-service.impl';
import { smartContract } from './smart-contract';
import type { Check } from './tfgrid-rules';

/** `CONTRACT_VERSION` of the spec-152 pallet. */
export const CONTRACT_VERSION = 4;

/** `GenesisConfig.pallets.SmartContractModule`. */
export interface SmartContractGenesis {
  /** Blocks per billing cycle: 10 on the dev chain spec (1 minute), 600 on public networks. */
  readonly billingFrequency?: number;
}
export const DEFAULT_SMART_CONTRACT_GENESIS: Required<SmartContractGenesis> = Object.freeze({ billingFrequency: 10 });

type SolutionProviderValue = {
  solution_provider_id: bigint; providers: { who: Uint8Array; take: number }[]; description: Uint8Array;
  link: Uint8Array; approved: boolean;
};

/** Throws the module error of a failed rule check. */
function must<E extends string>(ctx: DispatchContext, check: Check<E>): void {
  if (!check.ok) ctx.fail(check.error);
}

const providerOf = (ctx: DispatchContext, id: bigint | null | undefined): SolutionProviderValue | null =>
  (id == null ? null : sc<SolutionProviderValue | null>(ctx, 'SolutionProviders').get(id));

/** The common tail of every creation (`create_contract`, §3.2.1): id, billing loop, contract, payment state. */
function storeNewContract(ctx: DispatchContext, id: bigint, twinId: number, contractType: ContractData,
  solutionProviderId: bigint | null): ContractValue {
  const bucket = billingLoopIndex(id, sc<bigint>(ctx, 'BillingFrequency').get());
  sc<bigint[]>(ctx, 'ContractsToBillAt').mutate(bucket, (ids: bigint[]) => {
    if (!ids.includes(id)) ids.push(id);
  });
  const contract: ContractValue = {
    version: CONTRACT_VERSION, state: 'Created', contract_id: id, twin_id: twinId, contract_type: contractType,
    solution_provider_id: solutionProviderId,
  };
  saveContract(ctx, contract);
  sc(ctx, 'ContractID').set(id);
  sc(ctx, 'ContractPaymentState').set(id, newPaymentState(ctx.nowSecs));
  return contract;
}

const nextContractId = (ctx: DispatchContext): bigint => sc<bigint>(ctx, 'ContractID').get() + 1n;

/** The facts `checkUpdateNodeContract` / `checkCancelContract` look at. */
function contractRef(ctx: DispatchContext, c: ContractValue | null): ContractRef | null {
  if (c === null) return null;
  const twin = twinOf(ctx, c.twin_id);
  return {
    state: c.state,
    kind: contractKind(c.contract_type),
    twinExists: twin !== null,
    signerIsOwner: twin !== null && ctx.origin.kind === 'signed' && u8aEq(twin.account_id, ctx.origin.who),
  };
}

function cancel(ctx: DispatchContext, contractId: bigint, collective: boolean, options: BillingOptions): void {
  const c = contractOf(ctx, contractId);
  const ref = contractRef(ctx, c);
  const active = c && 'RentContract' in c.contract_type
    ? sc<bigint[]>(ctx, 'ActiveNodeContracts').get(c.contract_type.RentContract.node_id).length : 0;
  const check = checkCancelContract(ref, { activeNodeContractsOnNode: active, collective });
  if (!check.ok) ctx.fail(check.error);
  // State Deleted(cause), then the final bill, which removes the contract (§3.2.3).
  saveContract(ctx, { ...c!, state: { Deleted: check.cause } });
  billContractNow(ctx, contractId, options);
}

function reportedContract(ctx: DispatchContext, id: bigint): ReportedContract {
  const c = contractOf(ctx, id);
  return c === null ? null : { kind: contractKind(c.contract_type), node_id: contractNodeId(c) };
}

/** The pallet's behaviour with billing knobs (tests shorten the 14-day grace period); see `smartContractImpl`. */
export function createSmartContractImpl(options: BillingOptions = {}): PalletImpl {
  return definePalletImpl(smartContract, {
    calls: {
      create_node_contract: (ctx: DispatchContext, a: {
        node_id: number; deployment_hash: Uint8Array; deployment_data: Uint8Array; public_ips: number;
        solution_provider_id: bigint | null;
      }) => {
        const who = ctx.ensureSigned();
        const signerTwinId = twinIdOf(ctx, who);
        const node = nodeOf(ctx, a.node_id);
        const farm = node ? farmOf(ctx, node.farm_id) : null;
        const rentId = sc<bigint | null>(ctx, 'ActiveRentContractForNode').get(a.node_id);
        const rent = rentId === null ? null : contractOf(ctx, rentId) ?? 'missing' as const;
        const sameHashId = sc<bigint>(ctx, 'ContractIDByNodeIDAndHash').get(a.node_id, a.deployment_hash);
        const sameHash = sameHashId === 0n ? null : contractOf(ctx, sameHashId) ?? 'missing' as const;
        const id = nextContractId(ctx);
        const checked = checkCreateNodeContract({
          signerTwinId, node, farm, power: node ? nodePowerOf(ctx, a.node_id) : undefined,
          extraFeeMusd: sc<bigint>(ctx, 'DedicatedNodesExtraFee').get(a.node_id), rentContract: rent,
          contractWithSameHash: sameHash, publicIps: a.public_ips, newContractId: id,
          solutionProviderId: a.solution_provider_id, solutionProvider: providerOf(ctx, a.solution_provider_id),
        });
        if (!checked.ok) ctx.fail(checked.error);
        if (a.public_ips > 0) saveFarm(ctx, { ...farm!, public_ips: checked.farmIps });
        const nodeContract: NodeContractValue = {
          node_id: a.node_id, deployment_hash: a.deployment_hash, deployment_data: a.deployment_data,
          public_ips: a.public_ips, public_ips_list: checked.reserved,
        };
        const contract = storeNewContract(ctx, id, signerTwinId!, { NodeContract: nodeContract }, a.solution_provider_id);
        sc(ctx, 'ContractBillingInformationByID').set(id, { previous_nu_reported: 0n, last_updated: ctx.nowSecs, amount_unbilled: 0n });
        sc(ctx, 'ContractIDByNodeIDAndHash').set(a.node_id, a.deployment_hash, id);
        sc<bigint[]>(ctx, 'ActiveNodeContracts').mutate(a.node_id, (ids: bigint[]) => {
          ids.push(id);
        });
        ctx.depositEvent('ContractCreated', contract);
      },

      update_node_contract: (ctx: DispatchContext, a: { contract_id: bigint; deployment_hash: Uint8Array; deployment_data: Uint8Array }) => {
        ctx.ensureSigned();
        const c = contractOf(ctx, a.contract_id);
        must(ctx, checkUpdateNodeContract(contractRef(ctx, c)));
        const old = (c!.contract_type as { NodeContract: NodeContractValue }).NodeContract;
        const updated: ContractValue = {
          ...c!,
          contract_type: { NodeContract: { ...old, deployment_hash: a.deployment_hash, deployment_data: a.deployment_data } },
        };
        // The hash can change: re-key the (node, hash) index.
        sc(ctx, 'ContractIDByNodeIDAndHash').remove(old.node_id, old.deployment_hash);
        sc(ctx, 'ContractIDByNodeIDAndHash').set(old.node_id, a.deployment_hash, a.contract_id);
        saveContract(ctx, updated);
        ctx.depositEvent('ContractUpdated', updated);
      },

      cancel_contract: (ctx: DispatchContext, { contract_id }: { contract_id: bigint }) => {
        ctx.ensureSigned();
        cancel(ctx, contract_id, false, options);
      },

      cancel_contract_collective: (ctx: DispatchContext, { contract_id }: { contract_id: bigint }) => {
        ctx.ensureRootOrCouncil();
        cancel(ctx, contract_id, true, options);
      },

      create_name_contract: (ctx: DispatchContext, { name }: { name: Uint8Array }) => {
        const who = ctx.ensureSigned();
        const signerTwinId = twinIdOf(ctx, who);
        const registry = sc<bigint>(ctx, 'ContractIDByNameRegistration');
        // The name is checked before it is used as a key: the key type is bounded.
        must(ctx, checkCreateNameContract({ signerTwinId, name, nameTaken: false }));
        must(ctx, checkCreateNameContract({ signerTwinId, name, nameTaken: registry.get(name) !== 0n }));
        const id = nextContractId(ctx);
        const contract = storeNewContract(ctx, id, signerTwinId!, { NameContract: { name } }, null);
        registry.set(name, id);
        ctx.depositEvent('ContractCreated', contract);
      },

      create_rent_contract: (ctx: DispatchContext, { node_id, solution_provider_id }: { node_id: number; solution_provider_id: bigint | null }) => {
        const who = ctx.ensureSigned();
        const node = nodeOf(ctx, node_id);
        const farm = node ? farmOf(ctx, node.farm_id) : null;
        const signerTwinId = twinIdOf(ctx, who);
        must(ctx, checkCreateRentContract({
          nodeHasRentContract: sc(ctx, 'ActiveRentContractForNode').get(node_id) !== null, node, farm,
          activeNodeContracts: sc<bigint[]>(ctx, 'ActiveNodeContracts').get(node_id).length, signerTwinId,
          solutionProviderId: solution_provider_id, solutionProvider: providerOf(ctx, solution_provider_id),
        }));
        const id = nextContractId(ctx);
        const contract = storeNewContract(ctx, id, signerTwinId!, { RentContract: { node_id } }, solution_provider_id);
        sc(ctx, 'ActiveRentContractForNode').set(node_id, id);
        ctx.depositEvent('ContractCreated', contract);
      },

      report_contract_resources: {
        pays: 'No',
        dispatch: (ctx: DispatchContext, { contract_resources }: { contract_resources: { contract_id: bigint; used: unknown }[] }) => {
          const who = ctx.ensureSigned();
          const signerTwinId = twinIdOf(ctx, who);
          const signerNodeId = signerTwinId === null ? null : nodeIdOfTwin(ctx, signerTwinId);
          const checked = checkContractResourcesReport({
            signerTwinId, signerNodeId, contracts: contract_resources.map((r) => reportedContract(ctx, r.contract_id)),
          });
          if (!checked.ok) ctx.fail(checked.error);
          for (const i of checked.accepted) {
            const r = contract_resources[i]!;
            sc(ctx, 'NodeContractResources').set(r.contract_id, r);
            ctx.depositEvent('UpdatedUsedResources', r);
          }
        },
      },

      add_nru_reports: {
        pays: 'No',
        dispatch: (ctx: DispatchContext, { reports }: { reports: { contract_id: bigint; timestamp: bigint; window: bigint; nru: bigint }[] }) => {
          const who = ctx.ensureSigned();
          const signerTwinId = twinIdOf(ctx, who);
          const signerNodeId = signerTwinId === null ? null : nodeIdOfTwin(ctx, signerTwinId);
          const node = signerNodeId === null ? null : nodeOf(ctx, signerNodeId);
          const farm = node ? farmOf(ctx, node.farm_id) : null;
          const infos = sc<{ previous_nu_reported: bigint; last_updated: bigint; amount_unbilled: bigint }>(ctx, 'ContractBillingInformationByID');
          // Reports without billing information are skipped, as for missing contracts.
          const contracts = reports.map((r) => (infos.exists(r.contract_id) ? reportedContract(ctx, r.contract_id) : null));
          const checked = checkNruReports({
            signerTwinId, signerNodeId, farmExists: farm !== null,
            // The dev chain bills with upstream's dev policy until TfgridModule's genesis stores policy 1.
            pricingPolicyExists: farm !== null && (pricingPolicyExists(ctx, farm.pricing_policy_id) || farm.pricing_policy_id === 1),
            contracts,
          });
          if (!checked.ok) ctx.fail(checked.error);
          const policy = billingPolicy(ctx, farm!.pricing_policy_id);
          for (const i of checked.accepted) {
            const r = reports[i]!;
            const { info } = applyNruReport(infos.get(r.contract_id), r, policy);
            infos.set(r.contract_id, info);
            ctx.depositEvent('NruConsumptionReportReceived', r);
          }
        },
      },

      bill_contract_for_block: (ctx: DispatchContext, { contract_id }: { contract_id: bigint }) => {
        ctx.ensureSigned();
        billContractNow(ctx, contract_id, options);
      },

      change_billing_frequency: (ctx: DispatchContext, { frequency }: { frequency: bigint }) => {
        ctx.ensureRootOrCouncil();
        must(ctx, checkChangeBillingFrequency(sc<bigint>(ctx, 'BillingFrequency').get(), frequency));
        sc(ctx, 'BillingFrequency').set(frequency);
        ctx.depositEvent('BillingFrequencyChanged', frequency);
      },

      set_dedicated_node_extra_fee: (ctx: DispatchContext, { node_id, extra_fee }: { node_id: number; extra_fee: bigint }) => {
        const who = ctx.ensureSigned();
        const node = nodeOf(ctx, node_id);
        const farm = node ? farmOf(ctx, node.farm_id) : null;
        must(ctx, checkSetDedicatedNodeExtraFee({
          signerTwinId: twinIdOf(ctx, who), nodeExists: node !== null, farmTwinId: farm?.twin_id ?? null,
          nodeHasActiveContracts: sc<bigint[]>(ctx, 'ActiveNodeContracts').get(node_id).length > 0
            || sc(ctx, 'ActiveRentContractForNode').get(node_id) !== null,
        }));
        sc(ctx, 'DedicatedNodesExtraFee').set(node_id, extra_fee);
        ctx.depositEvent('NodeExtraFeeSet', { node_id, extra_fee });
      },

      create_solution_provider: (ctx: DispatchContext, a: { description: Uint8Array; link: Uint8Array; providers: { who: Uint8Array; take: number }[] }) => {
        ctx.ensureSigned();
        must(ctx, checkCreateSolutionProvider(a.providers));
        const id = sc<bigint>(ctx, 'SolutionProviderID').get() + 1n;
        const sp: SolutionProviderValue = {
          solution_provider_id: id, providers: a.providers, description: a.description, link: a.link, approved: false,
        };
        sc(ctx, 'SolutionProviders').set(id, sp);
        sc(ctx, 'SolutionProviderID').set(id);
        ctx.depositEvent('SolutionProviderCreated', sp);
      },

      approve_solution_provider: (ctx: DispatchContext, { solution_provider_id, approve }: { solution_provider_id: bigint; approve: boolean }) => {
        ctx.ensureRootOrCouncil();
        const sp = providerOf(ctx, solution_provider_id);
        ctx.ensure(sp !== null, 'NoSuchSolutionProvider');
        sc(ctx, 'SolutionProviders').set(solution_provider_id, { ...sp, approved: approve });
        ctx.depositEvent('SolutionProviderApproved', [solution_provider_id, approve]);
      },

      attach_solution_provider_id: (ctx: DispatchContext, { contract_id, solution_provider_id }: { contract_id: bigint; solution_provider_id: bigint }) => {
        const who = ctx.ensureSigned();
        const c = contractOf(ctx, contract_id);
        must(ctx, checkAttachSolutionProvider({
          provider: providerOf(ctx, solution_provider_id), contract: c, signerTwinId: twinIdOf(ctx, who),
        }));
        const updated = { ...c!, solution_provider_id };
        saveContract(ctx, updated);
        ctx.depositEvent('ContractUpdated', updated);
      },

      ...serviceContractCalls,
    },

    genesis: (ctx, config) => {
      const g = { ...DEFAULT_SMART_CONTRACT_GENESIS, ...(config.pallets.SmartContractModule as SmartContractGenesis | undefined) };
      ctx.storage('BillingFrequency').set(BigInt(g.billingFrequency));
      // Live spec-152 chains are past the v12 payment-state migration.
      ctx.storage('PalletVersion').set('V12');
    },

    onFinalize: (ctx) => runBillingLoop(ctx, options),
  });
}

/** The pallet as the dev chain runs it: TFChain's 14-day grace period and 24-cycle reward distribution. */
export const smartContractImpl = createSmartContractImpl();

export { removeContract };
