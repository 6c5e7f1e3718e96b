// TfgridModule call implementations dispatched directly (no server): storage writes, event order and payloads, error
// names, and the admin origins (Root / council motion) that no client can submit yet.
import { u8aToString } from '@polkadot/util';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DispatchContext } from '../../../simulator/chain/core/dispatch/context';
import { ROOT, type AccountId } from '../../../simulator/chain/core/dispatch/types';
import { tfgrid } from '../../../simulator/chain/runtime/pallets/tfgrid';
import { tfgridImpl } from '../../../simulator/chain/runtime/pallets/tfgrid.impl';
import { DEV_FARMING_POLICIES, DEV_PRICING_POLICY } from '../../../simulator/chain/runtime/pallets/tfgrid-policies.impl';
import { GIB, harness, nodeArgs, NOW_SECS, ready, text, type Harness } from './harness';

let key: (uri: string) => AccountId;
let alice: AccountId;
let bob: AccountId;
let farmer: AccountId;
let nodeKey: AccountId;
let h: Harness;

beforeAll(async () => {
  key = await ready();
  alice = key('//Alice');
  bob = key('//Bob');
  farmer = key('//tfgrid-unit-farmer');
  nodeKey = key('//tfgrid-unit-node');
});

beforeEach(() => {
  h = harness();
});

const TC = { document_link: text('https://library.threefold.me/info/legal/#/'), document_hash: text('9021d4dee05a661e2cb6838152c67f25') };
const rootCtx = () => new DispatchContext(h.env, tfgrid, ROOT);
const okOf = (r: { ok: boolean; error?: unknown }) => (r.ok ? 'ok' : r.error);

function twin(who: AccountId, relay: string | null = 'relay.dev.grid.tf'): number {
  expect(okOf(h.call(who, 'user_accept_tc', TC))).toBe('ok');
  const r = h.call(who, 'create_twin', { relay: relay === null ? null : text(relay), pk: null });
  expect(okOf(r)).toBe('ok');
  return (r.events[0]!.data as { id: number }).id;
}

function farm(who: AccountId, name: string, ips: { ip: string; gw: string }[] = []): number {
  const r = h.call(who, 'create_farm', { name: text(name), public_ips: ips.map((p) => ({ ip: text(p.ip), gw: text(p.gw) })) });
  expect(okOf(r)).toBe('ok');
  return (r.events[0]!.data as { id: number }).id;
}

describe('tfgridImpl', () => {
  it('implements every call TfgridModule declares', () => {
    expect([...tfgridImpl.calls.keys()].sort()).toEqual(tfgrid.calls!.variants.map((v) => v.name).sort());
  });
});

describe('genesis', () => {
  it('has pricing policy 1, farming policies 1 (Diy) and 2 (Certified), their counters and connection price 80', () => {
    expect(h.read('PricingPolicies', 1)).toEqual(DEV_PRICING_POLICY);
    expect(h.read('PricingPolicyIdByName', text('threefold_default_pricing_policy'))).toBe(1);
    expect(h.read('PricingPolicyID')).toBe(1);
    expect(h.read('FarmingPoliciesMap', 1)).toEqual(DEV_FARMING_POLICIES[0]);
    expect(h.read('FarmingPoliciesMap', 2)).toMatchObject({ id: 2, cu: 3000, su: 1250, node_certification: 'Certified', default: true });
    expect(h.read('FarmingPolicyID')).toBe(2);
    expect(h.read('ConnectionPrice')).toBe(80);
    expect(h.read('TwinID')).toBe(0);
    expect(h.read('Farms', 1)).toBeNull();
  });
});

describe('genesis twins (config.pallets.TfgridModule.twins)', () => {
  it('pre-provisions twins with accepted T&C, usable by the calls that follow', () => {
    h = harness({ TfgridModule: { twins: [{ account: alice, relay: 'relay.dev.grid.tf', pk: '0x02aa' }, { account: bob }] } });
    expect(h.read('TwinID')).toBe(2);
    expect(h.read('Twins', 1)).toEqual({ id: 1, account_id: alice, relay: text('relay.dev.grid.tf'), entities: [], pk: Uint8Array.of(2, 0xaa) });
    expect(h.read('TwinIdByAccountID', bob)).toBe(2);
    expect(h.read<unknown[]>('UsersTermsAndConditions', bob)).toHaveLength(1);
    expect(farm(bob, 'genesis_farm')).toBe(1);
    expect(twin(farmer)).toBe(3);
    expect(() => harness({ TfgridModule: { twins: [{ account: alice, relay: 'bad relay' }] } })).toThrow(/invalid relay/);
  });
});

