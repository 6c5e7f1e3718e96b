/** Contracts of an account's twin on the local grid or a live network: listed from chain storage, created and cancelled there. */
import type { ApiPromise } from '@polkadot/api';
import type { ContractView, NetworkId } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { chainHead, costPerHour, graceLeft, readPrices, type Billable } from '../contracts/cost';
import { graphqlQuery } from '../contracts/graphql';
import type { Included, LocalChain } from './local-chain';
import type { Build, NetworkChains } from './network-chain';

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

/** A network's chain as the contracts need it: the local grid's (LocalChain) or a live network's. */
export interface ContractsChain {
  /** "the local grid", "Devnet", … for messages */
  readonly label: string;
  api(): Promise<ApiPromise>;
  twinId(address: string): Promise<number>;
  /** On the local grid made on the way (funds, terms, twin); on a live network it must exist already. */
  ensureTwin(address: string): Promise<number>;
  submit(address: string, build: Build): Promise<Included>;
  /** The ids of a twin's contracts, or null to scan the chain's (a local chain holds few enough). */
  contractIds(twinId: number): Promise<number[] | null>;
}

export function localContractsChain(chain: LocalChain): ContractsChain {
  return {
    label: 'the local grid',
    api: () => chain.api(),
    twinId: (address) => chain.twinId(address),
    ensureTwin: (address) => chain.ensureTwin(address),
    submit: (address, build) => chain.submit(address, build),
    contractIds: () => Promise.resolve(null),
  };
}

/** A live network's chain; writes on mainnet need `confirmMainnet`. Contract ids come from its GraphQL. */
export function liveContractsChain(chains: NetworkChains, network: NetworkId, confirmMainnet?: boolean): ContractsChain {
  const profile = chains.profile(network);
  const twinId = async (address: string) => Number((await (await chains.api(profile)).query.tfgridModule!.twinIdByAccountID!(address)).toString());
  return {
    label: profile.label,
    api: () => chains.api(profile),
    twinId,
    ensureTwin: async (address) => {
      const id = await twinId(address);
      if (!id) throw new ApiError('unavailable', `this account has no twin on ${profile.label}: create it on the Farm page first`);
      return id;
    },
    submit: (address, build) => chains.submit(chains.writable(network, confirmMainnet), address, build),
    contractIds: (twin) => contractIdsOf(profile.endpoints.graphql, twin),
  };
}

const IDS_QUERY = `query TwinContracts($twin: Int!) {
  nodeContracts(where: { twinID_eq: $twin, state_in: [Created, GracePeriod] }) { contractID }
  nameContracts(where: { twinID_eq: $twin, state_in: [Created, GracePeriod] }) { contractID }
  rentContracts(where: { twinID_eq: $twin, state_in: [Created, GracePeriod] }) { contractID }
}`;

async function contractIdsOf(graphqlUrl: string, twinId: number): Promise<number[]> {
  type Ids = { contractID: string | number }[];
  const data = await graphqlQuery<{ nodeContracts: Ids; nameContracts: Ids; rentContracts: Ids }>(graphqlUrl, 'contracts', IDS_QUERY, { twin: twinId });
  return [...data.nodeContracts, ...data.nameContracts, ...data.rentContracts].map((c) => Number(c.contractID));
}

/** Contracts of an account's twin on a network's chain: listed from chain storage, created and cancelled there. */
export class Contracts {
  async list(chain: ContractsChain, address: string): Promise<ContractView[]> {
    const twinId = await chain.twinId(address);
    if (!twinId) return [];
    const api = await chain.api();
    const ids = await chain.contractIds(twinId);
    const all = ids === null
      ? (await api.query.smartContractModule!.contracts!.entries()).map(([, value]) => value)
      : await Promise.all(ids.map((id) => api.query.smartContractModule!.contracts!(id)));
    const mine = all
      .map((value) => (value as unknown as { toPrimitive(): unknown }).toPrimitive() as ContractJson | null)
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

  async createName(chain: ContractsChain, address: string, name: string): Promise<ContractView> {
    await chain.ensureTwin(address);
    const included = await chain.submit(address, (api) => api.tx.smartContractModule!.createNameContract!(name));
    return this.#created(included);
  }

  async createRent(chain: ContractsChain, address: string, nodeId: number): Promise<ContractView> {
    await chain.ensureTwin(address);
    const included = await chain.submit(address, (api) => api.tx.smartContractModule!.createRentContract!(nodeId, null));
    return this.#created(included);
  }

  async cancel(chain: ContractsChain, address: string, id: number): Promise<void> {
    await chain.submit(address, (api) => api.tx.smartContractModule!.cancelContract!(id));
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

