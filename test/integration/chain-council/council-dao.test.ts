// The dev council (Alice, Bob) governing a real dev chain through unmodified @polkadot/api: council motions that make
// TFChain's admin calls (farm certification, a farming policy), a non-member's refused vote decoded by name, a Dao
// proposal voted by a farm with a node, and the deletion of that node cancelling the contract deployed on it.
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNames, inBlockEvents, moduleFailure, startTestChain, type TestChain, TFT } from '../chain/helpers';

const GIB = 1024n ** 3n;
const TC = ['https://library.threefold.me/info/legal/#/', '9021d4dee05a661e2cb6838152c67f25'] as const;

let t: TestChain;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;
let nodeKey: KeyringPair;

beforeAll(async () => {
  t = await startTestChain('instant');
  api = t.api;
  alice = t.alice;
  bob = t.bob;
  charlie = t.keyring.addFromUri('//Charlie');
  nodeKey = t.keyring.addFromUri('//council-test-node');
});

afterAll(async () => {
  await t?.close();
});

// TFChain's own pallets are not in @polkadot/api's built-in augmentation: their sections exist at run time only.
const grid = () => api.tx.tfgridModule!;
const dao = () => api.tx.dao!;

const inBlock = inBlockEvents;
const failure = (events: EventRecord[]): string | undefined => moduleFailure(api, events);

const eventData = (events: EventRecord[], section: string, method: string) =>
  events.find(({ event }) => event.section === section && event.method === method)?.event.data.toJSON() as unknown[] | undefined;

/** Proposes `call` to the council with threshold 2; both members vote aye; Bob closes as tfchain_client does. */
async function councilMotion(call: SubmittableExtrinsic<'promise'>): Promise<EventRecord[]> {
  const proposed = await inBlock(api.tx.council.propose(2, call, 1000), alice);
  expect(failure(proposed)).toBeUndefined();
  const [, index, hash, threshold] = eventData(proposed, 'council', 'Proposed')!;
  expect(threshold).toBe(2);
  expect(failure(await inBlock(api.tx.council.vote(hash as string, index as number, true), alice))).toBeUndefined();
  expect(failure(await inBlock(api.tx.council.vote(hash as string, index as number, true), bob))).toBeUndefined();
  const now = Math.floor(Date.now() / 1000);
  return inBlock(api.tx.council.close(hash as string, index as number, { refTime: now, proofSize: 100_000 }, 1000), bob);
}

