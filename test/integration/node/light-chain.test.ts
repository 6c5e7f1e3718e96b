// The node's light chain client against @polkadot/api on one live chain: every read a node makes answers the same
// in both (the agents cannot tell which client they have), and its own signed calls land with the same events and
// fail with the same error names. A difference here would show as a node reading its farm, twin or contract wrong.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startChain } from '../../../simulator/chain';
import { removeTempDirs, tempDataDir } from '../chain-persistence/helpers';
import { declaredRuntime, LightChain } from '../../../simulator/node/light-chain';
import { connectNodeChain, type NodeChain } from '../../../simulator/node/node-chain';
import { PolkadotChain } from '../../../simulator/node/polkadot-chain';
import { controlCall, startNodeGrid, waitForNode, type NodeGrid } from './harness';

let g: NodeGrid;
let light: NodeChain;
let full: NodeChain;
let nodeId: number;
let twinId: number;
let address: string;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  await cryptoWaitReady();
  g = await startNodeGrid();
  await controlCall(g, 'POST', '/nodes', { name: 'node1', farmId: g.farmId, profile: 'small' });
  const node = await waitForNode(g, 'node1', (s) => s.state === 'online');
  nodeId = node.nodeId!;
  twinId = node.twinId!;
  address = node.address;
  light = (await LightChain.connect(g.chain.url))!;
  full = await PolkadotChain.connect(g.chain.url);
});

afterAll(async () => {
  removeTempDirs();
  await light?.close();
  await full?.close();
  await g?.close();
  vi.restoreAllMocks();
});

const both = async (section: string, method: string, ...keys: unknown[]) => {
  const [a, b] = await Promise.all([light.query(section, method, ...keys), full.query(section, method, ...keys)]);
  return { light: a, polkadot: b };
};

