// A grid user as the dashboards make one, through the real clients, unmodified: a tfchain_client account with
// T&C accepted and a twin, and an rmb_direct_client on the local relay; plus the calls the deployment tests make
// with them (RMB to a node, a node contract, the resources the node reported on chain).
import { createRequire } from 'node:module';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import type { Client as RmbClient } from '@threefold/rmb_direct_client';
import { Client } from '@threefold/tfchain_client';
import { TC } from './harness';

/** Loaded with require, as grid_client (CommonJS) loads it. */
const { Client: RmbDirectClient } = createRequire(import.meta.url)('@threefold/rmb_direct_client') as { Client: typeof RmbClient };

/** grid_client passes `undefined` (Option None), which the client's typings do not admit. */
const NO_PROVIDER = undefined as unknown as number;

export interface GridUser { client: Client; rmb: RmbClient; pair: KeyringPair; twinId: number }

export interface GridUrls {
  readonly chain: string;
  readonly relay: string;
  /** Gives a new account enough TFT for a twin and contracts. */
  readonly fund: (address: string) => Promise<void>;
}

export async function makeUser(urls: GridUrls): Promise<GridUser> {
  const mnemonic = mnemonicGenerate(12);
  const client = new Client({ url: urls.chain, mnemonicOrSecret: mnemonic });
  await client.connect();
  await urls.fund(client.address);
  await (await client.termsAndConditions.accept(TC)).apply();
  const twin = await (await client.twins.create({ relay: 'relay.local', pk: '' })).apply();
  // grid-services.md §6.3 gotcha 1: the client writes its relay URL's host on chain, so it is given a chain-valid
  // host (relay.local, which the local relay serves) and this one instance dials the local relay's real address.
  const rmb = new RmbDirectClient(urls.chain, 'wss://relay.local', mnemonic, `test${twin.id}`, 'sr25519', 2);
  rmb.updateUrl = () => `${urls.relay}/?${rmb.newJWT(rmb.session)}`;
  await rmb.connect();
  return { client, rmb, pair: new Keyring({ type: 'sr25519' }).addFromUri(mnemonic), twinId: twin.id };
}

export async function closeUser(user: GridUser | undefined): Promise<void> {
  await user?.rmb.disconnect();
  await user?.client.disconnect();
}

/** One RMB request to the node's twin and its answer (an error reply rejects). */
export async function rmbCall<T>(user: GridUser, nodeTwinId: number, command: string, payload?: unknown): Promise<T> {
  const id = await user.rmb.send(command, payload === undefined ? '' : JSON.stringify(payload), nodeTwinId, 1);
  return await user.rmb.read(id) as T;
}

/** The CRU the node reported for a contract (`NodeContractResources`, what billing and the grid proxy read). */
export async function usedCruOnChain(user: GridUser, contractId: number): Promise<number> {
  const query = user.client.api.query as unknown as Record<string, Record<string, (id: number) => Promise<{ toPrimitive(): unknown }>>>;
  const value = await query.smartContractModule!.nodeContractResources!(contractId);
  return Number((value.toPrimitive() as { used: { cru: number } }).used.cru);
}

export async function createNodeContract(user: GridUser, nodeId: number, hash: string): Promise<number> {
  const c = await (await user.client.contracts.createNode({
    nodeId, hash, data: '{"type":"vm","name":"vm1"}', numberOfPublicIps: 0, solutionProviderId: NO_PROVIDER,
  })).apply();
  return c.contractId;
}

/** The states of a deployment's workloads once all are ok, or as they were after about 5 s. */
export async function workloadStates(user: GridUser, nodeTwinId: number, contractId: number): Promise<string[]> {
  let states: string[] = [];
  for (let i = 0; i < 50; i++) {
    const got = await rmbCall<{ workloads: { result: { state: string } }[] }>(user, nodeTwinId, 'zos.deployment.get', { contract_id: contractId });
    states = got.workloads.map((w) => w.result.state);
    if (states.every((s) => s === 'ok')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return states;
}
