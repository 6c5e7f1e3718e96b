// Node contracts end to end: creation with a public IP from the farm (tfchain_client), hash uniqueness, updates,
// resource reports signed by the node twin, billing every BillingFrequency blocks by the cost formula, cancel with the
// IP released, and a contract that runs out of funds: grace period, then deletion when it has elapsed. TfgridModule
// state (twins, farm, node) is seeded with dev_setStorage so this does not depend on that pallet's implementation.
import { createHash } from 'node:crypto';
import type { KeyringPair } from '@polkadot/keyring/types';
import { Client } from '@threefold/tfchain_client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contractCostTft } from '../../../simulator/chain/runtime/pallets/smart-contract-billing';
import { freeBalance, send, TFT, type TestChain } from '../chain/helpers';
import { query, rpc, seedFarmAndNode, seedTwin, startContractsChain, tx } from './harness';

const GIB = 1024n ** 3n;
/** grid_client passes `undefined` (Option None), which its typings do not admit. */
const NO_PROVIDER = undefined as unknown as number;
const GRACE_BLOCKS = 30;
const ED = 500n;

let t: TestChain;
let user: KeyringPair;
let poor: KeyringPair;
let nodeKey: KeyringPair;
let userClient: Client;
let poorClient: Client;

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const used = { hru: 0n, sru: 25n * GIB, cru: 1n, mru: 2n * GIB };

async function account(address: string) {
  const a = (await t.api.query.system.account(address)).data;
  return { free: a.free.toBigInt(), reserved: a.reserved.toBigInt() };
}

/** Events (section.method and data) of the blocks from `from` to the head. */
async function eventsSince(from: number): Promise<{ name: string; data: unknown[] }[]> {
  const head = (await t.api.rpc.chain.getHeader()).number.toNumber();
  const out: { name: string; data: unknown[] }[] = [];
  for (let n = from; n <= head; n++) {
    const at = await t.api.at(await t.api.rpc.chain.getBlockHash(n));
    for (const { event } of await at.query.system.events()) {
      out.push({ name: `${event.section}.${event.method}`, data: event.data.toPrimitive() as unknown[] });
    }
  }
  return out;
}

const head = async () => (await t.api.rpc.chain.getHeader()).number.toNumber();

beforeAll(async () => {
  // tfchain_client logs every event and lock; keep the test output readable.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  t = await startContractsChain({ billing: { gracePeriodBlocks: BigInt(GRACE_BLOCKS) } });
  user = t.keyring.addFromUri('//contracts-user');
  poor = t.keyring.addFromUri('//contracts-poor');
  nodeKey = t.keyring.addFromUri('//contracts-node');
  await send(t.api.tx.balances.transferKeepAlive(user.address, 1000n * TFT), t.alice, { until: 'inBlock' });
  await send(t.api.tx.balances.transferKeepAlive(nodeKey.address, 10n * TFT), t.alice, { until: 'inBlock' });
  // Enough for the creation fee and a minute of one IP, not for an hour of it.
  await send(t.api.tx.balances.transferKeepAlive(poor.address, TFT / 10n), t.alice, { until: 'inBlock' });
  await seedTwin(t, 10, user);
  await seedTwin(t, 11, t.bob);
  await seedTwin(t, 12, nodeKey);
  await seedTwin(t, 13, poor);
  await seedFarmAndNode(t, {
    farmId: 1, farmTwinId: 11, nodeId: 1, nodeTwinId: 12,
    publicIps: ['185.206.122.33/24', '185.206.122.34/24', '185.206.122.35/24'],
  });
  userClient = new Client({ url: t.running.url, mnemonicOrSecret: '//contracts-user' });
  poorClient = new Client({ url: t.running.url, mnemonicOrSecret: '//contracts-poor' });
  await userClient.connect();
  await poorClient.connect();
});
afterAll(async () => {
  await userClient?.disconnect();
  await poorClient?.disconnect();
  await t?.close();
  vi.restoreAllMocks();
});

