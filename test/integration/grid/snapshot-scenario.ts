// The whole-grid snapshot round trip, run on a grid from `gridbox up` with either backend
// (grid/workspace-snapshot.test.ts with processes, docker/snapshot-docker.test.ts with containers): a deployment on
// node1, `gridbox snapshot save`, then a transfer, a second deployment and the first one's cancellation;
// `gridbox snapshot restore` puts the chain (balance, contracts) and node1's deployments (zos.deployment.list over RMB
// with the unmodified clients) back as they were at the snapshot, and the nodes are online again with their ids.
import { expect } from 'vitest';
import { challengeHash } from '../../../simulator/node/deployments/challenge';
import { signDeployment, vmDeployment } from '../../unit/node/deployment-fixture';
import { createNodeContract, rmbCall, workloadStates } from '../node/grid-user';
import { gridboxSync, type UpSummary } from './cli-harness';
import { TFT, type GridSession } from './grid-user-session';

const GIB = 1024 ** 3;

export async function snapshotRoundTrip(session: GridSession): Promise<void> {
  const { dir, summary, user } = session;
  async function deploy(nodeId: number, nodeTwin: number, cpu: number): Promise<number> {
    const draft = vmDeployment({ twinId: user.twinId, cpu, memory: 2 * GIB });
    const contractId = await createNodeContract(user, nodeId, challengeHash(draft));
    const deployment = signDeployment({ ...draft, contract_id: contractId }, user.twinId, user.pair);
    expect(await rmbCall(user, nodeTwin, 'zos.deployment.deploy', deployment)).toBeNull();
    expect(await workloadStates(user, nodeTwin, contractId)).toEqual(['ok', 'ok', 'ok']);
    return contractId;
  }

  async function free(address: string, at?: string): Promise<bigint> {
    const query = user.client.api.query.system.account;
    const account = (await (at ? query.at(at, address) : query(address))).toJSON() as { data: { free: number | string } };
    return BigInt(account.data.free);
  }

  async function contractExists(id: number): Promise<boolean> {
    return !(await user.client.api.query.smartContractModule!.contracts!(id)).isEmpty;
  }

  const listed = async (nodeTwin: number) => (await rmbCall<{ contract_id: number }[]>(user, nodeTwin, 'zos.deployment.list')).map((d) => d.contract_id).sort();

  const [node1] = summary.nodes as [UpSummary['nodes'][number]];
  const first = await deploy(node1.nodeId, node1.twinId, 1);

  const saved = gridboxSync(['snapshot', 'save', 'before', '--json', '--data', dir], {}, 120_000);
  expect(saved.status, saved.stderr).toBe(0);
  const info = JSON.parse(saved.stdout) as { name: string; nodes: string[]; blockHash: string };
  expect(info).toMatchObject({ name: 'before', nodes: ['node1', 'node2'] });
  // The balance in the saved block: the running contract is billed every few blocks, so a balance read before or
  // after the save can differ from it by a bill.
  const balance = await free(user.pair.address, info.blockHash);

  // After the snapshot: a transfer, a second deployment, and the first one cancelled.
  await (await user.client.balances.transfer({ address: session.funder.address, amount: 3 * TFT })).apply();
  const second = await deploy(node1.nodeId, node1.twinId, 2);
  await (await user.client.contracts.cancel({ id: first }))!.apply();
  await expect.poll(() => listed(node1.twinId), { timeout: 10_000 }).toEqual([second]);
  expect(await free(user.pair.address)).toBeLessThan(balance - BigInt(3 * TFT) + 1n);

  const listedSnapshots = gridboxSync(['snapshot', 'list', '--json', '--data', dir]);
  expect((JSON.parse(listedSnapshots.stdout) as { name: string }[]).map((s) => s.name)).toEqual(['before']);

  const restored = gridboxSync(['snapshot', 'restore', 'before', '--data', dir], {}, 120_000);
  expect(restored.status, restored.stderr).toBe(0);
  expect(restored.stdout).toMatch(/Restored snapshot before/);

  // The contract restored with the snapshot goes on being billed from there: at most a few small bills below the
  // snapshot's balance, and far above the balance the 3 TFT transfer left.
  const restoredFree = await free(user.pair.address);
  expect(restoredFree).toBeLessThanOrEqual(balance);
  expect(restoredFree).toBeGreaterThan(balance - BigInt(TFT / 10));
  expect(await contractExists(first)).toBe(true);
  if (second !== first) expect(await contractExists(second)).toBe(false);
  await expect.poll(() => listed(node1.twinId), { timeout: 15_000 }).toEqual([first]);
  expect(await workloadStates(user, node1.twinId, first)).toEqual(['ok', 'ok', 'ok']);

  const status = JSON.parse(gridboxSync(['status', '--json', '--data', dir]).stdout) as { nodes: { name: string; state: string; nodeId: number }[] };
  expect(status.nodes.map((n) => [n.name, n.state, n.nodeId])).toEqual(summary.nodes.map((n) => [n.name, 'online', n.nodeId]));

  expect(gridboxSync(['snapshot', 'save', 'before', '--data', dir]).stderr).toMatch(/already exists/);
  expect(gridboxSync(['snapshot', 'restore', 'nope', '--data', dir]).stderr).toMatch(/no snapshot nope/);
  expect(gridboxSync(['snapshot', 'save', '../x', '--data', dir]).stderr).toMatch(/is not a snapshot name/);
  expect(gridboxSync(['snapshot', 'delete', 'before', '--data', dir]).status).toBe(0);
  expect(JSON.parse(gridboxSync(['snapshot', 'list', '--json', '--data', dir]).stdout)).toEqual([]);
}
