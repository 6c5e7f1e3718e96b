// Time travel (issue 5): gridbox_timeJump moves chain time forward by building every block in between, so billing runs
// each cycle, a twin that runs out of funds enters the grace period, and the grace period ends with the contracts
// deleted. The user drives everything with the unmodified tfchain_client; blocks are watched as a client does, with a
// raw state_subscribeStorage through polkadot-js's provider and events decoded by its registry.
// The grace period is shortened to 24 h (14,400 blocks) so that a short second jump ends it; TFChain's 14 days work
// the same way, only longer (test/bench/time.ts measures jumps).
import { createHash } from 'node:crypto';
import { WsProvider } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Vec } from '@polkadot/types';
import { hexToU8a } from '@polkadot/util';
import type { EventRecord } from '@polkadot/types/interfaces';
import { Client } from '@threefold/tfchain_client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { send, TFT, type TestChain } from '../chain/helpers';
import { rpc, seedFarmAndNode, seedTwin, startContractsChain, tx } from './harness';

const GIB = 1024n ** 3n;
const NO_PROVIDER = undefined as unknown as number;
const GRACE_BLOCKS = 14_400;
const HOUR_SECS = 3600;
const BILLING_FREQUENCY = 10;
const BLOCKS_PER_25H = (25 * HOUR_SECS) / 6;

/** Event data as polkadot-js gives it: one entry per field, structs as objects. */
interface WatchedBlock { number: number; timestamp: number; events: { name: string; data: unknown[] }[] }

let t: TestChain;
let user: KeyringPair;
let nodeKey: KeyringPair;
let client: Client;
let nodeContract: number;
let nameContract: number;
const blocks: WatchedBlock[] = [];
let unwatch: () => void = () => {};
/** For gridbox_timeJump, which answers when the last block is out: polkadot-js gives up on a request after 60 s. */
let patient: WsProvider;

const timeJump = async <T>(seconds: number): Promise<T> => patient.send<T>('gridbox_timeJump', [seconds]);

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const freeOf = async (who: string) => (await t.api.query.system.account(who)).data.free.toBigInt();

/**
 * Every block's number, Timestamp.Now and events, from one storage subscription. A key is only in a notification
 * when its value changed, so events byte-equal to the previous block's are that block's again.
 */
async function watchBlocks(): Promise<() => void> {
  const keys = [t.api.query.system.number.key(), t.api.query.timestamp.now.key(), t.api.query.system.events.key()];
  let events: WatchedBlock['events'] = [];
  const id = await t.provider.subscribe('state_storage', 'state_subscribeStorage', [keys],
    (error: Error | null, change: { block: string; changes: [string, string | null][] }) => {
      if (error) return;
      try { record(change); } catch (e) { process.stderr.write(`watch: ${String((e as Error).stack)}\n`); }
    });
  function record(change: { block: string; changes: [string, string | null][] }): void {
      const value = new Map(change.changes);
      const number = value.get(keys[0]!);
      if (number === undefined || number === null) return; // the initial answer repeats the head; numbers are unique
      const n = t.api.registry.createType('u32', hexToU8a(number)).toNumber();
      if (blocks.length > 0 && n <= blocks.at(-1)!.number) return;
      const raw = value.get(keys[2]!);
      if (raw !== undefined) {
        const decoded = raw === null ? [] : (t.api.registry.createType('Vec<EventRecord>', hexToU8a(raw)) as Vec<EventRecord>);
        events = decoded.map(({ event }) => ({
          name: `${event.section}.${event.method}`,
          data: event.data.toPrimitive() as unknown[],
        }));
      }
      blocks.push({ number: n, timestamp: t.api.registry.createType('u64', hexToU8a(value.get(keys[1]!))).toNumber(), events });
  }
  return () => void t.provider.unsubscribe('state_storage', 'state_unsubscribeStorage', id);
}

const bill = (data: unknown[]) => data[0] as { contractId: number; amountBilled: number | string };

