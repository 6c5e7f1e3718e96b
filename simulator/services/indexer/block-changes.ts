/**
 * What one block's events change in the index. Entities an event touches are re-read from the block's storage
 * (storage is the authority, so an event's payload shape never matters for them); what storage does not keep
 * (uptime reports, bills, NRU reports, a contract's used resources once reported) is taken from the events.
 */
import type { DiscountLevel, Resources } from './model';
import { resourcesOf } from './records';

export interface ChainEvent {
  section: string;
  method: string;
  /** `event.data.toPrimitive()`: one element per field, in declaration order. */
  data: unknown[];
}

export type DirectChange =
  | { kind: 'uptime'; nodeID: number; timestamp: number; uptime: number }
  | { kind: 'usedResources'; contractID: number; used: Resources }
  | { kind: 'nru'; contractID: number; timestamp: number; window: number; nru: number }
  | { kind: 'bill'; contractID: number; timestamp: number; discountReceived: DiscountLevel; amountBilled: string }
  | { kind: 'payoutAddress'; farmID: number; address: string };

export interface BlockChanges {
  twins: Set<number>;
  farms: Set<number>;
  nodes: Set<number>;
  contracts: Set<number>;
  farmingPolicies: Set<number>;
  /** Public IPs moved between contracts: every farm's IP list is re-read. */
  allFarms: boolean;
  direct: DirectChange[];
}

const num = (value: unknown): number => Number(value ?? 0);
const field = (value: unknown, name: string): unknown => (value as Record<string, unknown> | null)?.[name];

export function emptyChanges(): BlockChanges {
  return { twins: new Set(), farms: new Set(), nodes: new Set(), contracts: new Set(), farmingPolicies: new Set(), allFarms: false, direct: [] };
}

export function collectChanges(events: readonly ChainEvent[]): BlockChanges {
  const c = emptyChanges();
  for (const event of events) {
    if (event.section === 'tfgridModule') collectTfgrid(c, event.method, event.data);
    else if (event.section === 'smartContractModule') collectSmartContract(c, event.method, event.data);
  }
  return c;
}

function collectTfgrid(c: BlockChanges, method: string, d: unknown[]): void {
  switch (method) {
    case 'TwinStored': case 'TwinUpdated':
      c.twins.add(num(field(d[0], 'id'))); break;
    case 'TwinDeleted':
      c.twins.add(num(d[0])); break;
    case 'FarmStored': case 'FarmUpdated':
      c.farms.add(num(field(d[0], 'id'))); break;
    case 'FarmDeleted': case 'FarmMarkedAsDedicated': case 'FarmCertificationSet': case 'FarmingPolicySet':
      c.farms.add(num(d[0])); break;
    case 'FarmPayoutV2AddressRegistered':
      c.direct.push({ kind: 'payoutAddress', farmID: num(d[0]), address: String(d[1] ?? '') }); break;
    case 'NodeStored': case 'NodeUpdated':
      c.nodes.add(num(field(d[0], 'id'))); break;
    case 'NodeDeleted': case 'NodePublicConfigStored': case 'NodeCertificationSet':
      c.nodes.add(num(d[0])); break;
    case 'PowerTargetChanged': case 'PowerStateChanged':
      c.nodes.add(num(d[1])); break; // {farm_id, node_id, …}
    case 'NodeUptimeReported':
      c.direct.push({ kind: 'uptime', nodeID: num(d[0]), timestamp: num(d[1]), uptime: num(d[2]) }); break;
    case 'FarmingPolicyStored': case 'FarmingPolicyUpdated':
      c.farmingPolicies.add(num(field(d[0], 'id'))); break;
  }
}

function collectSmartContract(c: BlockChanges, method: string, d: unknown[]): void {
  switch (method) {
    case 'ContractCreated': case 'ContractUpdated': {
      c.contracts.add(num(field(d[0], 'contractId')));
      const nodeContract = field(field(d[0], 'contractType'), 'nodeContract');
      if (nodeContract && num(field(nodeContract, 'publicIps')) > 0) c.allFarms = true;
      break;
    }
    case 'NodeContractCanceled': case 'NameContractCanceled': case 'RentContractCanceled':
    case 'ContractGracePeriodStarted': case 'ContractGracePeriodEnded':
      c.contracts.add(num(d[0])); break;
    case 'IPsReserved': case 'IPsFreed':
      c.contracts.add(num(d[0])); c.allFarms = true; break;
    case 'NodeExtraFeeSet':
      c.nodes.add(num(d[0])); break;
    case 'UpdatedUsedResources':
      c.direct.push({ kind: 'usedResources', contractID: num(field(d[0], 'contractId')), used: resourcesOf(field(d[0], 'used')) }); break;
    case 'NruConsumptionReportReceived': {
      const r = d[0];
      c.direct.push({ kind: 'nru', contractID: num(field(r, 'contractId')), timestamp: num(field(r, 'timestamp')), window: num(field(r, 'window')), nru: num(field(r, 'nru')) });
      break;
    }
    case 'ContractBilled': {
      const b = d[0];
      c.direct.push({
        kind: 'bill', contractID: num(field(b, 'contractId')), timestamp: num(field(b, 'timestamp')),
        discountReceived: (String(field(b, 'discountLevel') ?? 'None')) as DiscountLevel, amountBilled: String(field(b, 'amountBilled') ?? '0'),
      });
      break;
    }
  }
}
