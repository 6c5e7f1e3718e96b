// Dao proposals (dao.rs rules) dispatched directly: farm weights kept by the node hooks, who may propose, vote, veto
// and close, the threshold / end rules, and what deleting a node does to its farm's weight and rent contract.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, type AccountId } from '../../../simulator/chain/core/dispatch/types';
import { DAO_MOTION_DURATION, nodeWeight } from '../../../simulator/chain/runtime/pallets/dao.impl';
import { GIB, nodeArgs } from '../chain-tfgrid/harness';
import { okOf, ready, runtimeHarness, text, type RuntimeHarness } from './harness';

let key: (uri: string) => AccountId;
let alice: AccountId;
let bob: AccountId;
let charlie: AccountId;
let farmer: AccountId;
let nodeKey: AccountId;
let h: RuntimeHarness;

beforeAll(async () => {
  key = await ready();
  alice = key('//Alice');
  bob = key('//Bob');
  charlie = key('//Charlie');
  farmer = key('//dao-unit-farmer');
  nodeKey = key('//dao-unit-node');
});

const TC = { document_link: text('https://library.threefold.me/info/legal/#/'), document_hash: text('9021d4dee05a661e2cb6838152c67f25') };
const grid = (who: AccountId, name: string, args: Record<string, unknown>) => {
  const r = h.call(who, 'TfgridModule', name, args);
  expect(okOf(r)).toBe('ok');
  return r;
};
const RESOURCES = nodeArgs(1).resources;
let farmId: number;
let nodeId: number;

beforeEach(() => {
  h = runtimeHarness();
  for (const who of [farmer, nodeKey, charlie]) {
    grid(who, 'user_accept_tc', TC);
    grid(who, 'create_twin', { relay: text('relay.dev.grid.tf'), pk: null });
  }
  farmId = (grid(farmer, 'create_farm', { name: text('dao_farm'), public_ips: [] }).events[0]!.data as { id: number }).id;
  nodeId = (grid(nodeKey, 'create_node', nodeArgs(farmId)).events.find((e) => e.name === 'NodeStored')!.data as { id: number }).id;
});

const remark = { System: { remark: { remark: text('dao') } } };
function propose(threshold: number, duration: number | null = null) {
  const r = h.call(alice, 'Dao', 'propose', { threshold, action: remark, description: text('d'), link: text('l'), duration });
  expect(okOf(r)).toBe('ok');
  return (r.events[0]!.data as { proposal_hash: Uint8Array }).proposal_hash;
}

describe('farm weight', () => {
  it('is 2·CU + SU of the farm\'s nodes, follows updates and drops to 0 when the node is deleted', () => {
    // 8 cores, 16 GiB, 500 GiB SSD, 4000 GiB HDD: the SSD bound is the smallest (tfchain_support scales memory by a
    // GiB twice), CU = 2·⌊500·20/1000⌋ = 20, SU = ⌊(4000/1.2 + 500·4)/1000⌋ = 5, weight = 2·20 + 5.
    expect(nodeWeight(RESOURCES)).toBe(45n);
    expect(h.read('Dao', 'FarmWeight', farmId)).toBe(nodeWeight(RESOURCES));
    const bigger = { ...RESOURCES, mru: 64n * GIB };
    grid(nodeKey, 'update_node', { ...nodeArgs(farmId, { resources: bigger }), node_id: nodeId });
    expect(h.read('Dao', 'FarmWeight', farmId)).toBe(nodeWeight(bigger));
    grid(farmer, 'delete_node_farm', { node_id: nodeId });
    expect(h.read('Dao', 'FarmWeight', farmId)).toBe(0n);
  });
});

