// TfgridModule end to end with the unmodified @threefold/tfchain_client 2.9.2 (its own @polkadot/api 15.10.2):
// T&C, twin, farm with public IPs, payout address, a node registered by its own ed25519 key, uptime and power, read
// back with the client's queries in the shapes it documents, and refusals decoded by error name (TFChainError.keyError).
import { Client, type TFChainError } from '@threefold/tfchain_client';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTfgridChain, type TfgridChain } from './helpers';

const TC = { documentLink: 'https://library.threefold.me/info/legal/#/', documentHash: '9021d4dee05a661e2cb6838152c67f25' };
const GIB = 1024 ** 3;

let t: TfgridChain;
let farmer: Client;
let nodeClient: Client;
let bob: Client;

/** The error name a tfchain_client call was refused with. */
async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (error) {
    return (error as TFChainError).keyError ?? (error as Error).message;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  // tfchain_client logs every event and lock; keep the test output readable.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  t = await startTfgridChain();
  farmer = new Client({ url: t.url, mnemonicOrSecret: '//Alice', keypairType: 'sr25519' });
  await farmer.connect();
  bob = new Client({ url: t.url, mnemonicOrSecret: '//Bob', keypairType: 'sr25519' });
  await bob.connect();
  // The node identity: a fresh ed25519 key from a BIP-39 mnemonic, like Zero-OS's.
  nodeClient = new Client({ url: t.url, mnemonicOrSecret: mnemonicGenerate(12), keypairType: 'ed25519' });
  await nodeClient.connect();
});

afterAll(async () => {
  // The clients share one ApiPromise per URL; disconnecting it first keeps them from reconnecting to a closed chain.
  await farmer?.disconnect();
  await t?.close();
  vi.restoreAllMocks();
});

describe('dev genesis as tfchain_client reads it', () => {
  it('serves pricing policy 1 (what billing and grid_client price with)', async () => {
    expect(await farmer.pricingPolicies.get({ id: 1 })).toEqual({
      version: 1, id: 1, name: 'threefold_default_pricing_policy',
      su: { value: 50000, unit: 'Gigabytes' }, cu: { value: 100000, unit: 'Gigabytes' },
      nu: { value: 15000, unit: 'Gigabytes' }, ipu: { value: 40000, unit: 'Gigabytes' },
      uniqueName: { value: 2500, unit: 'Gigabytes' }, domainName: { value: 5000, unit: 'Gigabytes' },
      foundationAccount: '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw',
      certifiedSalesAccount: '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL',
      discountForDedicationNodes: 50,
    });
    expect((await farmer.api.query.tfgridModule.farmingPoliciesMap(2)).toPrimitive())
      .toMatchObject({ id: 2, name: 'threefold_default_certified_farming_policy', nodeCertification: 'Certified', default: true });
    expect((await farmer.api.query.tfgridModule.connectionPrice()).toPrimitive()).toBe(80);
  });
});

