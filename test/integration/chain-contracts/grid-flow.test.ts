// The whole grid_client path against the TfgridModule implementation (not seeded storage): T&C and twins, a farm with
// a public IP, a node registered by its own key, then contracts on it with tfchain_client, resource reports by the
// node, billing with the genesis pricing policy, and cancellation releasing the farm IP.
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { Client } from '@threefold/tfchain_client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tfgridImpl } from '../../../simulator/chain/runtime/pallets/tfgrid.impl';
import type { TestChain } from '../chain/helpers';
import { query, rpc, startContractsChain } from './harness';

const TC = { documentLink: 'https://library.threefold.me/info/legal/#/', documentHash: '9021d4dee05a661e2cb6838152c67f25' };
const GIB = 1024 ** 3;
/** grid_client passes `undefined` (Option None), which the client's typings do not admit. */
const NO_PROVIDER = undefined as unknown as number;

let t: TestChain;
let farmer: Client;
let user: Client;
let nodeClient: Client;
let farmId: number;
let nodeId: number;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  t = await startContractsChain({ extraImpls: [tfgridImpl] });
  farmer = new Client({ url: t.running.url, mnemonicOrSecret: '//Alice' });
  user = new Client({ url: t.running.url, mnemonicOrSecret: '//Bob' });
  nodeClient = new Client({ url: t.running.url, mnemonicOrSecret: mnemonicGenerate(12), keypairType: 'ed25519' });
  for (const c of [farmer, user, nodeClient]) await c.connect();

  await (await farmer.termsAndConditions.accept(TC)).apply();
  await (await farmer.twins.create({ relay: 'relay.dev.grid.tf', pk: '0x1234' })).apply();
  await (await user.termsAndConditions.accept(TC)).apply();
  await (await user.twins.create({ relay: 'relay.dev.grid.tf', pk: '0x5678' })).apply();
  farmId = (await (await farmer.farms.create({
    name: 'contracts_farm', publicIps: [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }],
  })).apply()).id;
  await (await farmer.balances.transfer({ address: nodeClient.address, amount: 10 * 10_000_000 })).apply();
  await (await nodeClient.termsAndConditions.accept(TC)).apply();
  await nodeClient.applyExtrinsic(nodeClient.api.tx.tfgridModule.createTwin(null, null));
  const node = await nodeClient.applyExtrinsic(nodeClient.api.tx.tfgridModule.createNode(
    farmId, { hru: 4000 * GIB, sru: 512 * GIB, cru: 8, mru: 32 * GIB },
    { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' },
    [{ name: 'zos', mac: '52:54:00:12:34:56', ips: ['185.206.122.50'] }], false, false, 'gridbox-sim-0001',
  )) as { id: number };
  nodeId = node.id;
});

afterAll(async () => {
  await farmer?.disconnect();
  await t?.close();
  vi.restoreAllMocks();
});

describe('contracts on a node registered through TfgridModule', () => {
  it('deploys with the farm IP, is billed by the node report, and releases the IP on cancel', async () => {
    const c = await (await user.contracts.createNode({
      nodeId, hash: 'a'.repeat(32), data: '{"type":"vm"}', numberOfPublicIps: 1, solutionProviderId: NO_PROVIDER,
    })).apply();
    expect(c.contractType.nodeContract.publicIpsList).toEqual([{ ip: '185.206.122.33/24', gateway: '185.206.122.1', contractId: c.contractId }]);
    expect((await farmer.farms.get({ id: farmId })).publicIps[0]!.contractId).toBe(c.contractId);

    await nodeClient.applyExtrinsic(nodeClient.api.tx.smartContractModule.reportContractResources([
      { contractId: c.contractId, used: { hru: 0, sru: 25 * GIB, cru: 1, mru: 2 * GIB } },
    ]));
    const reservedBefore = BigInt((await user.balances.get({ address: user.address })).reserved);
    await rpc(t, 'dev_newBlock', { count: 10 });
    const reservedAfter = BigInt((await user.balances.get({ address: user.address })).reserved);
    expect(reservedAfter).toBeGreaterThan(reservedBefore);

    // The farm's IP is taken: a second deployment asking for one is refused.
    await expect((await user.contracts.createNode({
      nodeId, hash: 'b'.repeat(32), data: 'x', numberOfPublicIps: 1, solutionProviderId: NO_PROVIDER,
    })).apply()).rejects.toMatchObject({ keyError: 'FarmHasNotEnoughPublicIPsFree' });

    expect(await (await user.contracts.cancel({ id: c.contractId }))!.apply()).toBe(c.contractId);
    expect((await farmer.farms.get({ id: farmId })).publicIps[0]!.contractId).toBe(0);
    expect(BigInt((await user.balances.get({ address: user.address })).reserved)).toBe(0n);
  });

  it('rents the node; then only the renter deploys on it', async () => {
    const rent = await (await user.contracts.createRent({ nodeId, solutionProviderId: NO_PROVIDER })).apply();
    expect(rent.contractType.rentContract).toEqual({ nodeId });
    expect(await user.contracts.getContractIdByActiveRentForNode({ nodeId })).toBe(rent.contractId);
    await expect((await farmer.contracts.createNode({
      nodeId, hash: 'c'.repeat(32), data: 'x', numberOfPublicIps: 0, solutionProviderId: NO_PROVIDER,
    })).apply()).rejects.toMatchObject({ keyError: 'NodeNotAvailableToDeploy' });
    const mine = await (await user.contracts.createNode({
      nodeId, hash: 'c'.repeat(32), data: 'x', numberOfPublicIps: 0, solutionProviderId: NO_PROVIDER,
    })).apply();
    await expect((await user.contracts.cancel({ id: rent.contractId }))!.apply()).rejects.toMatchObject({ keyError: 'NodeHasActiveContracts' });
    await (await user.contracts.cancel({ id: mine.contractId }))!.apply();
    expect(await (await user.contracts.cancel({ id: rent.contractId }))!.apply()).toBe(rent.contractId);
    expect((await query(t, 'smartContractModule', 'activeRentContractForNode', nodeId)).toPrimitive()).toBeNull();
    expect(t.problems).toEqual([]);
  });
});