describe('Dao proposals', () => {
  it('are for council members; the farm\'s owner votes with its weight; a met threshold closes early into execution', () => {
    expect(h.call(charlie, 'Dao', 'propose', { threshold: 1, action: remark, description: text(''), link: text(''), duration: null }).error)
      .toEqual(h.error('Dao', 'NotCouncilMember'));
    const hash = propose(1);
    expect(h.read('Dao', 'Voting', hash)).toMatchObject({ index: 0, threshold: 1, end: 1 + DAO_MOTION_DURATION });
    expect(h.call(alice, 'Dao', 'propose', { threshold: 1, action: remark, description: text(''), link: text(''), duration: null }).error)
      .toEqual(h.error('Dao', 'DuplicateProposal'));
    expect(h.call(alice, 'Dao', 'close', { proposal_hash: hash, proposal_index: 0 }).error)
      .toEqual(h.error('Dao', 'OngoingVoteAndTresholdStillNotMet'));
    expect(h.call(charlie, 'Dao', 'vote', { farm_id: farmId, proposal_hash: hash, approve: true }).error)
      .toEqual(h.error('Dao', 'NotAuthorizedToVote'));
    const voted = h.call(farmer, 'Dao', 'vote', { farm_id: farmId, proposal_hash: hash, approve: true });
    expect(voted.post.paysFee).toBe('No');
    expect(h.call(farmer, 'Dao', 'vote', { farm_id: farmId, proposal_hash: hash, approve: true }).error)
      .toEqual(h.error('Dao', 'DuplicateVote'));
    expect(h.call(farmer, 'Dao', 'close', { proposal_hash: hash, proposal_index: 0 }).error).toEqual(h.error('Dao', 'NotCouncilMember'));
    expect(h.call(bob, 'Dao', 'close', { proposal_hash: hash, proposal_index: 3 }).error).toEqual(h.error('Dao', 'WrongIndex'));
    const closed = h.call(bob, 'Dao', 'close', { proposal_hash: hash, proposal_index: 0 });
    expect(closed.events.map((e) => `${e.pallet}.${e.name}`)).toEqual(['Dao.Closed', 'Dao.Approved', 'Dao.Executed']);
    expect(closed.events[0]!.data).toMatchObject({ yes: 1, yes_weight: nodeWeight(RESOURCES), no: 0, no_weight: 0n });
    expect(closed.events[2]!.data).toMatchObject({ result: { Ok: null } });
    expect(h.read('Dao', 'ProposalList')).toEqual([]);
    expect(h.read('Dao', 'Proposals', hash)).toBeNull();
  });

  it('refuses votes from farms without nodes and after the end; an expired proposal without votes is disapproved', () => {
    const hash = propose(2, 10);
    grid(farmer, 'delete_node_farm', { node_id: nodeId });
    expect(h.call(farmer, 'Dao', 'vote', { farm_id: farmId, proposal_hash: hash, approve: false }).error)
      .toEqual(h.error('Dao', 'FarmHasNoNodes'));
    h.atBlock(12);
    expect(h.call(farmer, 'Dao', 'vote', { farm_id: farmId, proposal_hash: hash, approve: false }).error)
      .toEqual(h.error('Dao', 'TimeLimitReached'));
    const closed = h.call(alice, 'Dao', 'close', { proposal_hash: hash, proposal_index: 0 });
    expect(closed.events.map((e) => e.name)).toEqual(['Closed', 'Disapproved']);
    expect(h.call(alice, 'Dao', 'propose', { threshold: 1, action: remark, description: text(''), link: text(''), duration: 30 * 14_400 }).error)
      .toEqual(h.error('Dao', 'InvalidProposalDuration'));
  });

  it('is closed by the council after three vetos', () => {
    expect(okOf(h.call(ROOT, 'CouncilMembership', 'add_member', { who: { Id: charlie } }))).toBe('ok');
    const hash = propose(1);
    for (const who of [alice, bob]) {
      expect(h.call(who, 'Dao', 'veto', { proposal_hash: hash }).events.map((e) => e.name)).toEqual(['CouncilMemberVeto']);
    }
    expect(h.call(alice, 'Dao', 'veto', { proposal_hash: hash }).error).toEqual(h.error('Dao', 'DuplicateVeto'));
    const last = h.call(charlie, 'Dao', 'veto', { proposal_hash: hash });
    expect(last.events.map((e) => e.name)).toEqual(['CouncilMemberVeto', 'ClosedByCouncil', 'Disapproved']);
    expect(h.read('Dao', 'Voting', hash)).toBeNull();
  });
});

describe('deleting a node', () => {
  it('cancels its rent contract with a final bill, as the runtime\'s node_deleted hook does', () => {
    const rent = h.call(charlie, 'SmartContractModule', 'create_rent_contract', { node_id: nodeId, solution_provider_id: null });
    expect(okOf(rent)).toBe('ok');
    const id = (rent.events.find((e) => e.name === 'ContractCreated')!.data as { contract_id: bigint }).contract_id;
    h.atBlock(5);
    const deleted = h.call(farmer, 'TfgridModule', 'delete_node_farm', { node_id: nodeId });
    const names = deleted.events.map((e) => `${e.pallet}.${e.name}`);
    expect(names).toContain('SmartContractModule.RentContractCanceled');
    expect(names.indexOf('SmartContractModule.RentContractCanceled')).toBeLessThan(names.indexOf('TfgridModule.NodeDeleted'));
    expect(h.read('SmartContractModule', 'Contracts', id)).toBeNull();
    expect(h.read('SmartContractModule', 'ActiveRentContractForNode', nodeId)).toBeNull();
  });
});