const eventsOf = (from: number, name: string) =>
  blocks.filter((b) => b.number > from).flatMap((b) => b.events.filter((e) => e.name === name).map((e) => ({ block: b.number, data: e.data })));

async function waitForBlock(number: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((blocks.at(-1)?.number ?? 0) < number) {
    if (Date.now() > deadline) throw new Error(`block #${number} not seen (last ${blocks.at(-1)?.number})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  t = await startContractsChain({ billing: { gracePeriodBlocks: BigInt(GRACE_BLOCKS) } });
  user = t.keyring.addFromUri('//time-user');
  nodeKey = t.keyring.addFromUri('//time-node');
  // About 3.5 hours of a 1 vCPU / 2 GiB / 25 GiB VM (0.5625 TFT an hour) plus a name (0.025 TFT an hour).
  await send(t.api.tx.balances.transferKeepAlive(user.address, 2n * TFT), t.alice, { until: 'inBlock' });
  await send(t.api.tx.balances.transferKeepAlive(nodeKey.address, 10n * TFT), t.alice, { until: 'inBlock' });
  await seedTwin(t, 20, user);
  await seedTwin(t, 21, t.bob);
  await seedTwin(t, 22, nodeKey);
  await seedFarmAndNode(t, { farmId: 1, farmTwinId: 21, nodeId: 1, nodeTwinId: 22 });
  client = new Client({ url: t.running.url, mnemonicOrSecret: '//time-user' });
  await client.connect();
  nodeContract = (await (await client.contracts.createNode({
    nodeId: 1, hash: md5('time-vm'), data: '{"type":"vm"}', numberOfPublicIps: 0, solutionProviderId: NO_PROVIDER,
  })).apply()).contractId;
  nameContract = (await (await client.contracts.createName({ name: 'timetraveller' })).apply()).contractId;
  const used = { hru: 0n, sru: 25n * GIB, cru: 1n, mru: 2n * GIB };
  await send(tx(t, 'smartContractModule', 'reportContractResources', [{ contract_id: nodeContract, used }]), nodeKey, { until: 'inBlock' });
  unwatch = await watchBlocks();
  patient = new WsProvider(t.running.url, 1000, {}, 600_000);
  await patient.isReady;
}, 60_000);

afterAll(async () => {
  unwatch();
  await patient?.disconnect();
  await client?.disconnect();
  await t?.close();
  vi.restoreAllMocks();
});

describe('gridbox_timeJump', () => {
  it('refuses bad input with a clear Invalid params error', async () => {
    await expect(rpc(t, 'gridbox_timeJump', -5)).rejects.toThrow(/Invalid params: seconds must be positive/);
    await expect(rpc(t, 'gridbox_timeJump', 31 * 86_400)).rejects.toThrow(/at most 2592000 seconds/);
    await expect(rpc(t, 'gridbox_timeJump', '25h')).rejects.toThrow(/seconds must be a number/);
    await expect(rpc(t, 'gridbox_timeJump')).rejects.toThrow(/seconds must be a number/);
    await expect(rpc(t, 'gridbox_timeMode', 'sometimes')).rejects.toThrow(/unknown block mode/);
    await expect(rpc(t, 'gridbox_timeMode', 'interval', 10)).rejects.toThrow(/block time must be/);
  });

  it('plays 25 hours out block by block: every billing cycle bills, and the broke twin\'s contracts enter grace', async () => {
    const freeBefore = await freeOf(user.address);
    const before = (await t.api.rpc.chain.getHeader()).number.toNumber();
    const status = await rpc<{ best: { number: number; timestamp: number } }>(t, 'gridbox_timeStatus');
    const jump = await timeJump<{ fromBlock: number; toBlock: number; blocks: number; fromTime: number; toTime: number }>(25 * HOUR_SECS);
    expect(jump).toMatchObject({ fromBlock: before, toBlock: before + BLOCKS_PER_25H, blocks: BLOCKS_PER_25H });
    expect(jump.toTime - jump.fromTime).toBe(25 * HOUR_SECS * 1000);
    expect(status.best.timestamp).toBe(jump.fromTime);
    await waitForBlock(jump.toBlock);

    // The subscriber saw every block, one 6 s slot apart.
    const seen = blocks.filter((b) => b.number > before);
    expect(seen.map((b) => b.number)).toEqual(Array.from({ length: BLOCKS_PER_25H }, (_, i) => before + 1 + i));
    expect(seen.every((b, i) => b.timestamp === jump.fromTime + (i + 1) * 6000)).toBe(true);

    // Each contract was billed in every cycle (its bucket's block, every 10 blocks): ContractBilled while the twin
    // could pay, ContractPaymentOverdrawn after; the grace period started at the first overdrawn cycle.
    for (const id of [nodeContract, nameContract]) {
      const billed = eventsOf(before, 'smartContractModule.ContractBilled').filter((e) => bill(e.data).contractId === id);
      const overdrawn = eventsOf(before, 'smartContractModule.ContractPaymentOverdrawn').filter((e) => e.data[0] === id);
      const runs = [...billed, ...overdrawn].map((e) => e.block).sort((a, b) => a - b);
      expect(runs).toHaveLength(BLOCKS_PER_25H / BILLING_FREQUENCY);
      expect(runs.every((block) => block % BILLING_FREQUENCY === id % BILLING_FREQUENCY)).toBe(true);
      expect(billed.length).toBeGreaterThan(60); // at least an hour of one-minute cycles was paid
      expect(overdrawn.length).toBeGreaterThan(0);
      expect(Math.max(...billed.map((e) => e.block))).toBeLessThan(Math.min(...overdrawn.map((e) => e.block)));
      const started = eventsOf(before, 'smartContractModule.ContractGracePeriodStarted').filter((e) => e.data[0] === id);
      expect(started).toHaveLength(1);
      expect(started[0]!.block).toBe(Math.min(...overdrawn.map((e) => e.block)));
      expect((await client.contracts.get({ id }))!.state).toEqual({ gracePeriod: started[0]!.data[3] });
    }
    // Every billed amount left the twin's free balance (reserved, then paid out every 24 cycles).
    const taken = [
      ...eventsOf(before, 'smartContractModule.ContractBilled').map((e) => BigInt(bill(e.data).amountBilled)),
      ...eventsOf(before, 'smartContractModule.ContractPaymentOverdrawn').map((e) => BigInt(e.data[2] as number)),
    ].reduce((a, b) => a + b, 0n);
    expect(taken).toBeGreaterThan(0n);
    expect(freeBefore - (await freeOf(user.address))).toBe(taken);
    expect(eventsOf(before, 'smartContractModule.RewardDistributed').length).toBeGreaterThan(0);
    expect(t.problems).toEqual([]);
  }, 400_000);

  it('deletes the contracts once a further jump takes them past the grace period', async () => {
    const before = (await t.api.rpc.chain.getHeader()).number.toNumber();
    // Grace started about 3.5 h into the first jump; 24 h of it end within the next 4 h.
    const jump = await timeJump<{ toBlock: number }>(4 * HOUR_SECS);
    await waitForBlock(jump.toBlock);
    const elapsed = eventsOf(before, 'smartContractModule.ContractGracePeriodElapsed').map((e) => e.data[0]);
    expect(elapsed.sort()).toEqual([nodeContract, nameContract].sort());
    expect(eventsOf(before, 'smartContractModule.NodeContractCanceled').map((e) => e.data[0])).toEqual([nodeContract]);
    expect(eventsOf(before, 'smartContractModule.NameContractCanceled').map((e) => e.data[0])).toEqual([nameContract]);
    expect(await client.contracts.get({ id: nodeContract })).toBeNull();
    expect(await client.contracts.get({ id: nameContract })).toBeNull();
    expect(t.problems).toEqual([]);
  }, 200_000);
});
