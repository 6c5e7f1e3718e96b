// The Contracts page's backend on a real local grid started by the app: cost per hour as the chain bills it, a test
// VM deployed on a simulated node over RMB (ok, with its IP and console) and cancelled, the billing history from the
// grid's GraphQL after a time jump, and a contract whose owner ran out of funds flagged with the time it has left.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractBillingHistory, ContractView, DeploymentView, GridView, TestVmProgress } from '../../../src-main/api/contract';
import { createBackend, type Backend } from '../../../src-main/backend';
import { killLeftovers } from '../grid/cli-harness';

const TFT = 10_000_000n;
const HOURS = 5;
/** 14 days of 6 s blocks, the chain's grace period. */
const GRACE_SECS = 201_600 * 6;

let dataDir: string;
let backend: Backend;
let grid: GridView;
let api: ApiPromise;
/** gridbox_timeJump answers when the last block is out: longer than polkadot-js's default 60 s request timeout. */
let patient: WsProvider;

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const envelope = await backend.dispatcher.call(method, params);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.result as T;
}

async function newAccount(name: string): Promise<string> {
  const mnemonic = mnemonicGenerate(12);
  return (await call<{ address: string }>('keys.import', { name, password: 'correct horse battery', source: { kind: 'mnemonic', mnemonic } })).address;
}

async function fromAlice(address: string, amount: bigint): Promise<void> {
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  await new Promise<void>((resolve, reject) => {
    void api.tx.balances!.transferKeepAlive!(address, amount)
      .signAndSend(alice, { nonce: -1 }, (r) => {
        if (r.dispatchError) reject(new Error(r.dispatchError.toString()));
        else if (r.status.isInBlock || r.status.isFinalized) resolve();
      })
      .catch(reject);
  });
}

const find = async (address: string, id: number) => (await call<ContractView[]>('contracts.list', { address })).find((c) => c.id === id);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridbox-app-billing-'));
  backend = await createBackend({ dataDir, mode: 'web', version: 'test', gridPorts: 'free' });
  grid = await call<GridView>('grid.start', { nodes: 1 });
  api = await ApiPromise.create({ provider: new WsProvider(grid.endpoints!.substrate), noInitWarn: true });
  patient = new WsProvider(grid.endpoints!.substrate, 1000, {}, 600_000);
  await patient.isReady;
}, 240_000);