describe('terms and conditions, twins', () => {
  it('stores accepted T&C without an event and refuses a twin before them', () => {
    expect(okOf(h.call(alice, 'create_twin', { relay: null, pk: null }))).toEqual(h.error('UserDidNotSignTermsAndConditions'));
    const r = h.call(alice, 'user_accept_tc', TC);
    expect(r.ok).toBe(true);
    expect(r.events).toEqual([]);
    h.call(alice, 'user_accept_tc', TC);
    const list = h.read<{ timestamp: bigint }[]>('UsersTermsAndConditions', alice);
    expect(list).toHaveLength(2);
    expect(list[0]!.timestamp).toBe(BigInt(NOW_SECS));
    expect(okOf(h.call(bob, 'user_accept_tc', { ...TC, document_hash: text('') }))).toEqual(h.error('DocumentHashInputTooShort'));
  });

  it('creates twins from id 1, maps the account, refuses a second twin and bad relays, updates both fields', () => {
    expect(twin(alice)).toBe(1);
    expect(twin(bob, null)).toBe(2);
    expect(h.read('TwinIdByAccountID', alice)).toBe(1);
    expect(h.read('TwinID')).toBe(2);
    expect(okOf(h.call(alice, 'create_twin', { relay: null, pk: null }))).toEqual(h.error('TwinWithPubkeyExists'));
    h.call(farmer, 'user_accept_tc', TC);
    expect(okOf(h.call(farmer, 'create_twin', { relay: text('wss://relay.grid.tf:443'), pk: null })))
      .toEqual(h.error('InvalidRelayAddress'));

    const pk = Uint8Array.from({ length: 33 }, (_, i) => i);
    const r = h.call(alice, 'update_twin', { relay: text('r1.grid.tf_r2.grid.tf'), pk });
    expect(r.events.map((e) => e.name)).toEqual(['TwinUpdated']);
    expect(h.read('Twins', 1)).toMatchObject({ id: 1, relay: text('r1.grid.tf_r2.grid.tf'), pk });
    h.call(alice, 'update_twin', { relay: null, pk: null });
    expect(h.read('Twins', 1)).toMatchObject({ relay: null, pk: null });
    expect(okOf(h.call(farmer, 'update_twin', { relay: null, pk: null }))).toEqual(h.error('TwinNotExists'));
  });

  it('bonds another account to a twin, not the twin account itself', () => {
    twin(alice);
    expect(okOf(h.call(alice, 'bond_twin_account', { twin_id: 1 }))).toEqual(h.error('TwinCannotBoundToItself'));
    const r = h.call(bob, 'bond_twin_account', { twin_id: 1 });
    expect(r.events).toEqual([{ name: 'TwinAccountBounded', data: [1, bob] }]);
    expect(h.read('TwinBoundedAccountID', 1)).toEqual(bob);
    expect(okOf(h.call(bob, 'bond_twin_account', { twin_id: 9 }))).toEqual(h.error('TwinNotExists'));
  });
});

