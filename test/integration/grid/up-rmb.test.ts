// Against the grid `gridbox up --nodes 3 --instant --json` starts, a user with the unmodified clients: every node
// answers zos.system.version and zos.statistics.get through the relay (rmb_direct_client 2.9.2); a deployment sent
// to node1 after creating its node contract with tfchain_client reaches ok, the statistics show the used capacity,
// and cancelling the contract frees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeHash } from '../../../simulator/node/deployments/challenge';
import { signDeployment, vmDeployment } from '../../unit/node/deployment-fixture';
import { createNodeContract, rmbCall, usedCruOnChain, workloadStates, type GridUser } from '../node/grid-user';
import type { UpSummary } from './cli-harness';
import { startGridSession, stopGridSession, type GridSession } from './grid-user-session';

const READY_MS = 150_000;
const GIB = 1024 ** 3;

let session: GridSession;
let summary: UpSummary;
let user: GridUser;

beforeAll(async () => {
  session = await startGridSession('gridbox-up-rmb-', 3, READY_MS);
  ({ summary, user } = session);
}, READY_MS + 30_000);

afterAll(() => stopGridSession(session), 30_000);

describe('gridbox up with the official RMB client', () => {
  it('every node answers zos.system.version and zos.statistics.get through the relay', async () => {
    expect(summary.nodes.map((n) => [n.name, n.nodeId])).toEqual([['node1', 1], ['node2', 2], ['node3', 3]]);
    for (const node of summary.nodes) {
      expect(await rmbCall(user, node.twinId, 'zos.system.version')).toMatchObject({ zos: expect.any(String) });
      const stats = await rmbCall<{ total: { cru: number }; used: { cru: number } }>(user, node.twinId, 'zos.statistics.get');
      expect(stats.total.cru).toBeGreaterThan(0);
      expect(stats.used.cru).toBe(0);
    }
  }, 60_000);

  it('a deployment on node1 reaches ok, shows its capacity, and cancelling the contract frees it', async () => {
    const node1 = summary.nodes[0]!;
    const draft = vmDeployment({ twinId: user.twinId, cpu: 2, memory: 4 * GIB });
    const contractId = await createNodeContract(user, node1.nodeId, challengeHash(draft));
    const deployment = signDeployment({ ...draft, contract_id: contractId }, user.twinId, user.pair);
    expect(await rmbCall(user, node1.twinId, 'zos.deployment.deploy', deployment)).toBeNull();
    expect(await workloadStates(user, node1.twinId, contractId)).toEqual(['ok', 'ok', 'ok']);

    const stats = await rmbCall<{ used: { cru: number; mru: number }; system: { mru: number } }>(user, node1.twinId, 'zos.statistics.get');
    expect(stats.used.cru).toBe(2);
    expect(stats.used.mru).toBe(4 * GIB + stats.system.mru);
    await expect.poll(() => usedCruOnChain(user, contractId), { timeout: 10_000 }).toBe(2);

    expect(await (await user.client.contracts.cancel({ id: contractId }))!.apply()).toBe(contractId);
    await expect.poll(async () => (await rmbCall<{ used: { cru: number } }>(user, node1.twinId, 'zos.statistics.get')).used.cru, { timeout: 10_000 }).toBe(0);
  }, 60_000);
});