describe('the light chain client', () => {
  it('is what a node host picks on the simulated chain, and only for the runtime it declares', async () => {
    expect(light.kind).toBe('light');
    const picked = await connectNodeChain(g.chain.url);
    expect(picked.kind).toBe('light');
    await picked.close();
    expect(declaredRuntime({ specName: 'substrate-threefold', specVersion: 152, transactionVersion: 2 })).toBe(true);
    expect(declaredRuntime({ specName: 'substrate-threefold', specVersion: 153, transactionVersion: 2 })).toBe(false);
    expect(declaredRuntime({ specName: 'node-template', specVersion: 152, transactionVersion: 2 })).toBe(false);
  });

  it("reads the node's records as @polkadot/api's toPrimitive() does", async () => {
    const reads: [string, string, ...unknown[]][] = [
      ['tfgridModule', 'nodes', nodeId],
      ['tfgridModule', 'nodeIdByTwinID', twinId],
      ['tfgridModule', 'twins', twinId],
      ['tfgridModule', 'twins', 1],
      ['tfgridModule', 'twinIdByAccountID', address],
      ['tfgridModule', 'usersTermsAndConditions', address],
      ['tfgridModule', 'nodesByFarmID', g.farmId],
      ['tfgridModule', 'farms', g.farmId],
      ['tfgridModule', 'nodePower', nodeId],
      ['system', 'account', address],
      ['timestamp', 'now'],
      // Absent entries: null for an optional one, the default for the others.
      ['tfgridModule', 'twins', 999_999],
      ['tfgridModule', 'nodeIdByTwinID', 999_999],
      ['smartContractModule', 'contracts', 999_999],
    ];
    for (const [section, method, ...keys] of reads) {
      const { light: a, polkadot: b } = await both(section, method, ...keys);
      expect(a, `${section}.${method}(${keys.join(', ')})`).toEqual(b);
    }
    const node = (await light.query<{ farmId: number; resources: { cru: number } }>('tfgridModule', 'nodes', nodeId));
    expect(node).toMatchObject({ farmId: g.farmId, resources: { cru: 4 } });
  });

  it('follows chain time and the events a node acts on, with the same data from both clients', async () => {
    const times: number[] = [];
    const stopTime = await light.followTime((now) => times.push(now));
    const seen = new Map<string, [string, string, unknown[]][]>([['light', []], ['polkadot', []]]);
    const stops = await Promise.all([light, full].map((client) => client.followEvents([['tfgridModule', 'PowerTargetChanged']],
      (section, method, data) => seen.get(client.kind)!.push([section, method, data]))));
    try {
      await (await g.farmer.nodes.setPower({ nodeId, power: false })).apply();
      await expect.poll(() => Math.min(seen.get('light')!.length, seen.get('polkadot')!.length), { timeout: 10_000 }).toBeGreaterThan(0);
      const [section, method, data] = seen.get('light')![0]!;
      expect([section, method]).toEqual(['tfgridModule', 'PowerTargetChanged']);
      expect(data.slice(0, 2)).toEqual([g.farmId, nodeId]);
      expect(seen.get('light')).toEqual(seen.get('polkadot'));
      expect(times.length).toBeGreaterThan(1);
      expect(times.at(-1)).toBeGreaterThan(times[0]!);
    } finally {
      stopTime();
      for (const stop of stops) stop();
      await (await g.farmer.nodes.setPower({ nodeId, power: true })).apply();
    }
  });

  it('reads contracts (node and name) and twins for RMB the same way', async () => {
    const hash = 'a'.repeat(32);
    const node = await (await g.farmer.contracts.createNode({ nodeId, hash, data: 'payload', numberOfPublicIps: 1, solutionProviderId: undefined as unknown as number }))!.apply();
    const name = await (await g.farmer.contracts.createName({ name: `light${Date.now() % 100000}` }))!.apply();
    for (const id of [node.contractId, name.contractId]) {
      const { light: a, polkadot: b } = await both('smartContractModule', 'contracts', id);
      expect(a, `contract ${id}`).toEqual(b);
    }
    const contractName = (name.contractType as { nameContract: { name: string } }).nameContract.name;
    const { light: a, polkadot: b } = await both('smartContractModule', 'contractIDByNameRegistration', contractName);
    expect(a).toBe(name.contractId);
    expect(b).toBe(a);
    expect(await light.twin(twinId)).toEqual(await full.twin(twinId));
    expect(await light.twin(999_999)).toBeNull();
  });

  it('signs calls the chain takes, with the events and error names @polkadot/api gives', async () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    const fresh = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//light-chain-test');
    const other = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//light-chain-other');
    const [viaLight] = await light.submitTogether(alice, [{ section: 'balances', method: 'transferKeepAlive', args: [fresh.address, 5_000_000_000] }]);
    const viaFull = await full.submit(alice, 'balances', 'transferKeepAlive', other.address, 5_000_000_000);
    expect(viaLight!.map((e) => `${e.section}.${e.method}`)).toEqual(viaFull.map((e) => `${e.section}.${e.method}`));
    const transfer = (events: { method: string; data: unknown[] }[]) => events.find((e) => e.method === 'Transfer')!.data;
    expect(transfer(viaLight!)).toEqual([alice.address, fresh.address, 5_000_000_000]);
    expect(transfer(viaFull)).toEqual([alice.address, other.address, 5_000_000_000]);
    expect(await light.query('system', 'account', fresh.address)).toEqual(await full.query('system', 'account', other.address));

    // An ed25519 signer without a twin: the same module error from both clients.
    const failures: unknown[] = [];
    for (const client of [light, full]) {
      failures.push(await client.submit(fresh, 'tfgridModule', 'reportUptimeV2', 10, Math.floor(Date.now() / 1000)).catch((e: Error & { errorName?: string }) => e.errorName));
    }
    expect(failures[0]).toMatch(/^tfgridModule\./);
    expect(failures[0]).toBe(failures[1]);

    // A call the pool refuses (an empty account cannot pay the fee): refused with the pool's reason, not hung.
    const empty = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//light-chain-empty');
    const refused = light.submit(empty, 'balances', 'transferKeepAlive', fresh.address, 1_000_000);
    await expect(refused).rejects.toMatchObject({ errorName: 'Invalid' });
    await expect(refused).rejects.toThrow(/balances\.transferKeepAlive refused: .*(pay|balance|fund)/i);
  });


  it("lists the calls waiting in the chain's pool as @polkadot/api does (how a node container finds its turn)", async () => {
    const manual = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'manual' });
    const [a, b] = [(await LightChain.connect(manual.url))!, await PolkadotChain.connect(manual.url)];
    try {
      const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
      const to = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//pending').address;
      let sent!: () => void;
      const inPool = new Promise<void>((resolve) => (sent = resolve));
      const included = a.submitTogether(alice, [{ section: 'balances', method: 'transferKeepAlive', args: [to, 7_000_000] }], sent);
      await inPool;
      const [viaLight, viaFull] = await Promise.all([a.pendingCalls('balances', 'transferKeepAlive'), b.pendingCalls('balances', 'transferKeepAlive')]);
      expect(viaLight).toEqual([[{ id: to }, 7_000_000]]);
      expect(viaFull).toEqual(viaLight);
      expect(await a.pendingCalls('tfgridModule', 'createNode')).toEqual([]);
      await fetch(manual.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'dev_newBlock', params: [] }) });
      expect((await included)[0]!.some((e) => e.method === 'Transfer')).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await manual.close();
    }
  });

  it('comes back after the chain restarts: chain time follows again and calls go through', async () => {
    const dataDir = tempDataDir();
    let running = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', dataDir });
    const port = Number(new URL(running.url).port);
    const client = (await LightChain.connect(running.url))!;
    try {
      const times: number[] = [];
      const stop = await client.followTime((now) => times.push(now));
      const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
      const to = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//reconnect').address;
      await client.submit(alice, 'balances', 'transferKeepAlive', to, 1_000_000_000);
      await running.close();
      await expect(client.query('timestamp', 'now')).rejects.toThrow(/chain/);
      running = await startChain({ host: '127.0.0.1', port, blockMode: 'instant', dataDir });
      // The client reconnects on its own (about a second) and makes its subscriptions again.
      const heard = times.length;
      await expect.poll(() => client.submit(alice, 'balances', 'transferKeepAlive', to, 1_000_000_000).then(() => true, () => false), { timeout: 15_000, interval: 500 }).toBe(true);
      await expect.poll(() => times.length, { timeout: 5000 }).toBeGreaterThan(heard);
      expect(await client.query('system', 'account', to)).toMatchObject({ data: { free: 2_000_000_000 } });
      stop();
    } finally {
      await client.close();
      await running.close();
    }
  });
});