describe('farms', () => {
  it('creates a farm with validated public IPs and a unique name', () => {
    twin(farmer);
    expect(okOf(h.call(alice, 'create_farm', { name: text('nope'), public_ips: [] }))).toEqual(h.error('TwinNotExists'));
    const id = farm(farmer, 'my_farm', [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }]);
    expect(id).toBe(1);
    expect(h.read('Farms', 1)).toMatchObject({
      version: 4, id: 1, name: text('my_farm'), twin_id: 1, pricing_policy_id: 1, certification: 'NotCertified',
      public_ips: [{ ip: text('185.206.122.33/24'), gateway: text('185.206.122.1'), contract_id: 0n }],
      dedicated_farm: false, farming_policy_limits: null,
    });
    expect(h.read('FarmIdByName', text('my_farm'))).toBe(1);
    expect(h.read('FarmID')).toBe(1);
    const create = (name: string, ips: { ip: string; gw: string }[] = []) => okOf(h.call(farmer, 'create_farm',
      { name: text(name), public_ips: ips.map((p) => ({ ip: text(p.ip), gw: text(p.gw) })) }));
    expect(create('my_farm')).toEqual(h.error('FarmExists'));
    expect(create('ab')).toEqual(h.error('FarmNameTooShort'));
    expect(create('bad name')).toEqual(h.error('InvalidFarmName'));
    expect(create('farm2', [{ ip: '10.0.0.2/24', gw: '10.0.0.1' }])).toEqual(h.error('InvalidPublicIP'));
    expect(create('farm2', [{ ip: '185.206.122.33/24', gw: '185.206.123.1' }])).toEqual(h.error('InvalidPublicIP'));
    expect(create('farm2', [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }, { ip: '185.206.122.33/24', gw: '185.206.122.1' }]))
      .toEqual(h.error('IpExists'));
    expect(h.read('FarmID')).toBe(1);
  });

  it('lets only the farm twin rename it, add and remove IPs and set the payout address', () => {
    twin(farmer);
    twin(bob);
    const id = farm(farmer, 'farm_a');
    expect(okOf(h.call(bob, 'update_farm', { farm_id: id, name: text('farm_b') }))).toEqual(h.error('CannotUpdateFarmWrongTwin'));
    const renamed = h.call(farmer, 'update_farm', { farm_id: id, name: text('farm_b') });
    expect(renamed.events.map((e) => e.name)).toEqual(['FarmUpdated']);
    expect(h.read('FarmIdByName', text('farm_a'))).toBe(0);
    expect(h.read('FarmIdByName', text('farm_b'))).toBe(id);

    const added = h.call(farmer, 'add_farm_ip', { farm_id: id, ip: text('185.206.122.40/24'), gw: text('185.206.122.1') });
    expect(added.events[0]).toMatchObject({ name: 'FarmUpdated', data: { public_ips: [{ ip: text('185.206.122.40/24') }] } });
    expect(okOf(h.call(farmer, 'add_farm_ip', { farm_id: id, ip: text('185.206.122.40/24'), gw: text('185.206.122.2') })))
      .toEqual(h.error('IpExists'));
    expect(okOf(h.call(bob, 'add_farm_ip', { farm_id: id, ip: text('185.206.122.41/24'), gw: text('185.206.122.1') })))
      .toEqual(h.error('CannotUpdateFarmWrongTwin'));
    expect(okOf(h.call(farmer, 'remove_farm_ip', { farm_id: id, ip: text('185.206.122.99/24') }))).toEqual(h.error('IpNotExists'));
    h.call(farmer, 'remove_farm_ip', { farm_id: id, ip: text('185.206.122.40/24') });
    expect(h.read<{ public_ips: unknown[] }>('Farms', id).public_ips).toEqual([]);

    const payout = h.call(farmer, 'add_stellar_payout_v2address', { farm_id: id, stellar_address: text('not-even-stellar') });
    expect(payout.events).toEqual([{ name: 'FarmPayoutV2AddressRegistered', data: [id, text('not-even-stellar')] }]);
    expect(h.read('FarmPayoutV2AddressByFarmID', id)).toEqual(text('not-even-stellar'));
    expect(okOf(h.call(farmer, 'update_farm', { farm_id: 99, name: text('farm_c') }))).toEqual(h.error('FarmNotExists'));
  });

  it('takes certification, dedication and IP resets from Root or a ≥3/5 council motion only', () => {
    twin(farmer);
    const id = farm(farmer, 'farm_a', [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }]);
    expect(okOf(h.call(farmer, 'set_farm_certification', { farm_id: id, certification: 'Gold' }))).toBe('BadOrigin');
    expect(okOf(h.call({ kind: 'council', yes: 1, total: 2 }, 'set_farm_dedicated', { farm_id: id, dedicated: true }))).toBe('BadOrigin');
    const cert = h.call(ROOT, 'set_farm_certification', { farm_id: id, certification: 'Gold' });
    expect(cert.events).toEqual([{ name: 'FarmCertificationSet', data: [id, 'Gold'] }]);
    const ded = h.call({ kind: 'council', yes: 2, total: 3 }, 'set_farm_dedicated', { farm_id: id, dedicated: true });
    expect(ded.events[0]).toMatchObject({ name: 'FarmUpdated', data: { dedicated_farm: true, certification: 'Gold' } });

    // A contract holds the IP: the farmer cannot remove it, the admin call frees it.
    rootCtx().storage('Farms').mutate(id, (f: { public_ips: { contract_id: bigint }[] }) => {
      f.public_ips[0]!.contract_id = 7n;
    });
    expect(okOf(h.call(farmer, 'remove_farm_ip', { farm_id: id, ip: text('185.206.122.33/24') }))).toEqual(h.error('IpNotExists'));
    h.call(ROOT, 'force_reset_farm_ip', { farm_id: id, ip: text('185.206.122.33/24') });
    expect(h.read<{ public_ips: { contract_id: bigint }[] }>('Farms', id).public_ips[0]!.contract_id).toBe(0n);
  });
});

