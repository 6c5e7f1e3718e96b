// The official grid_client 2.9.2, unmodified, against `gridbox up --nodes 2` through `gridbox/grid-client`: a fresh
// account gets funds and a twin; a VM with a disk deploys on node 1, shows its private IP and goes away with its
// contracts; a ZDB and a gateway name deploy; a VM bigger than the node fails with grid_client's capacity error and
// leaves no contract; an account KYC marks unverified gets grid_client's refusal.
import '@polkadot/api-augment';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalGridClient, LocalGridEndpoints } from '../../../src-main/grid-client/index';
import { gridboxUp, killLeftovers, type Cli, type UpSummary } from '../grid/cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'gridbox-gridclient-'));
// grid_client keeps its per-twin files under APPDATA (appdata-path); a fresh one per run keeps runs apart.
process.env.APPDATA = join(dir, 'appdata');

const GIB = 1024 ** 3;
const FLIST = 'https://hub.grid.tf/tf-official-apps/base:latest.flist';

let cli: Cli;
let summary: UpSummary & Partial<LocalGridEndpoints>;
let endpoints: LocalGridEndpoints;
let api: ApiPromise;
let user: LocalGridClient;
let node1: number;

beforeAll(async () => {
  // The medium profile has an HDD, which a ZDB needs (Zero-OS keeps zdb namespaces on HDD pools).
  for (let attempt = 1; ; attempt++) {
    ({ cli, summary } = await gridboxUp(join(dir, `grid${attempt}`), 2, ['--profile', 'medium']));
    // On a loaded machine a part can miss the orchestrator's 30 s start window; that is not what this test is about.
    if (attempt >= 2 || !/did not announce/.test(JSON.stringify(summary))) break;
    await cli.exited;
  }
  endpoints = summary as LocalGridEndpoints;
  if (summary.nodes?.length !== 2) throw new Error(`gridbox up printed ${JSON.stringify(summary)}\n${cli.stderr()}`);
  node1 = summary.nodes[0]!.nodeId;
  api = await ApiPromise.create({ provider: new WsProvider(summary.substrate), noInitWarn: true, throwOnConnect: true });
  await cryptoWaitReady();
}, 300_000);