describe('council motions with @polkadot/api', () => {
  let farmId: number;

  beforeAll(async () => {
    await inBlock(api.tx.balances.transferKeepAlive(charlie.address, 100n * TFT), alice);
    await inBlock(api.tx.balances.transferKeepAlive(nodeKey.address, 100n * TFT), bob);
    for (const who of [alice, charlie, nodeKey]) {
      await inBlock(grid().userAcceptTc!(...TC), who);
      expect(failure(await inBlock(grid().createTwin!('relay.dev.grid.tf', null), who))).toBeUndefined();
    }
    const created = await inBlock(grid().createFarm!('council_farm', [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }]), alice);
    farmId = (eventData(created, 'tfgridModule', 'FarmStored')![0] as { id: number }).id;
  });

  it('certifies a farm Gold once Alice and Bob approve the motion', async () => {
    expect((await api.query.council.members()).map(String).sort()).toEqual([alice.address, bob.address].sort());
    const closed = await councilMotion(grid().setFarmCertification!(farmId, 'Gold'));
    expect(eventNames(closed)).toEqual(expect.arrayContaining([
      'council.Closed', 'council.Approved', 'tfgridModule.FarmCertificationSet', 'council.Executed',
    ]));
    expect(eventData(closed, 'council', 'Executed')![1]).toEqual({ ok: null });
    expect((await api.query.tfgridModule!.farms!(farmId)).toJSON()).toMatchObject({ certification: 'Gold' });
    expect((await api.query.council.proposals()).length).toBe(0);
  });

  it('creates a farming policy through a motion', async () => {
    const closed = await councilMotion(grid().createFarmingPolicy!(
      'council_gold_policy', 1200, 3000, 40, 6, 95, 0, false, false, 'Certified', 'Gold',
    ));
    expect(eventData(closed, 'council', 'Executed')![1]).toEqual({ ok: null });
    expect((await api.query.tfgridModule!.farmingPolicyID!()).toJSON()).toBe(3);
    expect((await api.query.tfgridModule!.farmingPoliciesMap!(3)).toJSON()).toMatchObject({ name: '0x' + Buffer.from('council_gold_policy').toString('hex') });
  });

  it('refuses a non-member\'s vote (Council.NotMember), a wrong index and an early close; a nay disapproves', async () => {
    const proposed = await inBlock(api.tx.council.propose(2, grid().setConnectionPrice!(99), 1000), alice);
    const [, index, hash] = eventData(proposed, 'council', 'Proposed')!;
    expect(failure(await inBlock(api.tx.council.vote(hash as string, index as number, true), charlie))).toBe('council.NotMember');
    expect(failure(await inBlock(api.tx.council.vote(hash as string, 99, true), alice))).toBe('council.WrongIndex');
    const early = await inBlock(api.tx.council.close(hash as string, index as number, { refTime: 1e9, proofSize: 1e5 }, 1000), bob);
    expect(failure(early)).toBe('council.TooEarly');
    expect(failure(await inBlock(api.tx.council.vote(hash as string, index as number, false), bob))).toBeUndefined();
    const closed = await inBlock(api.tx.council.close(hash as string, index as number, { refTime: 1e9, proofSize: 1e5 }, 1000), bob);
    expect(eventNames(closed)).toEqual(expect.arrayContaining(['council.Closed', 'council.Disapproved']));
    expect((await api.query.tfgridModule!.connectionPrice!()).toJSON()).toBe(80);
  });

  describe('with a node on the farm', () => {
    let nodeId: number;
    let contractId: number;

    beforeAll(async () => {
      const created = await inBlock(grid().createNode!(
        farmId, { hru: 0n, sru: 512n * GIB, cru: 8n, mru: 16n * GIB },
        { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' },
        [{ name: 'zos', mac: '52:54:00:aa:bb:cc', ips: ['10.0.0.2'] }], false, false, null,
      ), nodeKey);
      expect(failure(created)).toBeUndefined();
      nodeId = (eventData(created, 'tfgridModule', 'NodeStored')![0] as { id: number }).id;
    });

    it('lets the farm vote on a Dao proposal with its weight, and a council member close it into execution', async () => {
      const weight = (await api.query.dao!.farmWeight!(farmId)).toJSON() as number;
      expect(weight).toBeGreaterThan(0);
      const proposed = await inBlock(dao().propose!(1, grid().setConnectionPrice!(90), 'connection price 90', 'https://forum.threefold.io', null), alice);
      expect(failure(proposed)).toBeUndefined();
      const [, index, hash] = eventData(proposed, 'dao', 'Proposed')!;
      expect((await api.query.dao!.proposalList!()).toJSON()).toEqual([hash]);
      expect(failure(await inBlock(dao().vote!(farmId, hash, true), charlie))).toBe('dao.NotAuthorizedToVote');
      expect(failure(await inBlock(dao().close!(hash, index), charlie))).toBe('dao.NotCouncilMember');
      expect(failure(await inBlock(dao().vote!(farmId, hash, true), alice))).toBeUndefined();
      expect((await api.query.dao!.voting!(hash)).toJSON()).toMatchObject({ ayes: [{ farmId, weight }], nays: [] });
      const closed = await inBlock(dao().close!(hash, index), bob);
      expect(eventNames(closed)).toEqual(expect.arrayContaining([
        'dao.Closed', 'dao.Approved', 'tfgridModule.ConnectionPriceSet', 'dao.Executed',
      ]));
      // The Dao runs its calls as Root.
      expect(eventData(closed, 'dao', 'Executed')![1]).toEqual({ ok: null });
      expect((await api.query.tfgridModule!.connectionPrice!()).toJSON()).toBe(90);
      expect(eventData(closed, 'dao', 'Closed')).toEqual([hash, 1, weight, 0, 0]);
      expect((await api.query.dao!.proposalList!()).toJSON()).toEqual([]);
    });

    it('cancels the node\'s contract, frees its public IP and drops the farm weight when the farmer deletes the node', async () => {
      const created = await inBlock(api.tx.smartContractModule!.createNodeContract!(nodeId, '0x' + '11'.repeat(32), 'data', 1, null), charlie);
      expect(failure(created)).toBeUndefined();
      contractId = (eventData(created, 'smartContractModule', 'ContractCreated')![0] as { contractId: number }).contractId;
      expect((await api.query.tfgridModule!.farms!(farmId)).toJSON()).toMatchObject({ publicIps: [{ contractId }] });

      const deleted = await inBlock(grid().deleteNodeFarm!(nodeId), alice);
      expect(failure(deleted)).toBeUndefined();
      const names = eventNames(deleted);
      expect(names).toEqual(expect.arrayContaining([
        'smartContractModule.IPsFreed', 'smartContractModule.NodeContractCanceled', 'tfgridModule.NodeDeleted',
      ]));
      expect(names.indexOf('smartContractModule.NodeContractCanceled')).toBeLessThan(names.indexOf('tfgridModule.NodeDeleted'));
      expect((await api.query.smartContractModule!.contracts!(contractId)).isEmpty).toBe(true);
      expect((await api.query.smartContractModule!.activeNodeContracts!(nodeId)).toJSON()).toEqual([]);
      expect((await api.query.tfgridModule!.farms!(farmId)).toJSON()).toMatchObject({ publicIps: [{ contractId: 0 }] });
      expect((await api.query.dao!.farmWeight!(farmId)).toJSON()).toBe(0);
      expect(t.problems).toEqual([]);
    });
  });
});
