// A node's life as Zero-OS drives it, with the project's own @polkadot/api (16.x) and an ed25519 node key: funded,
// T&C, twin, create_node, update_node (fee refunded), report_uptime v1, power state, deletion by the farmer; module
// errors decoded by name through the registry, as any polkadot-js client does.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNames, freeBalance, inBlockEvents, moduleFailure, TFT } from '../chain/helpers';
import { startTfgridChain, type TfgridChain } from './helpers';

const GIB = 1024n ** 3n;
const TC = ['http://zos.tf/terms/v0.1', '9021d4dee05a661e2cb6838152c67f25'] as const;

let t: TfgridChain;
let api: ApiPromise;
let alice: KeyringPair;
let node: KeyringPair;

beforeAll(async () => {
  t = await startTfgridChain();
  api = await ApiPromise.create({ provider: new WsProvider(t.url), noInitWarn: true, throwOnConnect: true });
  alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  node = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//tfgrid-lifecycle-node');
});

afterAll(async () => {
  await api?.disconnect();
  await t?.close();
});

// TfgridModule is not in @polkadot/api's built-in augmentation: its sections exist at run time only.
const tx = () => api.tx.tfgridModule!;
const query = () => api.query.tfgridModule!;

const inBlock = inBlockEvents;
const failure = (events: EventRecord[]): string | undefined => moduleFailure(api, events);

const tfEvent = (events: EventRecord[], method: string) =>
  events.find(({ event }) => event.section === 'tfgridModule' && event.method === method)?.event.data.toPrimitive() as unknown[];

const nodeArgs = (farmId: number, sru = 512n * GIB) => [
  farmId,
  { hru: 0n, sru, cru: 4n, mru: 8n * GIB },
  { city: 'Unknown', country: 'Unknown', latitude: 'Unknown', longitude: 'Unknown' },
  [{ name: 'zos', mac: '52:54:00:aa:bb:cc', ips: ['2a02:1802:5e::223'] }],
  true,
  true,
  null,
] as const;

describe('a Zero-OS node on the dev chain', () => {
  let farmId: number;
  let nodeId: number;

  it('is refused a node before it has a twin, and a farm before the farmer has one', async () => {
    await inBlock(api.tx.balances.transferKeepAlive(node.address, 5n * TFT), alice);
    expect(failure(await inBlock(tx().createTwin!(null, null), node)))
      .toBe('tfgridModule.UserDidNotSignTermsAndConditions');
    expect(failure(await inBlock(tx().createFarm!('lifecycle_farm', []), alice))).toBe('tfgridModule.TwinNotExists');
  });

  it('registers farmer and node twins, a farm, then the node', async () => {
    for (const who of [alice, node]) {
      expect(eventNames(await inBlock(tx().userAcceptTc!(...TC), who))).not.toContain('tfgridModule.TwinStored');
      expect(failure(await inBlock(tx().createTwin!(who === alice ? 'relay.dev.grid.tf' : null, null), who)))
        .toBeUndefined();
    }
    const farmEvents = await inBlock(tx().createFarm!('lifecycle_farm', [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }]), alice);
    farmId = (tfEvent(farmEvents, 'FarmStored')[0] as { id: number }).id;
    expect(failure(await inBlock(tx().createFarm!('lifecycle_farm', []), alice))).toBe('tfgridModule.FarmExists');

    expect(failure(await inBlock(tx().createNode!(...nodeArgs(farmId, 10n * GIB)), node)))
      .toBe('tfgridModule.InvalidSRUInput');
    const events = await inBlock(tx().createNode!(...nodeArgs(farmId)), node);
    expect(eventNames(events)).toContain('tfgridModule.NodeStored');
    const stored = tfEvent(events, 'NodeStored')[0] as { id: number; twinId: number; created: number };
    nodeId = stored.id;
    const now = (await api.query.timestamp.now()).toNumber();
    expect(stored.created).toBe(Math.floor(now / 1000));
    expect((await query().nodeIdByTwinID!(stored.twinId)).toPrimitive()).toBe(nodeId);
  });

  it('updates the node without paying for it', async () => {
    const before = await freeBalance(api, node.address);
    const events = await inBlock(tx().updateNode!(nodeId, ...nodeArgs(farmId, 1024n * GIB)), node);
    expect(eventNames(events)).toEqual([
      'balances.Withdraw', 'tfgridModule.NodeUpdated', 'balances.Deposit', 'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    expect(await freeBalance(api, node.address)).toBe(before);
    const stored = (await query().nodes!(nodeId)).toPrimitive() as { resources: { sru: number } };
    expect(BigInt(stored.resources.sru)).toBe(1024n * GIB);
    expect(failure(await inBlock(tx().updateNode!(nodeId, ...nodeArgs(farmId)), alice)))
      .toBe('tfgridModule.NodeUpdateNotAuthorized');
  });

  it('reports uptime v1 for free and goes down and up again', async () => {
    const events = await inBlock(tx().reportUptime!(120), node);
    const block = (await api.query.timestamp.now()).toNumber();
    expect(tfEvent(events, 'NodeUptimeReported')).toEqual([nodeId, Math.floor(block / 1000), 120]);
    expect(eventNames(events)).not.toContain('balances.Withdraw');

    const down = await inBlock(tx().changePowerState!('Down'), node);
    const number = (await api.query.system.number()).toNumber();
    // Named event fields come back positionally from toPrimitive(): [farm_id, node_id, power_state].
    expect(tfEvent(down, 'PowerStateChanged')).toEqual([farmId, nodeId, { down: number }]);
    // Down(block) values are compared, so Down again in a later block is a change (as pallet-tfgrid does it).
    const again = await inBlock(tx().changePowerState!('Down'), node);
    expect(tfEvent(again, 'PowerStateChanged')).toEqual([farmId, nodeId, { down: number + 1 }]);
    expect(tfEvent(await inBlock(tx().changePowerState!('Up'), node), 'PowerStateChanged'))
      .toEqual([farmId, nodeId, { up: null }]);
    expect(eventNames(await inBlock(tx().changePowerState!('Up'), node)))
      .not.toContain('tfgridModule.PowerStateChanged');
    expect((await query().nodePower!(nodeId)).toPrimitive()).toEqual({ state: { up: null }, target: 'Up' });
  });

  it('is deleted by its farmer, not by the node through delete_node_farm', async () => {
    expect(failure(await inBlock(tx().deleteNodeFarm!(nodeId), node))).toBe('tfgridModule.FarmerNotAuthorized');
    const events = await inBlock(tx().deleteNodeFarm!(nodeId), alice);
    expect(tfEvent(events, 'NodeDeleted')).toEqual([nodeId]);
    expect((await query().nodes!(nodeId)).toPrimitive()).toBeNull();
    expect((await query().nodesByFarmID!(farmId)).toPrimitive()).toEqual([]);
    expect(failure(await inBlock(tx().reportUptime!(1), node))).toBe('tfgridModule.NodeNotExists');
    expect(t.problems).toEqual([]);
  });
});
