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

const engines: { engine: DeploymentEngine; store: DeploymentStore }[] = [];

afterEach(async () => {
  // Pending provisioning timers would write into the directory being removed.
  for (const { engine, store } of engines.splice(0)) {
    engine.close();
    await store.flushed();
  }
  await rm(dir, { recursive: true, force: true });
});

const user = () => keyring.addFromUri('//Alice');
const other = () => keyring.addFromUri('//Bob');

interface NodeOptions { domain?: string; names?: Map<string, number>; profile?: keyof typeof PRESETS }

async function makeNode(opts: NodeOptions = {}): Promise<{ node: ZosNode; engine: DeploymentEngine; store: DeploymentStore }> {
  const store = new DeploymentStore(dir);
  await store.load();
  const profile = PRESETS[opts.profile ?? 'small'];
  const total = totalCapacity(profile);
  const system = systemCapacity(total);
  const engine = new DeploymentEngine({
    store,
    twins: { accountKey: async (id) => (id === 10 ? user().publicKey : id === 11 ? other().publicKey : null) },
    nodeId: () => NODE_ID,
    available: () => ({ ...total, mru: total.mru - system.mru, sru: total.sru - system.sru }),
    contract: async (id) => contracts.get(id) ?? null,
    provisionContext: () => ({ nodeId: NODE_ID, nodeIp: '10.0.1.2', ...(opts.domain ? { domain: opts.domain } : {}) }),
    nameOwner: async (name) => opts.names?.get(name) ?? null,
    onChange: (ids) => changes.push(ids),
    provisionDelayMs: 10,
  });
  engines.push({ engine, store });
  const node: ZosNode = {
    engine, profile, noSsd: false, nodeIp: '10.0.1.2', publicConfig: () => null,
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

/** A one-workload deployment of `type` with `data`, signed by twin 10 and backed by contract `id`. */
function single(id: number, type: string, name: string, data: unknown) {
  const d = vmDeployment({ twinId: 10, contractId: id });
  d.workloads = [{ version: 0, name, type, metadata: '', description: '', data }];
  signDeployment(d, 10, user());
  contractFor(d, id);
  return d;
}

type Got = { workloads: { result: { state: string; message: string; data: unknown } }[] };

async function resultOf(h: ReturnType<typeof zosHandlers>, id: number): Promise<Got['workloads'][number]['result']> {
  for (let i = 0; i < 100; i++) {
    const got = await h['zos.deployment.get']!({ contract_id: id }, { source: { twin: 10 } }) as Got;
    if (got.workloads[0]!.result.state !== 'init') return got.workloads[0]!.result;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('still init');
}

describe('networks across deployments', () => {
  it('a VM finds the twin\'s network in another deployment, as grid_client deploys them apart', async () => {
    const { node } = await makeNode();
    const h = zosHandlers(node);
    const template = vmDeployment({ twinId: 10 });
    const net = single(50, 'network', 'net1', template.workloads[0]!.data);
    await h['zos.deployment.deploy']!(net, { source: { twin: 10 } });
    expect((await resultOf(h, 50)).state).toBe('ok');
    const vmOnly = vmDeployment({ twinId: 10, contractId: 51 });
    vmOnly.workloads = vmOnly.workloads.slice(1);
    signDeployment(vmOnly, 10, user());
    contractFor(vmOnly, 51);
    await h['zos.deployment.deploy']!(vmOnly, { source: { twin: 10 } });
    await until(() => changes.some((ids) => ids.includes(51)));
    const got = await h['zos.deployment.get']!({ contract_id: 51 }, { source: { twin: 10 } }) as { workloads: { name: string; result: { state: string; data: { ip?: string } } }[] };
    expect(got.workloads.find((w) => w.name === 'vm1')!.result).toMatchObject({ state: 'ok', data: { ip: '10.20.2.2' } });
  });
});

describe('zdb and gateway workloads', () => {
  const web = { tls_passthrough: false, backends: ['http://10.20.2.2:8080'] };

  it('a zdb reports its namespace, IPs and port (capitalised, as Zero-OS) and needs HDD capacity', async () => {
    const ssdOnly = zosHandlers((await makeNode()).node);
    await expect(ssdOnly['zos.deployment.deploy']!(single(19, 'zdb', 'db0', { size: GIB, mode: 'user', password: 'pw', public: false }), { source: { twin: 10 } }))
      .rejects.toThrow('not enough hru');
    const { node } = await makeNode({ profile: 'medium' });
    const h = zosHandlers(node);
    const d = single(20, 'zdb', 'db1', { size: 10 * GIB, mode: 'user', password: 'pw', public: false });
    await h['zos.deployment.deploy']!(d, { source: { twin: 10 } });
    const result = await resultOf(h, 20);
    expect(result.state).toBe('ok');
    expect(result.data).toEqual({ Namespace: '10-20-db1', IPs: ['10.0.1.2'], Port: 9900 });
    await expect(h['zos.deployment.deploy']!(single(21, 'zdb', 'db2', { size: GIB, mode: 'fast', password: '', public: false }), { source: { twin: 10 } }))
      .rejects.toThrow('invalid zdb mode');
  });

  it('a name proxy answers <name>.<domain> for the twin holding the name contract, an error otherwise', async () => {
    const { node } = await makeNode({ domain: 'gw1.gridbox.local', names: new Map([['mine', 10], ['theirs', 11]]) });
    const h = zosHandlers(node);
    await h['zos.deployment.deploy']!(single(30, 'gateway-name-proxy', 'mine', { name: 'mine', ...web }), { source: { twin: 10 } });
    expect(await resultOf(h, 30)).toMatchObject({ state: 'ok', data: { fqdn: 'mine.gw1.gridbox.local' } });
    await h['zos.deployment.deploy']!(single(31, 'gateway-name-proxy', 'theirs', { name: 'theirs', ...web }), { source: { twin: 10 } });
    expect(await resultOf(h, 31)).toMatchObject({ state: 'error', message: 'name contract "theirs" belongs to twin 11, not 10' });
    await h['zos.deployment.deploy']!(single(32, 'gateway-name-proxy', 'nobody', { name: 'nobody', ...web }), { source: { twin: 10 } });
    expect(await resultOf(h, 32)).toMatchObject({ state: 'error', message: 'no name contract registered for "nobody"' });
    await expect(h['zos.deployment.deploy']!(single(33, 'gateway-name-proxy', 'mine2', { name: 'mine', tls_passthrough: false, backends: [] }), { source: { twin: 10 } }))
      .rejects.toThrow('backends list can not be empty');
    await expect(h['zos.deployment.deploy']!(single(34, 'gateway-name-proxy', 'mine3', { name: 'mine', tls_passthrough: false, backends: ['ftp://x'] }), { source: { twin: 10 } }))
      .rejects.toThrow('invalid scheme');
  });

  it('gateways need a node with a domain; an fqdn proxy gives {} and refuses names under the gateway domain', async () => {
    const plain = zosHandlers((await makeNode({ names: new Map([['mine', 10]]) })).node);
    await plain['zos.deployment.deploy']!(single(40, 'gateway-name-proxy', 'mine', { name: 'mine', ...web }), { source: { twin: 10 } });
    expect(await resultOf(plain, 40)).toMatchObject({ state: 'error', message: expect.stringContaining('does not have a public config with a domain') });
    const gw = zosHandlers((await makeNode({ domain: 'gw1.gridbox.local' })).node);
    await gw['zos.deployment.deploy']!(single(41, 'gateway-fqdn-proxy', 'site', { fqdn: 'app.example.org', ...web }), { source: { twin: 10 } });
    expect(await resultOf(gw, 41)).toMatchObject({ state: 'ok', data: {} });
    await gw['zos.deployment.deploy']!(single(42, 'gateway-fqdn-proxy', 'sub', { fqdn: 'x.gw1.gridbox.local', ...web }), { source: { twin: 10 } });
    expect(await resultOf(gw, 42)).toMatchObject({ state: 'error' });
    await expect(gw['zos.deployment.deploy']!(single(43, 'gateway-fqdn-proxy', 'dot', { fqdn: 'app.example.org.', ...web }), { source: { twin: 10 } }))
      .rejects.toThrow("fqdn can't end with a dot");
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