afterAll(async () => {
  await patient?.disconnect();
  await api?.disconnect();
  await backend?.dispose();
  killLeftovers();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('contract cost, test deployment, billing history and grace period', () => {
  let tenant: string;
  let named: ContractView;
  let broke: string;
  let brokeName: ContractView;

  it('prices a name contract as the chain bills it: unique_name 2,500 units-USD an hour, 0.025 TFT at 10 mUSD', async () => {
    tenant = await newAccount('tenant');
    await call('chain.ensureTwin', { address: tenant });
    await fromAlice(tenant, 20n * TFT);
    named = await call<ContractView>('contracts.createName', { address: tenant, name: 'billed-name' });
    const listed = await find(tenant, named.id);
    expect(listed?.cost).toMatchObject({ unitsUsdPerHour: '2500', tftPerHour: '250000', tftPriceMusd: 10, basis: 'a unique gateway name' });
    expect(listed?.cost?.usdPerHour).toBeCloseTo(0.00025, 8);
    expect(listed?.grace).toBeUndefined();
  });

  it('deploys a test VM over RMB to ok with its IP and console, prices it from what the node reported, and cancels it', { timeout: 120_000 }, async () => {
    const nodeId = grid.nodes[0]!.nodeId!;
    const steps: TestVmProgress['step'][] = [];
    const off = backend.bus.on('contracts.progress', (p) => void (p.address === tenant && steps.push(p.step)));
    const t0 = Date.now();
    const vm = await call<DeploymentView>('contracts.deployTestVm', { address: tenant, nodeId });
    const ms = Date.now() - t0;
    off();
    process.stderr.write(`test VM deployed in ${ms} ms\n`);
    expect(steps).toEqual(['twin', 'node', 'contract', 'deploy', 'provision', 'ok']);
    expect(vm.workloads.map((w) => [w.type, w.state])).toEqual([['network', 'ok'], ['zmachine', 'ok']]);
    expect(vm.vmIp).toBe('10.20.2.2');
    expect(vm.consoleUrl).toMatch(/^10\.20\.2\.1:\d+$/);
    expect(await call<DeploymentView>('contracts.deployment', { address: tenant, contractId: vm.contractId })).toEqual(vm);

    // 1 vCPU, 1 GiB, 10 GiB SSD: cu = 0.5, su = 0.05 → 0.5 × 100,000 + 0.05 × 50,000 = 52,500 units-USD an hour.
    await expect.poll(async () => (await find(tenant, vm.contractId))?.cost?.unitsUsdPerHour, { timeout: 20_000 }).toBe('52500');
    const node = await find(tenant, vm.contractId);
    expect(node).toMatchObject({ type: 'node', nodeId, cost: { tftPerHour: '5250000', basis: '1 vCPU, 1 GiB RAM, 10 GiB SSD' } });

    await call('contracts.cancel', { address: tenant, id: vm.contractId });
    expect(await find(tenant, vm.contractId)).toBeUndefined();
    await expect.poll(async () => (await call<GridView>('grid.status')).nodes[0]!.deployments, { timeout: 20_000 }).toBe(0);
    await expect(call('contracts.deployment', { address: tenant, contractId: vm.contractId })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a test VM with what to do: an account without enough TFT, a node that is not there, one that is stopped', { timeout: 120_000 }, async () => {
    broke = await newAccount('broke');
    // ensureTwin funds it through the local activation service: 0.1 TFT, less than an hour of the VM.
    await expect(call('contracts.deployTestVm', { address: broke, nodeId: grid.nodes[0]!.nodeId! })).rejects.toMatchObject({
      code: 'rejected',
      message: expect.stringMatching(/costs 0\.525 TFT an hour: fund the account/),
    });
    await expect(call('contracts.deployTestVm', { address: tenant, nodeId: 99 })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/no node 99/) });
    await expect(call('contracts.deployTestVm', { address: tenant, nodeId: 1, network: 'main' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/Mainnet/) });
    await call('grid.node', { name: grid.nodes[0]!.name, action: 'stop' });
    try {
      await expect(call('contracts.deployTestVm', { address: tenant, nodeId: grid.nodes[0]!.nodeId! })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/is stopped: start it on the Local grid page/),
      });
    } finally {
      await call('grid.node', { name: grid.nodes[0]!.name, action: 'start' });
    }
    brokeName = await call<ContractView>('contracts.createName', { address: broke, name: 'soon-broke' });
  });

  it(`after a ${HOURS} h time jump: the bills are listed newest first, and the unfunded contract is in grace with its time left`, { timeout: 300_000 }, async () => {
    const t0 = Date.now();
    await patient.send('gridbox_timeJump', [HOURS * 3600]);
    process.stderr.write(`time jump of ${HOURS} h took ${Date.now() - t0} ms\n`);

    // Billed every 10 blocks (one minute) for five hours; the GraphQL indexer follows the chain.
    let history: ContractBillingHistory | undefined;
    await expect
      .poll(async () => (history = await call<ContractBillingHistory>('contracts.bills', { contractId: named.id, limit: 20 })).total, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(HOURS * 60 - 5);
    expect(history!.bills).toHaveLength(20);
    const times = history!.bills.map((b) => b.timestamp);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(20);
    for (const b of history!.bills) expect(BigInt(b.amountBilled)).toBeGreaterThan(0n);
    // A bill covers the time since the one before, at 0.025 TFT an hour at most (the balance discount only lowers
    // it); the chain rounds the units-USD first (a minute is 41.67 units, billed as 42, so 4,200 raw, not 4,167).
    for (let i = 0; i + 1 < history!.bills.length; i++) {
      const covered = (times[i]! - times[i + 1]!) / 3_600_000;
      expect(Number(history!.bills[i]!.amountBilled)).toBeLessThanOrEqual(Math.ceil(250_000 * covered * 1.01) + 100);
    }

    // 0.1 TFT pays for about 4 h of the name: then the chain puts it in grace for 14 days.
    const graced = await find(broke, brokeName.id);
    expect(graced?.state).toBe('gracePeriod');
    const head = Number((await api.query.system!.number!()).toString());
    const grace = graced!.grace!;
    expect(grace.since).toBe(graced!.graceSince);
    expect(grace.endsAtBlock).toBe(grace.since + 201_600);
    // Blocks may arrive between the list and these reads: allow two.
    expect(Math.abs(grace.secondsLeft - (grace.endsAtBlock - head) * 6)).toBeLessThanOrEqual(12);
    expect(grace.secondsLeft).toBeLessThan(GRACE_SECS);
    expect(grace.secondsLeft).toBeGreaterThan(GRACE_SECS - HOURS * 3600);
    const now = Number((await api.query.timestamp!.now!()).toString());
    expect(Math.abs(grace.endsAt - (now + grace.secondsLeft * 1000))).toBeLessThanOrEqual(12_000);
    // Billing history works for that contract too (the partial payments show as bills until the money ran out).
    const brokeBills = await call<ContractBillingHistory>('contracts.bills', { contractId: brokeName.id });
    expect(brokeBills.total).toBeGreaterThan(0);
  });
});
