/** Contracts of an account's twin on the local grid's chain: listed from chain storage, created and cancelled there. */
import type { ContractView } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { chainHead, costPerHour, graceLeft, readPrices, type Billable } from '../contracts/cost';
import type { Included, LocalChain } from './local-chain';

interface ContractJson {
  contractId: number;
  twinId: number;
  state: { created?: null; gracePeriod?: number; deleted?: string };
  contractType: {
    nodeContract?: { nodeId: number; deploymentData: string; publicIps: number };
    nameContract?: { name: string };
    rentContract?: { nodeId: number };
  };
}

export class Contracts {
  constructor(private readonly chain: LocalChain) {}

  async list(address: string): Promise<ContractView[]> {
    const twinId = await this.chain.twinId(address);
    if (!twinId) return [];
    const api = await this.chain.api();
    // The chain has no index by twin; a local chain holds few enough contracts to scan them.
    const entries = await api.query.smartContractModule!.contracts!.entries();
    const mine = entries
      .map(([, value]) => (value as unknown as { toPrimitive(): unknown }).toPrimitive() as ContractJson | null)
      .filter((c): c is ContractJson => c !== null && c.twinId === twinId)
      .sort((a, b) => b.contractId - a.contractId);
    const [prices, head] = await Promise.all([readPrices(api), chainHead(api)]);
    return Promise.all(
      mine.map(async (c) => {
        const view = contractView(c);
        const cost = prices ? await costPerHour(api, prices, billable(view)) : undefined;
        return {
          ...view,
          ...(cost ? { cost } : {}),
          ...(view.graceSince !== undefined ? { grace: graceLeft(view.graceSince, head) } : {}),
        };
      }),
    );
  }

  async createName(address: string, name: string): Promise<ContractView> {
    await this.chain.ensureTwin(address);
    const included = await this.chain.submit(address, (api) => api.tx.smartContractModule!.createNameContract!(name));
    return this.#created(included);
  }

  async createRent(address: string, nodeId: number): Promise<ContractView> {
    await this.chain.ensureTwin(address);
    const included = await this.chain.submit(address, (api) => api.tx.smartContractModule!.createRentContract!(nodeId, null));
    return this.#created(included);
  }

  async cancel(address: string, id: number): Promise<void> {
    await this.chain.submit(address, (api) => api.tx.smartContractModule!.cancelContract!(id));
  }

  async #created(included: Included): Promise<ContractView> {
    const event = included.events.find((e) => e.event.section === 'smartContractModule' && e.event.method === 'ContractCreated');
    if (!event) throw new ApiError('internal', 'the chain accepted the contract but reported no ContractCreated event');
    return contractView(event.event.data[0]!.toPrimitive() as unknown as ContractJson);
  }
}

function billable(v: ContractView): Billable {
  if (v.type === 'name') return { kind: 'name' };
  if (v.type === 'rent') return { kind: 'rent', nodeId: v.nodeId! };
  return { kind: 'node', contractId: v.id, nodeId: v.nodeId!, publicIps: v.publicIps ?? 0 };
}

function contractView(c: ContractJson): ContractView {
  const { nodeContract, nameContract, rentContract } = c.contractType;
  const state: ContractView['state'] = c.state.gracePeriod !== undefined ? 'gracePeriod' : c.state.deleted !== undefined ? 'deleted' : 'created';
  return {
    id: c.contractId,
    twinId: c.twinId,
    type: nodeContract ? 'node' : nameContract ? 'name' : 'rent',
    state,
    ...(c.state.gracePeriod !== undefined ? { graceSince: c.state.gracePeriod } : {}),
    ...(nameContract ? { name: hexText(nameContract.name) } : {}),
    ...(nodeContract ? { nodeId: nodeContract.nodeId, deploymentData: hexText(nodeContract.deploymentData), publicIps: nodeContract.publicIps } : {}),
    ...(rentContract ? { nodeId: rentContract.nodeId } : {}),
  };
}

/** Bytes come back from toPrimitive as UTF-8 text when printable, else as 0x-hex. */
function hexText(value: string): string {
  if (!/^0x([0-9a-f]{2})*$/i.test(value)) return value;
  return Buffer.from(value.slice(2), 'hex').toString('utf8');
}

