// The farmer's onboarding from the app backend on real grids: a new account is funded, accepts the terms, gets a
// twin and a farm (bad input refused before anything is sent), boots a simulated node with its own hardware into
// that farm, reads the node's minting report and its boot image link; then the same steps against a second grid
// (started with the CLI) posing as the `dev` network, as a farmer going live would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { generatePublicKey } from '@threefold/rmb_direct_client';
import { QueryClient } from '@threefold/tfchain_client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo, BootImage, ContractView, FarmerStatus, FarmNodeView, FarmView, FundResult, GridView, NetworkProfile, NodeReport } from '../../../src-main/api/contract';
import { createBackend, type Backend } from '../../../src-main/backend';
import { encodeStellarAccountId } from '../../../src-main/api/rules/strkey';
import { gridboxUp, killLeftovers, type Cli } from '../grid/cli-harness';

const GIB = 1024 ** 3;
const PAYOUT = encodeStellarAccountId(Uint8Array.from({ length: 32 }, (_, i) => i + 1));

let dataDir: string;
let liveDir: string;
let backend: Backend;
let live: Cli | undefined;

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const envelope = await backend.dispatcher.call(method, params);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.result as T;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridbox-app-farmer-'));
  liveDir = mkdtempSync(join(tmpdir(), 'gridbox-app-farmer-live-'));
  backend = await createBackend({ dataDir, mode: 'web', version: 'test', gridPorts: 'free' });
}, 30_000);
afterAll(async () => {
  await backend?.dispose();
  live?.child.kill('SIGTERM');
  await live?.exited;
  killLeftovers();
  if (!process.env.KEEP) rmSync(dataDir, { recursive: true, force: true });
  else console.info(dataDir);
  rmSync(liveDir, { recursive: true, force: true });
});