describe('nodes', () => {
  function setup(): { farmId: number; nodeTwin: number } {
    twin(farmer);
    const farmId = farm(farmer, 'node_farm');
    const nodeTwin = twin(nodeKey, null);
    return { farmId, nodeTwin };
  }

  it('registers a node by its own twin with policy 1, the connection price and the farm index', () => {
    const { farmId, nodeTwin } = setup();
    const r = h.call(nodeKey, 'create_node', nodeArgs(farmId));
    expect(okOf(r)).toBe('ok');
    expect(r.events.map((e) => e.name)).toEqual(['NodeStored']);
    expect(h.read('Nodes', 1)).toMatchObject({
      version: 5, id: 1, farm_id: farmId, twin_id: nodeTwin, created: BigInt(NOW_SECS), farming_policy_id: 1,
      certification: 'Diy', connection_price: 80, public_config: null, serial_number: text('SN-0001'),
    });
    expect(h.read('NodeIdByTwinID', nodeTwin)).toBe(1);
    expect(h.read('NodesByFarmID', farmId)).toEqual([1]);
    expect(h.read('NodeID')).toBe(1);
    expect(okOf(h.call(nodeKey, 'create_node', nodeArgs(farmId)))).toEqual(h.error('NodeWithTwinIdExists'));
    expect(okOf(h.call(alice, 'create_node', nodeArgs(farmId)))).toEqual(h.error('TwinNotExists'));
    expect(okOf(h.call(nodeKey, 'create_node', nodeArgs(42)))).toEqual(h.error('FarmNotExists'));
  });

  it('checks resources and location in the pallet order', () => {
    const { farmId } = setup();
    const small = nodeArgs(farmId, { resources: { hru: 0n, sru: 10n * GIB, cru: 0n, mru: GIB } });
    expect(okOf(h.call(nodeKey, 'create_node', small))).toEqual(h.error('InvalidSRUInput'));
    const lat = nodeArgs(farmId, { location: { city: text('X'), country: text('BE'), latitude: text('91'), longitude: text('0') } });
    expect(okOf(h.call(nodeKey, 'create_node', lat))).toEqual(h.error('InvalidLatitudeInput'));
  });

  it('updates a node (moving farms, fee refunded) and resets a Certified node whose resources changed', () => {
    const { farmId } = setup();
    const farm2 = farm(farmer, 'second_farm');
    h.call(nodeKey, 'create_node', nodeArgs(farmId));
    const cert = h.call(ROOT, 'set_node_certification', { node_id: 1, node_certification: 'Certified' });
    expect(cert.events.map((e) => e.name)).toEqual(['NodeUpdated', 'NodeCertificationSet']);
    expect(h.read('Nodes', 1)).toMatchObject({ certification: 'Certified', farming_policy_id: 2 });

    const bigger = nodeArgs(farm2, { resources: { hru: 4000n * GIB, sru: 1000n * GIB, cru: 8n, mru: 16n * GIB } });
    const r = h.call(nodeKey, 'update_node', { node_id: 1, ...bigger });
    expect(r.ok && r.post.paysFee).toBe('No');
    expect(r.events.map((e) => e.name)).toEqual(['NodeCertificationSet', 'NodeUpdated']);
    expect(r.events[0]!.data).toEqual([1, 'Diy']);
    expect(h.read('NodesByFarmID', farmId)).toEqual([]);
    expect(h.read('NodesByFarmID', farm2)).toEqual([1]);
    expect(h.read('Nodes', 1)).toMatchObject({ farm_id: farm2, certification: 'Diy' });
    expect(okOf(h.call(farmer, 'update_node', { node_id: 1, ...bigger }))).toEqual(h.error('NodeUpdateNotAuthorized'));
  });

  it('lets allowed certifiers certify, keeps the certifier list sorted, refuses others', () => {
    const { farmId } = setup();
    h.call(nodeKey, 'create_node', nodeArgs(farmId));
    expect(okOf(h.call(bob, 'set_node_certification', { node_id: 1, node_certification: 'Certified' })))
      .toEqual(h.error('NotAllowedToCertifyNode'));
    expect(h.call(ROOT, 'add_node_certifier', { certifier: bob }).events).toEqual([{ name: 'NodeCertifierAdded', data: bob }]);
    h.call(ROOT, 'add_node_certifier', { certifier: alice });
    expect(okOf(h.call(ROOT, 'add_node_certifier', { certifier: bob }))).toEqual(h.error('AlreadyCertifier'));
    const list = h.read<Uint8Array[]>('AllowedNodeCertifiers');
    expect(list).toEqual([bob, alice].sort((a, b) => Buffer.compare(a, b)));
    expect(okOf(h.call(bob, 'set_node_certification', { node_id: 1, node_certification: 'Certified' }))).toBe('ok');
    h.call(ROOT, 'remove_node_certifier', { certifier: bob });
    expect(okOf(h.call(ROOT, 'remove_node_certifier', { certifier: bob }))).toEqual(h.error('NotCertifier'));
    expect(okOf(h.call(bob, 'set_node_certification', { node_id: 1, node_certification: 'Diy' })))
      .toEqual(h.error('NotAllowedToCertifyNode'));
  });

  it('stores the public config set by the farmer for a node of its farm', () => {
    const { farmId } = setup();
    h.call(nodeKey, 'create_node', nodeArgs(farmId));
    const config = { ip4: { ip: text('185.206.122.50/24'), gw: text('185.206.122.1') }, ip6: null, domain: text('node1.grid.tf') };
    expect(okOf(h.call(nodeKey, 'add_node_public_config', { farm_id: farmId, node_id: 1, public_config: config })))
      .toEqual(h.error('CannotUpdateFarmWrongTwin'));
    const bad = { ...config, ip4: { ip: text('10.0.0.5/24'), gw: text('10.0.0.1') } };
    expect(okOf(h.call(farmer, 'add_node_public_config', { farm_id: farmId, node_id: 1, public_config: bad })))
      .toEqual(h.error('InvalidPublicConfig'));
    const r = h.call(farmer, 'add_node_public_config', { farm_id: farmId, node_id: 1, public_config: config });
    expect(r.events).toEqual([{ name: 'NodePublicConfigStored', data: [1, config] }]);
    expect(h.read('Nodes', 1)).toMatchObject({ public_config: config });
    h.call(farmer, 'add_node_public_config', { farm_id: farmId, node_id: 1, public_config: null });
    expect(h.read('Nodes', 1)).toMatchObject({ public_config: null });
  });

  it('reports uptime (v1 and v2 with a ±60 s hint), without writing storage and without a fee', () => {
    setup();
    expect(okOf(h.call(nodeKey, 'report_uptime', { uptime: 100n }))).toEqual(h.error('NodeNotExists'));
    h.call(nodeKey, 'create_node', nodeArgs(1));
    const v1 = h.call(nodeKey, 'report_uptime', { uptime: 100n });
    expect(v1.events).toEqual([{ name: 'NodeUptimeReported', data: [1, BigInt(NOW_SECS), 100n] }]);
    const v2 = h.call(nodeKey, 'report_uptime_v2', { uptime: 200n, timestamp_hint: BigInt(NOW_SECS + 60) });
    expect(v2.events).toEqual([{ name: 'NodeUptimeReported', data: [1, BigInt(NOW_SECS), 200n] }]);
    expect(okOf(h.call(nodeKey, 'report_uptime_v2', { uptime: 1n, timestamp_hint: BigInt(NOW_SECS - 61) })))
      .toEqual(h.error('InvalidTimestampHint'));
    expect(okOf(h.call(alice, 'report_uptime', { uptime: 1n }))).toEqual(h.error('TwinNotExists'));
  });

  it('changes the power state (node) and target (farmer), refusing Down while contracts are active', () => {
    const { farmId } = setup();
    h.call(nodeKey, 'create_node', nodeArgs(farmId));
    expect(h.call(nodeKey, 'change_power_state', { power_state: 'Up' }).events).toEqual([]);
    const down = h.call(nodeKey, 'change_power_state', { power_state: 'Down' });
    expect(down.events).toEqual([{ name: 'PowerStateChanged', data: { farm_id: farmId, node_id: 1, power_state: { Down: 1 } } }]);
    expect(h.read('NodePower', 1)).toEqual({ state: { Down: 1 }, target: 'Up' });

    expect(okOf(h.call(nodeKey, 'change_power_target', { node_id: 1, power_target: 'Down' })))
      .toEqual(h.error('UnauthorizedToChangePowerTarget'));
    const target = h.call(farmer, 'change_power_target', { node_id: 1, power_target: 'Down' });
    expect(target.events).toEqual([{ name: 'PowerTargetChanged', data: { farm_id: farmId, node_id: 1, power_target: 'Down' } }]);
    expect(h.read('NodePower', 1)).toEqual({ state: { Down: 1 }, target: 'Down' });

    h.call(farmer, 'change_power_target', { node_id: 1, power_target: 'Up' });
    setActiveContracts(1, [5n]);
    expect(okOf(h.call(farmer, 'change_power_target', { node_id: 1, power_target: 'Down' }))).toEqual(h.error('NodeHasActiveContracts'));
    expect(okOf(h.call(farmer, 'change_power_target', { node_id: 1, power_target: 'Up' }))).toBe('ok');
  });

  it('deletes a node by the farmer or by the node, clearing the indexes', () => {
    const { farmId, nodeTwin } = setup();
    h.call(nodeKey, 'create_node', nodeArgs(farmId));
    expect(okOf(h.call(nodeKey, 'delete_node_farm', { node_id: 1 }))).toEqual(h.error('FarmerNotAuthorized'));
    expect(h.call(farmer, 'delete_node_farm', { node_id: 1 }).events).toEqual([{ name: 'NodeDeleted', data: 1 }]);
    expect(h.read('Nodes', 1)).toBeNull();
    expect(h.read('NodesByFarmID', farmId)).toEqual([]);
    expect(h.read('NodeIdByTwinID', nodeTwin)).toBe(0);
    h.call(nodeKey, 'create_node', nodeArgs(farmId));
    expect(h.read('NodeID')).toBe(2);
    expect(okOf(h.call(farmer, 'delete_node', { node_id: 2 }))).toEqual(h.error('NodeUpdateNotAuthorized'));
    expect(okOf(h.call(nodeKey, 'delete_node', { node_id: 2 }))).toBe('ok');
  });
});