describe('a node contract with a public IP', () => {
  let id: number;
  const hash = md5('deployment-1');

  it('is created with the first free farm IP reserved for it', async () => {
    const c = await (await userClient.contracts.createNode({
      nodeId: 1, hash, data: '{"version":3,"type":"vm","name":"vm1"}', numberOfPublicIps: 1, solutionProviderId: NO_PROVIDER,
    })).apply();
    id = c.contractId;
    expect(c).toMatchObject({ twinId: 10, state: { created: null } });
    expect(c.contractType.nodeContract).toMatchObject({ nodeId: 1, deploymentHash: hash, publicIps: 1 });
    expect(c.contractType.nodeContract.publicIpsList).toEqual([{ ip: '185.206.122.33/24', gateway: '185.206.122.200', contractId: id }]);
    const farm = (await query(t, 'tfgridModule', 'farms', 1)).toPrimitive() as { publicIps: { contractId: number }[] };
    expect(farm.publicIps.map((ip) => ip.contractId)).toEqual([id, 0, 0]);
    expect(await userClient.contracts.getContractIdByNodeIdAndHash({ nodeId: 1, hash })).toBe(id);
    expect(await userClient.contracts.getActiveContracts({ nodeId: 1 })).toEqual([id]);
  });

  it('refuses the same deployment hash on the node (ContractIsNotUnique) and too many IPs', async () => {
    await expect((await userClient.contracts.createNode({
      nodeId: 1, hash, data: 'x', numberOfPublicIps: 0, solutionProviderId: NO_PROVIDER,
    })).apply()).rejects.toMatchObject({ keyError: 'ContractIsNotUnique' });
    await expect((await userClient.contracts.createNode({
      nodeId: 1, hash: md5('too-many'), data: 'x', numberOfPublicIps: 4, solutionProviderId: NO_PROVIDER,
    })).apply()).rejects.toMatchObject({ keyError: 'FarmHasNotEnoughPublicIPs' });
    await expect((await userClient.contracts.createNode({
      nodeId: 77, hash: md5('no-node'), data: 'x', numberOfPublicIps: 0, solutionProviderId: NO_PROVIDER,
    })).apply()).rejects.toMatchObject({ keyError: 'NodeNotExists' });
  });

  it('is updated by its owner with the hash index re-keyed', async () => {
    const next = md5('deployment-1-v2');
    const c = await (await userClient.contracts.updateNode({ id, hash: next, data: 'v2' })).apply();
    expect(c.contractType.nodeContract).toMatchObject({ deploymentHash: next, deploymentData: 'v2' });
    expect(await userClient.contracts.getContractIdByNodeIdAndHash({ nodeId: 1, hash })).toBe(0);
    expect(await userClient.contracts.getContractIdByNodeIdAndHash({ nodeId: 1, hash: next })).toBe(id);
  });

  it('takes resource reports from the node twin only', async () => {
    const report = [{ contract_id: id, used: { hru: used.hru, sru: used.sru, cru: used.cru, mru: used.mru } }];
    const out = await send(tx(t, 'smartContractModule', 'reportContractResources', report), nodeKey, { until: 'inBlock' });
    expect(out.events.map(({ event }) => event.method)).toContain('UpdatedUsedResources');
    expect(await userClient.contracts.getNodeContractResources({ id })).toMatchObject({
      contractId: id, used: { sru: Number(used.sru), cru: 1, mru: Number(used.mru) },
    });
    const refused = await send(tx(t, 'smartContractModule', 'reportContractResources', report), user, { until: 'inBlock' });
    const failed = refused.events.find(({ event }) => event.method === 'ExtrinsicFailed')!;
    const err = t.api.registry.findMetaError((failed.event.data[0] as unknown as { asModule: never }).asModule);
    expect(err.name).toBe('NodeNotExists');
  });

  it('is billed once per BillingFrequency (10) blocks by the cost formula, over several cycles', async () => {
    for (const jumpSecs of [0, 3600, 1800]) {
      if (jumpSecs > 0) {
        const now = (await t.api.query.timestamp.now()).toNumber();
        await rpc(t, 'dev_timeTravel', now + jumpSecs * 1000);
      }
      const before = await account(user.address);
      const psBefore = (await userClient.contracts.getContractPaymentState(id))!;
      const from = (await head()) + 1;
      await rpc(t, 'dev_newBlock', { count: 10 });
      const after = await account(user.address);
      const psAfter = (await userClient.contracts.getContractPaymentState(id))!;
      const secs = BigInt(psAfter.lastUpdatedSeconds - psBefore.lastUpdatedSeconds);
      expect(secs).toBeGreaterThanOrEqual(BigInt(jumpSecs));
      const expected = contractCostTft({
        cost: { kind: 'node', used, publicIps: 1, amountUnbilled: 0, nodeIsRented: false },
        secondsElapsed: secs, balance: before.free - ED, tftPriceMusd: 10, certification: 'Diy',
      });
      if (!expected.ok) throw new Error(expected.error);
      expect(expected.amount).toBeGreaterThan(0n);
      // The bill moves free → reserved, exactly the formula's amount.
      expect(after.reserved - before.reserved).toBe(expected.amount);
      expect(before.free - after.free).toBe(expected.amount);
      const billed = (await eventsSince(from)).filter((e) => e.name === 'smartContractModule.ContractBilled');
      expect(billed).toHaveLength(1);
      expect(billed[0]!.data[0]).toMatchObject({ contractId: id, amountBilled: Number(expected.amount) });
    }
    // An hour of 1 vCPU, 2 GiB, 25 GiB SSD and one IPv4 at 10 mUSD: (56,250 + 40,000) units = 9.625 TFT before
    // discount; the 1000 TFT balance buys the Default level (×0.8) at most.
    expect(t.problems).toEqual([]);
  });

  it('is cancelled with a final bill, its IP released and its reserve distributed', async () => {
    const from = (await head()) + 1;
    expect(await (await userClient.contracts.cancel({ id }))!.apply()).toBe(id);
    const names = (await eventsSince(from)).map((e) => e.name).filter((n) => n.startsWith('smartContractModule'));
    expect(names).toEqual([
      'smartContractModule.ContractBilled', 'smartContractModule.TokensBurned', 'smartContractModule.RewardDistributed',
      'smartContractModule.IPsFreed', 'smartContractModule.NodeContractCanceled',
    ]);
    const farm = (await query(t, 'tfgridModule', 'farms', 1)).toPrimitive() as { publicIps: { contractId: number }[] };
    expect(farm.publicIps.map((ip) => ip.contractId)).toEqual([0, 0, 0]);
    expect(await userClient.contracts.get({ id })).toBeNull();
    expect(await userClient.contracts.getActiveContracts({ nodeId: 1 })).toEqual([]);
    expect((await account(user.address)).reserved).toBe(0n);
    // 15 % of the standard reserve went to the foundation (//Eve) and the staking pool, 35 % … were burned; the farmer's
    // share of a node contract is nothing here (no extra fee).
    expect(await freeBalance(t.api, t.keyring.addFromUri('//Ferdie').address)).toBeGreaterThan(0n);
  });
});