describe('farmer onboarding from the app backend', () => {
  let address: string;
  let mnemonic: string;

  it('refuses mainnet writes without confirmation before anything is sent', async () => {
    // Nothing listens at this endpoint: a refusal that tried to connect would say "cannot reach" instead.
    await call('networks.update', { id: 'main', endpoints: { substrate: 'ws://127.0.0.1:9' } });
    mnemonic = mnemonicGenerate(12);
    ({ address } = await call<AccountInfo>('keys.import', { name: 'farmer', password: 'correct horse battery', source: { kind: 'mnemonic', mnemonic } }));
    for (const [method, extra] of [
      ['farmer.acceptTerms', {}],
      ['farmer.createTwin', {}],
      ['farmer.createFarm', { name: 'my_farm' }],
      ['farmer.setPayout', { farmId: 1, stellarAddress: PAYOUT }],
    ] as const) {
      await expect(call(method, { network: 'main', address, ...extra })).rejects.toMatchObject({ code: 'confirmation_failed', message: expect.stringMatching(/real TFT/) });
    }
    await expect(call('farmer.acceptTerms', { network: 'main', address, confirmMainnet: true })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/cannot reach the Mainnet chain/) });
    await call('networks.reset', { id: 'main' });
  });

  it('rehearses on the local grid: funds, terms, twin, farm, a node with this hardware, its report and boot image', { timeout: 300_000 }, async () => {
    await expect(call('farmer.status', { network: 'local', address })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/not running/) });
    // One node of the grid's own, so the node host that will run the farmer's node is there.
    const view = await call<GridView>('grid.start', { nodes: 1 });
    expect(view.state).toBe('running');

    let status = await call<FarmerStatus>('farmer.status', { network: 'local', address });
    expect(status).toMatchObject({ network: 'local', balance: '0', termsAccepted: false, twinId: 0, farms: [], nodes: [] });

    const funded = await call<FundResult>('farmer.fund', { network: 'local', address });
    expect(funded.funded).toBe(true);
    expect(BigInt(funded.balance)).toBeGreaterThan(0n);

    status = await call<FarmerStatus>('farmer.acceptTerms', { network: 'local', address });
    expect(status.termsAccepted).toBe(true);
    status = await call<FarmerStatus>('farmer.createTwin', { network: 'local', address });
    expect(status.twinId).toBeGreaterThan(0);
    expect(status.relay).toBe('127.0.0.1');
    const twinId = status.twinId;
    // The unmodified client sees the twin as grid_client would have made it: the relay host and the RMB key it derives.
    const query = new QueryClient(view.endpoints!.substrate);
    await query.connect();
    try {
      expect(await query.twins.get({ id: twinId })).toMatchObject({ accountId: address, relay: '127.0.0.1', pk: generatePublicKey(mnemonic) });
    } finally {
      await query.disconnect();
    }
    // Done once: asking again changes nothing.
    expect((await call<FarmerStatus>('farmer.createTwin', { network: 'local', address })).twinId).toBe(twinId);

    // Each bad input is refused with what is wrong, and nothing reaches the chain (no fee is paid).
    const before = (await call<FarmerStatus>('farmer.status', { network: 'local', address })).balance;
    await expect(call('farmer.createFarm', { network: 'local', address, name: 'my farm' })).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/letters, digits/) });
    await expect(call('farmer.createFarm', { network: 'local', address, name: 'my_farm', publicIps: [{ ip: '185.206.122.33/24', gateway: '185.206.123.1' }] }))
      .rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/outside the subnet/) });
    await expect(call('farmer.createFarm', { network: 'local', address, name: 'my_farm', stellarAddress: PAYOUT.slice(0, 55) + (PAYOUT.endsWith('A') ? 'B' : 'A') }))
      .rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/checksum/) });
    status = await call<FarmerStatus>('farmer.status', { network: 'local', address });
    expect(status.balance).toBe(before);
    expect(status.farms).toEqual([]);

    const farm = await call<FarmView>('farmer.createFarm', {
      network: 'local', address, name: 'my_farm', stellarAddress: PAYOUT, publicIps: [{ ip: '185.206.122.33/24', gateway: '185.206.122.1' }],
    });
    expect(farm).toMatchObject({ name: 'my_farm', twinId, stellarAddress: PAYOUT, publicIps: [{ ip: '185.206.122.33/24', gateway: '185.206.122.1', contractId: 0 }] });
    await expect(call('farmer.createFarm', { network: 'local', address, name: 'my_farm' })).rejects.toMatchObject({ code: 'already_exists' });

    // The grid's own farm is not this account's.
    const gridFarm = (await call<GridView>('grid.status')).farmer!.farmId;
    const hardware = { cru: 6, mru: 12 * GIB, disks: [{ type: 'ssd', size: 300 * GIB }, { type: 'hdd', size: 2048 * GIB }], serial: 'my-own-box' };
    await expect(call('farmer.bootNode', { address, farmId: gridFarm, hardware })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(call('farmer.bootNode', { address, farmId: farm.id, hardware: { ...hardware, disks: [{ type: 'hdd', size: 2048 * GIB }] } }))
      .rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/no SSD/) });

    const started = Date.now();
    const node = await call<FarmNodeView>('farmer.bootNode', { address, farmId: farm.id, hardware });
    console.info(`[farmer] bootNode took ${Date.now() - started} ms`);
    expect(node).toMatchObject({ farmId: farm.id, status: 'up', resources: { cru: 6, mru: 12 * GIB, sru: 300 * GIB, hru: 2048 * GIB }, power: { state: 'Up', target: 'Up' } });
    expect((await call<GridView>('grid.status')).nodes.some((n) => n.nodeId === node.nodeId && n.farmId === farm.id)).toBe(true);

    status = await call<FarmerStatus>('farmer.status', { network: 'local', address });
    expect(status.nodes).toEqual([expect.objectContaining({ nodeId: node.nodeId, status: 'up' })]);

    const report = await call<NodeReport>('farmer.node', { network: 'local', nodeId: node.nodeId });
    expect(report).toMatchObject({ online: true, requiredPercent: 95, onTrack: true, farmingPolicy: { id: 1, cu: 2400, su: 1000 } });
    expect(report.period.end - report.period.start).toBe(2_630_880_000);
    expect(report.uptimePercent).toBeGreaterThan(90);
    // 6 threads, 12 GiB, 300 GiB SSD, 2 TiB HDD: CU = min(12, 2.75, 6) = 2.75; SU = 2048/1200 + 300×0.8/200 = 2.907
    expect(report.estimate).toMatchObject({ cu: 2.75, su: 2.907 });
    expect(report.estimate.usdPerMonth).toBeGreaterThan(0);
    expect(report.explanation.join(' ')).toMatch(/up.*minting period.*95 %/s);

    const image = await call<BootImage>('farmer.bootImage', { network: 'local', farmId: farm.id });
    expect(image.images[0]!.url).toBe(`https://v3.bootstrap.grid.tf/uefimg/dev/${farm.id}`);
    await expect(call('farmer.bootImage', { network: 'local', farmId: 9999 })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/farm 9999 does not exist on Local grid/) });

    // A locked account signs nothing.
    await call('keys.lock', { address });
    await expect(call('farmer.setPayout', { network: 'local', address, farmId: farm.id, stellarAddress: PAYOUT })).rejects.toMatchObject({ code: 'locked' });
    await call('keys.unlock', { address, password: 'correct horse battery' });
  });

  it('goes live on a second grid configured as the dev network and gets that farm\'s boot image', { timeout: 300_000 }, async () => {
    const up = await gridboxUp(liveDir, 0);
    live = up.cli;
    const urls = up.summary as unknown as { substrate: string; relay: string; activation: string; graphql: string; proxy: string };
    await call<NetworkProfile>('networks.update', {
      id: 'dev',
      endpoints: { substrate: urls.substrate, relay: urls.relay, activation: `${urls.activation}/activation/activate`, graphql: urls.graphql, proxy: urls.proxy },
    });

    let status = await call<FarmerStatus>('farmer.status', { network: 'dev', address });
    expect(status).toMatchObject({ network: 'dev', balance: '0', twinId: 0 });
    expect((await call<FundResult>('farmer.fund', { network: 'dev', address })).funded).toBe(true);
    status = await call<FarmerStatus>('farmer.acceptTerms', { network: 'dev', address });
    expect(status.termsAccepted).toBe(true);
    status = await call<FarmerStatus>('farmer.createTwin', { network: 'dev', address });
    expect(status.twinId).toBeGreaterThan(0);
    const farm = await call<FarmView>('farmer.createFarm', { network: 'dev', address, name: 'my_live_farm', stellarAddress: PAYOUT });
    expect(farm).toMatchObject({ name: 'my_live_farm', twinId: status.twinId, stellarAddress: PAYOUT });

    const image = await call<BootImage>('farmer.bootImage', { network: 'dev', farmId: farm.id });
    expect(image).toMatchObject({ network: 'dev', farmId: farm.id });
    expect(image.images.map((i) => i.url)).toContain(`https://v3.bootstrap.grid.tf/uefimg/dev/${farm.id}`);
    // The local grid's farm ids are not the live network's.
    await expect(call('farmer.bootImage', { network: 'dev', farmId: farm.id + 50 })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/Devnet/) });
    // Simulated nodes exist only on the local grid.
    await expect(call('farmer.status', { network: 'dev', address })).resolves.toMatchObject({ nodes: [] });

    // Contracts on the live network: created there, listed from its GraphQL and chain, cancelled there.
    const contract = await call<ContractView>('contracts.createName', { network: 'dev', address, name: 'live-name' });
    const listed = async () => (await call<ContractView[]>('contracts.list', { network: 'dev', address })).map((c) => c.id);
    const deadline = Date.now() + 20_000;
    while (!(await listed()).includes(contract.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await listed()).toContain(contract.id);
    await call('contracts.cancel', { network: 'dev', address, id: contract.id });
    expect(await listed()).not.toContain(contract.id);
    // The same grid as mainnet: a contract write needs the explicit confirmation, and nothing is sent without it.
    await call<NetworkProfile>('networks.update', { id: 'main', endpoints: { substrate: urls.substrate, graphql: urls.graphql } });
    await expect(call('contracts.createName', { network: 'main', address, name: 'main-name' })).rejects.toMatchObject({ code: 'confirmation_failed' });
  });

  it('detects this machine\'s hardware and checks it', { timeout: 120_000 }, async () => {
    const started = Date.now();
    const report = await call<{ cpu: { threads: number }; memoryBytes: number; profile: Record<string, unknown> }>('farmer.detectHardware');
    console.info(`[farmer] detectHardware took ${Date.now() - started} ms`);
    expect(report.cpu.threads).toBeGreaterThan(0);
    expect(report.memoryBytes).toBeGreaterThan(0);
    const checks = await call<{ id: string; status: string }[]>('farmer.preflight', { hardware: report.profile });
    expect(checks.map((c) => c.id)).toEqual(['arch', 'ssd', 'memory', 'cpu', 'network', 'wipe', 'firmware', 'virtualization']);
  });
});