describe('policies and admin settings', () => {
  const policy = (value: number) => ({ value, unit: 'Gigabytes' });
  const pricing = (name: string) => ({
    name: text(name), su: policy(1), cu: policy(2), nu: policy(3), ipu: policy(4), unique_name: policy(5),
    domain_name: policy(6), foundation_account: alice, certified_sales_account: bob, discount_for_dedication_nodes: 40,
  });

  it('creates and updates pricing policies (Root / council only)', () => {
    expect(okOf(h.call(alice, 'create_pricing_policy', pricing('p2')))).toBe('BadOrigin');
    const r = h.call(ROOT, 'create_pricing_policy', pricing('p2'));
    expect(r.events[0]).toMatchObject({ name: 'PricingPolicyStored', data: { version: 2, id: 2, name: text('p2') } });
    expect(okOf(h.call(ROOT, 'create_pricing_policy', pricing('p2')))).toEqual(h.error('PricingPolicyExists'));
    expect(okOf(h.call(ROOT, 'update_pricing_policy', { pricing_policy_id: 2, ...pricing('threefold_default_pricing_policy') })))
      .toEqual(h.error('PricingPolicyWithDifferentIdExists'));
    expect(okOf(h.call(ROOT, 'update_pricing_policy', { pricing_policy_id: 7, ...pricing('p7') }))).toEqual(h.error('PricingPolicyNotExists'));
    h.call(ROOT, 'update_pricing_policy', { pricing_policy_id: 2, ...pricing('p2b') });
    expect(h.read('PricingPolicyIdByName', text('p2'))).toBe(0);
    expect(h.read('PricingPolicyIdByName', text('p2b'))).toBe(2);
    expect(h.read('PricingPolicies', 2)).toMatchObject({ name: text('p2b'), discount_for_dedication_nodes: 40 });
  });

  const farmingArgs = {
    name: text('gold_policy'), su: 2000, cu: 4000, nu: 50, ipv4: 10, minimal_uptime: 98, policy_end: 0, immutable: false,
    default: false, node_certification: 'Diy', farm_certification: 'Gold',
  };

  it('creates a farming policy, attaches it to a farm with limits and re-evaluates the farm nodes', () => {
    twin(farmer);
    const farmId = farm(farmer, 'limits_farm');
    twin(nodeKey, null);
    h.call(nodeKey, 'create_node', nodeArgs(farmId));
    const created = h.call(ROOT, 'create_farming_policy', farmingArgs);
    expect(created.events[0]).toMatchObject({ name: 'FarmingPolicyStored', data: { id: 3, version: 2, policy_created: 1 } });
    const limits = { farming_policy_id: 3, cu: null, su: null, end: null, node_count: 5, node_certification: false };
    const r = h.call(ROOT, 'attach_policy_to_farm', { farm_id: farmId, limits });
    // FarmUpdated (limits), FarmUpdated (node_count consumed by the node), NodeUpdated, FarmingPolicySet.
    expect(r.events.map((e) => e.name)).toEqual(['FarmUpdated', 'FarmUpdated', 'NodeUpdated', 'FarmingPolicySet']);
    expect(h.read('Nodes', 1)).toMatchObject({ farming_policy_id: 3 });
    expect(h.read('Farms', farmId)).toMatchObject({ certification: 'Gold', farming_policy_limits: { ...limits, node_count: 4 } });

    const upd = h.call(ROOT, 'update_farming_policy', { farming_policy_id: 3, ...farmingArgs, cu: 4100 });
    expect(upd.events[0]).toMatchObject({ name: 'FarmingPolicyUpdated', data: { id: 3, cu: 4100, policy_created: 1 } });
    expect(okOf(h.call(ROOT, 'update_farming_policy', { farming_policy_id: 9, ...farmingArgs })))
      .toEqual(h.error('FarmingPolicyNotExists'));
  });

  it('refuses to attach an expired policy', () => {
    twin(farmer);
    const farmId = farm(farmer, 'expiry_farm');
    h.call(ROOT, 'create_farming_policy', { ...farmingArgs, policy_end: 1 });
    // Created at block 1 with a one-block life: still attachable in block 1. Backdated to block 0, it has expired.
    rootCtx().storage('FarmingPoliciesMap').mutate(3, (p: { policy_created: number }) => {
      p.policy_created = 0;
    });
    const limits = { farming_policy_id: 3, cu: null, su: null, end: null, node_count: null, node_certification: false };
    expect(okOf(h.call(ROOT, 'attach_policy_to_farm', { farm_id: farmId, limits }))).toEqual(h.error('FarmingPolicyExpired'));
  });

  it('sets the Zero-OS version (must change) and the connection price', () => {
    expect(h.call(ROOT, 'set_zos_version', { zos_version: text('v3.10.0') }).events)
      .toEqual([{ name: 'ZosVersionUpdated', data: text('v3.10.0') }]);
    expect(okOf(h.call(ROOT, 'set_zos_version', { zos_version: text('v3.10.0') }))).toEqual(h.error('InvalidZosVersion'));
    expect(u8aToString(h.read<Uint8Array>('ZosVersion'))).toBe('v3.10.0');
    expect(h.call(ROOT, 'set_connection_price', { price: 120 }).events).toEqual([{ name: 'ConnectionPriceSet', data: 120 }]);
    expect(h.read('ConnectionPrice')).toBe(120);
    expect(okOf(h.call(alice, 'set_connection_price', { price: 1 }))).toBe('BadOrigin');
  });
});

// Writes what SmartContractModule would have stored for a node with contracts.
function setActiveContracts(nodeId: number, ids: bigint[]): void {
  rootCtx().storage('SmartContractModule', 'ActiveNodeContracts').set(nodeId, ids);
}