describe('a node contract whose twin runs out of funds', () => {
  it('enters the grace period, and is deleted with its IP freed when the grace period has elapsed', async () => {
    const c = await (await poorClient.contracts.createNode({
      nodeId: 1, hash: md5('poor-1'), data: 'x', numberOfPublicIps: 1, solutionProviderId: NO_PROVIDER,
    })).apply();
    const id = c.contractId;
    // One cycle of a minute is affordable.
    await rpc(t, 'dev_newBlock', { count: 10 });
    expect((await poorClient.contracts.get({ id }))!.state).toEqual({ created: null });
    // An hour of an IPv4 (0.4 TFT) is not.
    const now = (await t.api.query.timestamp.now()).toNumber();
    await rpc(t, 'dev_timeTravel', now + 3_600_000);
    let from = (await head()) + 1;
    await rpc(t, 'dev_newBlock', { count: 10 });
    let events = await eventsSince(from);
    const started = events.find((e) => e.name === 'smartContractModule.ContractGracePeriodStarted');
    expect(started?.data.slice(0, 3)).toEqual([id, 1, 13]);
    expect(events.map((e) => e.name)).toContain('smartContractModule.ContractPaymentOverdrawn');
    const graceStart = (started!.data[3] as number);
    expect((await poorClient.contracts.get({ id }))!.state).toEqual({ gracePeriod: graceStart });
    expect((await poorClient.contracts.getContractPaymentState(id))!.standardOverdraft).not.toBe(0);
    // Updates are refused in grace (after a top-up for the fee, far below what is owed).
    await send(t.api.tx.balances.transferKeepAlive(poor.address, TFT / 100n), t.alice, { until: 'inBlock' });
    await expect((await poorClient.contracts.updateNode({ id, hash: md5('poor-2'), data: 'y' })).apply())
      .rejects.toMatchObject({ keyError: 'CannotUpdateContractInGraceState' });

    from = (await head()) + 1;
    await rpc(t, 'dev_newBlock', { to: graceStart + GRACE_BLOCKS + 10 });
    events = await eventsSince(from);
    const names = events.map((e) => e.name).filter((n) => n.startsWith('smartContractModule'));
    expect(names).toContain('smartContractModule.ContractGracePeriodElapsed');
    expect(names.slice(-2)).toEqual(['smartContractModule.IPsFreed', 'smartContractModule.NodeContractCanceled']);
    expect(await poorClient.contracts.get({ id })).toBeNull();
    const farm = (await query(t, 'tfgridModule', 'farms', 1)).toPrimitive() as { publicIps: { contractId: number }[] };
    expect(farm.publicIps.map((ip) => ip.contractId)).toEqual([0, 0, 0]);
    expect(t.problems).toEqual([]);
  });

  it('leaves the grace period when topped up and billed again (tfchain_client contracts.unlock)', async () => {
    const c = await (await userClient.contracts.createName({ name: 'unlock-me' })).apply();
    const id = c.contractId;
    // Drain the user so that a week of the name contract cannot be paid.
    const free = (await account(user.address)).free;
    await send(t.api.tx.balances.transferKeepAlive(t.alice.address, free - TFT / 100n), user, { until: 'inBlock' });
    const now = (await t.api.query.timestamp.now()).toNumber();
    await rpc(t, 'dev_timeTravel', now + 7 * 24 * 3_600_000);
    await rpc(t, 'dev_newBlock', { count: 10 });
    expect((await userClient.contracts.get({ id }))!.state).toHaveProperty('gracePeriod');
    await send(t.api.tx.balances.transferKeepAlive(user.address, 100n * TFT), t.alice, { until: 'inBlock' });
    expect(await (await userClient.contracts.unlock(id)).apply()).toBe(id);
    expect((await userClient.contracts.get({ id }))!.state).toEqual({ created: null });
    expect((await userClient.contracts.getContractPaymentState(id))!.standardOverdraft).toBe(0);
    expect(t.problems).toEqual([]);
  });
});
