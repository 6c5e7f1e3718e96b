// The provisioning engine and the zos.* handlers, called directly as the relay peer would call them, with real keys
// and an in-memory chain view (contracts and twins) standing in for the chain queries.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemCapacity, totalCapacity } from '../../../simulator/node/capacity';
import { challengeHash } from '../../../simulator/node/deployments/challenge';
import { DeploymentEngine } from '../../../simulator/node/deployments/engine';
import { DeploymentStore } from '../../../simulator/node/deployments/store';
import type { ChainContract } from '../../../simulator/node/deployments/validate';
import { PRESETS } from '../../../simulator/node/profiles';
import { zosHandlers, type ZosNode } from '../../../simulator/node/zos';
import { signDeployment, vmDeployment } from './deployment-fixture';

const GIB = 1024 ** 3;
const NODE_ID = 5;
let keyring: Keyring;
let dir: string;
const contracts = new Map<number, ChainContract>();
const changes: number[][] = [];

beforeAll(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridbox-engine-'));
  contracts.clear();
  changes.length = 0;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const user = () => keyring.addFromUri('//Alice');
const other = () => keyring.addFromUri('//Bob');

async function makeNode(): Promise<{ node: ZosNode; engine: DeploymentEngine; store: DeploymentStore }> {
  const store = new DeploymentStore(dir);
  await store.load();
  const total = totalCapacity(PRESETS.small);
  const system = systemCapacity(total);
  const engine = new DeploymentEngine({
    store,
    twins: { accountKey: async (id) => (id === 10 ? user().publicKey : id === 11 ? other().publicKey : null) },
    nodeId: () => NODE_ID,
    available: () => ({ ...total, mru: total.mru - system.mru, sru: total.sru - system.sru }),
    contract: async (id) => contracts.get(id) ?? null,
    provisionContext: () => ({ nodeId: NODE_ID, nodeIp: '10.0.1.2' }),
    onChange: (ids) => changes.push(ids),
    provisionDelayMs: 10,
  });
  const node: ZosNode = {
    engine, profile: PRESETS.small, noSsd: false, nodeIp: '10.0.1.2', publicConfig: () => null,
    capacity: () => {
      const u = engine.used();
      return { total, system, used: { ...u, mru: u.mru + system.mru, sru: u.sru + system.sru } };
    },
    openConnections: () => 1,
  };
  return { node, engine, store };
}

function contractFor(d: ReturnType<typeof vmDeployment>, id: number, over: Partial<{ nodeId: number; twinId: number; hash: string }> = {}): void {
  contracts.set(id, {
    contractId: id, twinId: over.twinId ?? d.twin_id, state: 'Created',
    contractType: { nodeContract: { nodeId: over.nodeId ?? NODE_ID, deploymentHash: over.hash ?? challengeHash(d), publicIps: 0, publicIpsList: [] } },
  });
}

const until = async (pred: () => boolean) => {
  for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('zos.deployment', () => {
  it('deploys: init, then ok with plausible VM results; statistics show the used capacity', async () => {
    const { node } = await makeNode();
    const h = zosHandlers(node);
    const d = signDeployment(vmDeployment({ twinId: 10, contractId: 1, cpu: 2, memory: 2 * GIB }), 10, user());
    contractFor(d, 1);
    expect(await h['zos.deployment.deploy']!(d, { source: { twin: 10 } })).toBeNull();
    const first = await h['zos.deployment.get']!({ contract_id: 1 }, { source: { twin: 10 } }) as { workloads: { result: { state: string } }[] };
    expect(first.workloads.map((w) => w.result.state)).toEqual(['init', 'init', 'init']);
    await until(() => changes.length > 0);
    const got = await h['zos.deployment.get']!({ contract_id: 1 }, { source: { twin: 10 } }) as { workloads: { name: string; data: unknown; result: { state: string; data: Record<string, unknown> } }[] };
    expect(got.workloads.map((w) => w.result.state)).toEqual(['ok', 'ok', 'ok']);
    const vm = got.workloads.find((w) => w.name === 'vm1')!;
    expect(vm.result.data).toMatchObject({ id: '10-1-vm1', ip: '10.20.2.2', console_url: expect.stringMatching(/^10\.20\.2\.1:\d+$/) });
    // data is echoed verbatim, grid_client's __type key included
    expect(got.workloads[0]!.data).toMatchObject({ __type: 'network' });
    const stats = await h['zos.statistics.get']!(null, { source: { twin: 10 } }) as { used: { cru: number; mru: number; sru: number }; system: { mru: number; sru: number }; users: { deployments: number; workloads: number } };
    expect(stats.used.cru).toBe(2);
    expect(stats.used.mru).toBe(2 * GIB + stats.system.mru);
    expect(stats.used.sru).toBe(25 * GIB + stats.system.sru);
    expect(stats.users).toMatchObject({ deployments: 1, workloads: 3 });
    const history = await h['zos.deployment.changes']!({ contract_id: 1 }, { source: { twin: 10 } }) as { name: string; result: { state: string } }[];
    expect(history.filter((w) => w.name === 'vm1').map((w) => w.result.state)).toEqual(['init', 'ok']);
    expect(await h['zos.deployment.list']!(null, { source: { twin: 11 } })).toEqual([]);
    await expect(h['zos.deployment.get']!({ contract_id: 1 }, { source: { twin: 11 } })).rejects.toThrow('deployment not found');
  });

  it('refuses a hash that does not match the contract, another twin, a foreign node and a bad signature', async () => {
    const { node } = await makeNode();
    const deploy = zosHandlers(node)['zos.deployment.deploy']!;
    const d = signDeployment(vmDeployment({ twinId: 10, contractId: 2 }), 10, user());
    contractFor(d, 2, { hash: 'f'.repeat(32) });
    await expect(deploy(d, { source: { twin: 10 } })).rejects.toThrow('contract hash does not match deployment hash');
    contractFor(d, 2, { nodeId: 99 });
    await expect(deploy(d, { source: { twin: 10 } })).rejects.toThrow('invalid node address in contract');
    contractFor(d, 2);
    await expect(deploy(d, { source: { twin: 11 } })).rejects.toThrow('twin id mismatch');
    // Twin 11 sends a deployment in its own name, signed with twin 10's key
    const forged = signDeployment(vmDeployment({ twinId: 11, contractId: 3 }), 11, user());
    contractFor(forged, 3);
    await expect(deploy(forged, { source: { twin: 11 } })).rejects.toThrow(/failed to verify deployment signature/);
    const unsigned = vmDeployment({ twinId: 10, contractId: 4 });
    contractFor(unsigned, 4);
    await expect(deploy(unsigned, { source: { twin: 10 } })).rejects.toThrow(/missing required signature/);
    await expect(deploy({ version: 0 }, { source: { twin: 10 } })).rejects.toThrow(/invalid deployment: twin_id/);
    expect(node.engine.active()).toHaveLength(0);
  });

  it('refuses what does not fit and frees capacity when the contract is cancelled', async () => {
    const { node, engine } = await makeNode();
    const deploy = zosHandlers(node)['zos.deployment.deploy']!;
    const big = signDeployment(vmDeployment({ twinId: 10, contractId: 5, memory: 7 * GIB }), 10, user());
    contractFor(big, 5);
    await expect(deploy(big, { source: { twin: 10 } })).rejects.toThrow(/insufficient capacity: not enough mru/);
    const d = signDeployment(vmDeployment({ twinId: 10, contractId: 6 }), 10, user());
    contractFor(d, 6);
    await deploy(d, { source: { twin: 10 } });
    await until(() => changes.length > 0);
    expect(engine.contractResources(6)).toEqual({ cru: 1, mru: 2 * GIB, sru: 25 * GIB, hru: 0 });
    expect(engine.cancel(6)).toBe(true);
    expect(engine.used()).toEqual({ cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 });
    const got = engine.get(6, 10);
    expect(got.workloads.every((w) => w.result.state === 'deleted' && w.result.message === 'contract canceled')).toBe(true);
    expect(engine.active()).toHaveLength(0);
  });

  it('updates with version + 1, re-applying only the workloads of the new version', async () => {
    const { node, engine } = await makeNode();
    const h = zosHandlers(node);
    const d = signDeployment(vmDeployment({ twinId: 10, contractId: 7 }), 10, user());
    contractFor(d, 7);
    await h['zos.deployment.deploy']!(d, { source: { twin: 10 } });
    await until(() => changes.length > 0);
    const next = vmDeployment({ twinId: 10, contractId: 7, memory: 4 * GIB });
    next.version = 1;
    next.workloads[2]!.version = 1;
    signDeployment(next, 10, user());
    contractFor(next, 7);
    await expect(h['zos.deployment.update']!({ ...next, version: 2 }, { source: { twin: 10 } })).rejects.toThrow();
    await h['zos.deployment.update']!(next, { source: { twin: 10 } });
    expect(engine.get(7, 10).workloads.map((w) => w.result.state)).toEqual(['ok', 'ok', 'init']);
    await until(() => changes.length > 1);
    expect(engine.contractResources(7).mru).toBe(4 * GIB);
  });

  it('keeps deployments on disk for a restarted node', async () => {
    const first = await makeNode();
    const d = signDeployment(vmDeployment({ twinId: 10, contractId: 8 }), 10, user());
    contractFor(d, 8);
    await first.engine.deploy(d, 10);
    await until(() => changes.length > 0);
    first.engine.close();
    await first.store.flushed();
    const again = await makeNode();
    expect(again.engine.get(8, 10).workloads.every((w) => w.result.state === 'ok')).toBe(true);
  });

  it('refuses deletion over the API as Zero-OS does', async () => {
    const { node } = await makeNode();
    await expect(zosHandlers(node)['zos.deployment.delete']!({ contract_id: 1 }, { source: { twin: 10 } }))
      .rejects.toThrow('deletion over the api is disabled, please cancel your contract instead');
  });
});

describe('zos.* informational commands', () => {
  it('answer with the shapes grid_client expects', async () => {
    const { node } = await makeNode();
    const h = zosHandlers(node);
    const ctx = { source: { twin: 10 } };
    expect(await h['zos.network.list_wg_ports']!(null, ctx)).toEqual([]);
    expect(await h['zos.system.version']!(null, ctx)).toMatchObject({ zos: expect.any(String), zinit: expect.any(String) });
    expect(await h['zos.system.node_features_get']!(null, ctx)).toEqual(expect.arrayContaining(['zmachine', 'network', 'wireguard']));
    expect(await h['zos.system.hypervisor']!(null, ctx)).toBe('kvm');
    expect(await h['zos.storage.pools']!(null, ctx)).toEqual([{ name: 'ssd0', type: 'ssd', size: 256 * GIB, used: 20 * GIB }]);
    expect(await h['zos.gpu.list']!(null, ctx)).toEqual([]);
    expect(await h['zos.network.interfaces']!(null, ctx)).toEqual({ zos: ['10.0.1.2'], ygg: [] });
    expect(await h['zos.network.list_public_ips']!(null, ctx)).toEqual([]);
    await expect(h['zos.network.public_config_get']!(null, ctx)).rejects.toThrow('no public config');
    await expect(h['zos.network.list_private_ips']!({}, ctx)).rejects.toThrow(/network_name/);
    const stats = await h['zos.statistics.get']!(null, ctx) as Record<string, unknown>;
    expect(Object.keys(stats).sort()).toEqual(['open_connections', 'system', 'total', 'used', 'users']);
  });
});