describe('a farmer and a node with tfchain_client', () => {
  let farmId: number;
  let nodeId: number;

  it('accepts T&C (no result), then creates and updates a twin', async () => {
    expect(await (await farmer.termsAndConditions.accept(TC)).apply()).toBeUndefined();
    const twin = await (await farmer.twins.create({ relay: 'relay.dev.grid.tf', pk: '0x1234' })).apply();
    expect(twin).toEqual({ id: 1, accountId: farmer.address, relay: 'relay.dev.grid.tf', entities: [], pk: '0x1234' });
    const updated = await (await farmer.twins.update({ relay: 'relay1.grid.tf_relay2.grid.tf', pk: '0x1234' })).apply();
    expect(updated).toMatchObject({ id: 1, relay: 'relay1.grid.tf_relay2.grid.tf' });
    expect(await farmer.twins.get({ id: 1 })).toEqual(updated);
    expect(await farmer.twins.getTwinIdByAccountId({ accountId: farmer.address })).toBe(1);
    expect(await farmer.twins.getMyTwinId()).toBe(1);
    expect(await refusal((await farmer.twins.create({ relay: 'relay.dev.grid.tf', pk: '0x1234' })).apply()))
      .toBe('TwinWithPubkeyExists');
  });

  it('creates a farm with public IPs, refuses the same name, a bad IP and a farmer without twin', async () => {
    const farm = await (await farmer.farms.create({
      name: 'gridbox_farm',
      publicIps: [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }],
    })).apply();
    expect(farm).toEqual({
      version: 4, id: 1, name: 'gridbox_farm', twinId: 1, pricingPolicyId: 1, certification: 'NotCertified',
      publicIps: [{ ip: '185.206.122.33/24', gateway: '185.206.122.1', contractId: 0 }], dedicatedFarm: false,
      farmingPolicyLimits: null,
    });
    farmId = farm.id;
    expect(await farmer.farms.get({ id: farmId })).toEqual(farm);
    expect(await refusal((await farmer.farms.create({ name: 'gridbox_farm' })).apply())).toBe('FarmExists');
    expect(await refusal((await farmer.farms.create({ name: 'other_farm', publicIps: [{ ip: '10.1.1.5/24', gw: '10.1.1.1' }] })).apply()))
      .toBe('InvalidPublicIP');
    expect(await refusal((await bob.farms.create({ name: 'bobs_farm' })).apply())).toBe('TwinNotExists');

    const withIp = await (await farmer.farms.addFarmIp({ farmId, ip: '185.206.122.34/24', gw: '185.206.122.1' })).apply();
    expect(withIp.publicIps).toHaveLength(2);
    const without = await (await farmer.farms.removeFarmIp({ farmId, ip: '185.206.122.34/24' })).apply();
    expect(without.publicIps.map((p) => p.ip)).toEqual(['185.206.122.33/24']);
    const payout = 'GDHJP6TF3UXYXTNEZ2P36J5FH7W4BJJQ4AYYAXC66I2Q2AH5B6O6BCFG';
    expect(await (await farmer.farms.addStellarAddress({ farmId, stellarAddress: payout })).apply()).toBe(farmId);
    expect((await farmer.api.query.tfgridModule.farmPayoutV2AddressByFarmID(farmId)).toPrimitive()).toBe(payout);
  });

  it('registers a node with its own funded ed25519 account and twin (createNode through the API)', async () => {
    await (await farmer.balances.transfer({ address: nodeClient.address, amount: 10 * 10_000_000 })).apply();
    await (await nodeClient.termsAndConditions.accept({ documentLink: 'http://zos.tf/terms/v0.1', documentHash: TC.documentHash })).apply();
    const nodeTwin = await nodeClient.applyExtrinsic(nodeClient.api.tx.tfgridModule.createTwin(null, null)) as { id: number };
    expect(nodeTwin).toMatchObject({ id: 2, accountId: nodeClient.address, relay: null, pk: null });

    const createNode = () => nodeClient.api.tx.tfgridModule.createNode(
      farmId,
      { hru: 4000 * GIB, sru: 512 * GIB, cru: 8, mru: 32 * GIB },
      { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' },
      [{ name: 'zos', mac: '52:54:00:12:34:56', ips: ['185.206.122.50'] }],
      false,
      false,
      'gridbox-sim-0001',
    );
    const node = await nodeClient.applyExtrinsic(createNode()) as { id: number };
    expect(node).toMatchObject({
      version: 5, id: 1, farmId, twinId: nodeTwin.id, farmingPolicyId: 1, certification: 'Diy', connectionPrice: 80,
      publicConfig: null, serialNumber: 'gridbox-sim-0001', secureBoot: false, virtualized: false,
      location: { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' },
      interfaces: [{ name: 'zos', mac: '52:54:00:12:34:56', ips: ['185.206.122.50'] }],
      resources: { hru: 4000 * GIB, sru: 512 * GIB, cru: 8, mru: 32 * GIB },
    });
    nodeId = node.id;
    expect(await farmer.nodes.get({ id: nodeId })).toEqual(node);
    expect((await farmer.api.query.tfgridModule.nodeIdByTwinID(nodeTwin.id)).toPrimitive()).toBe(nodeId);
    expect((await farmer.api.query.tfgridModule.nodesByFarmID(farmId)).toPrimitive()).toEqual([nodeId]);
    expect(await refusal(nodeClient.applyExtrinsic(createNode()))).toBe('NodeWithTwinIdExists');
  });

  it('stores the public config the farmer sets', async () => {
    const publicConfig = { ip4: { ip: '185.206.122.60/24', gw: '185.206.122.1' }, ip6: null, domain: 'node1.gridbox.local' };
    expect(await (await farmer.nodes.addNodePublicConfig({ farmId, nodeId, publicConfig })).apply()).toBe(nodeId);
    expect((await farmer.nodes.get({ id: nodeId })).publicConfig).toEqual(publicConfig);
  });

  it('reports uptime (v2, hint within 60 s) and changes the power state and target', async () => {
    const now = (await nodeClient.api.query.timestamp.now()).toNumber();
    const hint = Math.floor(now / 1000);
    const events: string[] = [];
    const unsub = await nodeClient.api.query.system.events((records) => {
      for (const { event } of records) if (event.section === 'tfgridModule') events.push(`${event.method}${JSON.stringify(event.data.toPrimitive())}`);
    });
    // report_uptime_v2 returns the node id: the first field of NodeUptimeReported.
    expect(await nodeClient.applyExtrinsic(nodeClient.api.tx.tfgridModule.reportUptimeV2(3600, hint))).toBe(nodeId);
    expect(await refusal(nodeClient.applyExtrinsic(nodeClient.api.tx.tfgridModule.reportUptimeV2(3600, hint - 3600))))
      .toBe('InvalidTimestampHint');
    // change_power_state returns the farm id (PowerStateChanged{farm_id, node_id, power_state}).
    expect(await nodeClient.applyExtrinsic(nodeClient.api.tx.tfgridModule.changePowerState('Down'))).toBe(farmId);
    expect(await (await farmer.nodes.setPower({ nodeId, power: false })).apply()).toBe(farmId);
    const power = (await farmer.api.query.tfgridModule.nodePower(nodeId)).toPrimitive() as { state: unknown; target: string };
    expect(power.target).toBe('Down');
    expect(power.state).toHaveProperty('down');
    expect(await refusal((await bob.nodes.setPower({ nodeId, power: true })).apply())).toBe('TwinNotExists');
    unsub();
    expect(events.some((e) => e.startsWith(`NodeUptimeReported[${nodeId},`))).toBe(true);
    expect(t.problems).toEqual([]);
  });
});
