// The user's path through the real clients, unmodified: tfchain_client creates the node contract with the
// deployment's hash, rmb_direct_client sends the deployment over the local relay to a simulated node, which
// validates it against the chain, provisions it (init → ok), reports the used capacity, and frees it when the
// contract is cancelled. A wrong hash or another twin's deployment is refused with the node's error text.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { challengeHash } from '../../../simulator/node/deployments/challenge';
import type { NodeStatus } from '../../../simulator/node/types';
import { signDeployment, vmDeployment } from '../../unit/node/deployment-fixture';
import { closeUser, createNodeContract, makeUser as makeGridUser, rmbCall, usedCruOnChain, workloadStates, type GridUser as User } from './grid-user';
import { controlCall, startNodeGrid, waitForNode, type NodeGrid } from './harness';

const GIB = 1024 ** 3;

let g: NodeGrid;
let node: NodeStatus;
let alice: User;
let eve: User;

function makeUser(): Promise<User> {
  return makeGridUser({
    chain: g.chain.url, relay: g.relay!.url,
    fund: async (address) => void await (await g.farmer.balances.transfer({ address, amount: 50 * 10_000_000 })).apply(),
  });
}

const call = <T>(user: User, command: string, payload?: unknown): Promise<T> => rmbCall<T>(user, node.twinId!, command, payload);
const usedOnChain = (contractId: number) => usedCruOnChain(alice, contractId);
const createContract = (user: User, hash: string) => createNodeContract(user, node.nodeId!, hash);

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  g = await startNodeGrid({ withRelay: true });
  await controlCall(g, 'POST', '/nodes', { name: 'node1', farmId: g.farmId, profile: 'medium' });
  node = await waitForNode(g, 'node1', (s) => s.state === 'online' && s.relayConnected);
  alice = await makeUser();
  eve = await makeUser();
});

afterAll(async () => {
  for (const u of [alice, eve]) await closeUser(u);
  await g?.close();
  vi.restoreAllMocks();
});

describe('deploying on a simulated node through the relay', () => {
  it('answers zos.system.version and list_wg_ports', async () => {
    expect(await call(alice, 'zos.system.version')).toMatchObject({ zos: expect.any(String) });
    expect(await call(alice, 'zos.network.list_wg_ports')).toEqual([]);
  });

  it('deploys to ok, shows the used capacity, and frees it when the contract is cancelled', async () => {
    const draft = vmDeployment({ twinId: alice.twinId, cpu: 2, memory: 4 * GIB });
    const contractId = await createContract(alice, challengeHash(draft));
    const d = signDeployment({ ...draft, contract_id: contractId }, alice.twinId, alice.pair);
    expect(await call(alice, 'zos.deployment.deploy', d)).toBeNull();

    expect(await workloadStates(alice, node.twinId!, contractId)).toEqual(['ok', 'ok', 'ok']);

    const stats = await call<{ used: { cru: number; mru: number }; system: { mru: number } }>(alice, 'zos.statistics.get');
    expect(stats.used.cru).toBe(2);
    expect(stats.used.mru).toBe(4 * GIB + stats.system.mru);
    // The node reported the contract's resources on chain (what billing and the grid proxy use).
    await expect.poll(() => usedOnChain(contractId), { timeout: 10_000 }).toBe(2);

    expect(await (await alice.client.contracts.cancel({ id: contractId }))!.apply()).toBe(contractId);
    await expect.poll(async () => (await call<{ used: { cru: number } }>(alice, 'zos.statistics.get')).used.cru, { timeout: 10_000 }).toBe(0);
    const gone = await call<{ workloads: { result: { state: string } }[] }>(alice, 'zos.deployment.get', { contract_id: contractId });
    expect(gone.workloads.map((w) => w.result.state)).toEqual(['deleted', 'deleted', 'deleted']);
    expect((await waitForNode(g, 'node1', (s) => s.deployments === 0)).capacity.used.cru).toBe(0);
  });

  it('refuses a deployment whose hash does not match its contract', async () => {
    const d = vmDeployment({ twinId: alice.twinId });
    const contractId = await createContract(alice, 'f'.repeat(32));
    signDeployment(Object.assign(d, { contract_id: contractId }), alice.twinId, alice.pair);
    await expect(call(alice, 'zos.deployment.deploy', d)).rejects.toThrow(/contract hash does not match deployment hash/);
  });

  it("refuses a deployment sent for another twin's contract", async () => {
    const draft = vmDeployment({ twinId: alice.twinId });
    const contractId = await createContract(alice, challengeHash(draft));
    const d = signDeployment({ ...draft, contract_id: contractId }, alice.twinId, eve.pair);
    await expect(call(eve, 'zos.deployment.deploy', d)).rejects.toThrow(/twin id mismatch/);
    const forged = signDeployment({ ...vmDeployment({ twinId: alice.twinId }), contract_id: contractId }, alice.twinId, eve.pair);
    await expect(call(alice, 'zos.deployment.deploy', forged)).rejects.toThrow(/failed to verify deployment signature/);
  });

  it('cut from the relay, the node is offline for RMB; restored, it answers again', async () => {
    await controlCall(g, 'POST', '/nodes/node1/faults', { relayCut: true });
    await waitForNode(g, 'node1', (s) => !s.relayConnected && s.faults.relayCut);
    expect(g.logs.some((l) => l.includes('[node node1]') && l.includes('relay disconnected'))).toBe(true);
    await controlCall(g, 'POST', '/nodes/node1/faults', { relayCut: false });
    await waitForNode(g, 'node1', (s) => s.relayConnected);
    expect(await call(alice, 'zos.system.version')).toMatchObject({ zos: expect.any(String) });
  });

  it('refuses deletion over the API', async () => {
    await expect(call(alice, 'zos.deployment.delete', { contract_id: 1 })).rejects.toThrow(/cancel your contract instead/);
  });
});