afterAll(async () => {
  await user?.disconnect().catch(() => {});
  await api?.disconnect().catch(() => {});
  cli?.child.kill('SIGTERM');
  await Promise.race([cli?.exited, new Promise((r) => setTimeout(r, 15_000))]);
  killLeftovers();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function connect(mnemonic: string, projectName: string): Promise<LocalGridClient> {
  const { connectLocalGridClient } = await import('../../../src-main/grid-client/index');
  return connectLocalGridClient({ mnemonic, endpoints, projectName, storeSecret: 'local-test' });
}

async function activeContracts(): Promise<number[]> {
  const ids: number[] = [];
  for (const n of summary.nodes) ids.push(...((await api.query.smartContractModule!.activeNodeContracts!(n.nodeId)).toPrimitive() as number[]));
  return ids.sort((a, b) => a - b);
}

const vm = (memoryMb: number) => ({
  name: 'vm1', node_id: 0, flist: FLIST, cpu: 1, memory: memoryMb, rootfs_size: 0,
  disks: [{ name: 'disk1', size: 10, mountpoint: '/data' }],
  public_ip: false, public_ip6: false, planetary: false, mycelium: false, entrypoint: '/sbin/zinit init', env: {},
});

describe('grid_client 2.9.2 on the local grid', () => {
  it('announces the grid services and connects a fresh account, funded with a twin on the local relay', async () => {
    for (const key of ['proxy', 'graphql', 'kyc'] as const) expect(summary[key]).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    user = await connect(mnemonicGenerate(12), 'vm/test');
    expect(user.createdTwin).toBe(true);
    expect(user.twinId).toBeGreaterThan(0);
    const twin = (await api.query.tfgridModule!.twins!(user.twinId)).toHuman() as { relay: string };
    expect(twin.relay).toBe('relay.local');
  }, 120_000);

  it('deploys a VM with a disk on node 1, shows its private IP, and deletes it with its contracts', async () => {
    const grid = user.grid;
    const before = await activeContracts();
    const started = Date.now();
    const result = await grid.machines.deploy({
      name: 'vm1', network: { name: 'net1', ip_range: '10.20.0.0/16', addAccess: false },
      machines: [{ ...vm(1024), node_id: node1 }], metadata: '', description: '',
    } as Parameters<typeof grid.machines.deploy>[0]);
    console.log(`[bench] grid_client VM deploy: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(result.contracts.created.length).toBeGreaterThan(0);
    // The network and the VM each have a node contract on node 1.
    const created = (await activeContracts()).filter((id) => !before.includes(id));
    expect(created).toHaveLength(2);

    const [machine] = await grid.machines.getObj('vm1') as unknown as { name: string; nodeId: number | string; interfaces: { network: string; ip: string }[]; mounts: { name: string; size: number }[]; status: string }[];
    expect(machine).toMatchObject({ name: 'vm1', status: 'ok' });
    expect(Number(machine!.nodeId)).toBe(node1);
    expect(machine!.interfaces[0]).toMatchObject({ network: 'net1', ip: expect.stringMatching(/^10\.20\.\d+\.\d+$/) });
    expect(machine!.mounts[0]).toMatchObject({ name: 'disk1', size: 10 * GIB });

    await grid.machines.delete({ name: 'vm1' });
    for (const id of created) expect((await api.query.smartContractModule!.contracts!(id)).toPrimitive()).toBeNull();
    expect(await grid.machines.list()).not.toContain('vm1');
  }, 120_000);

  it('deploys a ZDB (namespace, IPs, port) and a gateway name on the gateway node', async () => {
    const grid = user.grid;
    await grid.zdbs.deploy({
      name: 'store1', zdbs: [{ name: 'db1', node_id: node1, mode: 'user', disk_size: 1, publicNamespace: false, password: 'secret123' }],
      metadata: '', description: '',
    } as Parameters<typeof grid.zdbs.deploy>[0]);
    const [zdb] = await grid.zdbs.getObj('store1') as unknown as { status: string; resData: { Namespace: string; IPs: string[]; Port: number } }[];
    expect(zdb).toMatchObject({ status: 'ok', resData: { Namespace: expect.stringContaining('db1'), IPs: [expect.any(String)], Port: expect.any(Number) } });

    await grid.gateway.deploy_name({ name: 'web1', node_id: node1, tls_passthrough: false, backends: ['http://10.20.2.2:8080'] } as Parameters<typeof grid.gateway.deploy_name>[0]);
    const [gw] = await grid.gateway.getObj('web1') as unknown as { status: string; domain: string }[];
    expect(gw).toEqual(expect.objectContaining({ status: 'ok', domain: 'web1.gw1.gridbox.local' }));
    const nameContract = (await api.query.smartContractModule!.contractIDByNameRegistration!('web1')).toPrimitive();
    expect(Number(nameContract)).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a VM larger than the node with grid_client\'s capacity error and leaves no contract', async () => {
    const grid = user.grid;
    const before = await activeContracts();
    await expect(grid.machines.deploy({
      name: 'huge', network: { name: 'net2', ip_range: '10.30.0.0/16', addAccess: false },
      machines: [{ ...vm(64 * 1024), name: 'huge', node_id: node1 }], metadata: '', description: '',
    } as Parameters<typeof grid.machines.deploy>[0])).rejects.toThrow(/doesn't have enough resources/);
    expect(await activeContracts()).toEqual(before);
  }, 120_000);

  it('gives an account KYC marks unverified grid_client\'s refusal', async () => {
    const mnemonic = mnemonicGenerate(12);
    const address = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(mnemonic).address;
    const other = await connect(mnemonic, 'vm/kyc');
    try {
      const toggled = await fetch(`${endpoints.kyc}/api/v1/local/verification`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address, verified: false }),
      });
      expect(toggled.status).toBe(200);
      const before = await activeContracts();
      await expect(other.grid.machines.deploy({
        name: 'vm1', network: { name: 'net1', ip_range: '10.20.0.0/16', addAccess: false },
        machines: [{ ...vm(1024), node_id: node1 }], metadata: '', description: '',
      } as Parameters<typeof other.grid.machines.deploy>[0])).rejects.toThrow(/Your account is not verified/);
      expect(await activeContracts()).toEqual(before);
    } finally {
      await other.disconnect();
    }
  }, 120_000);
});
