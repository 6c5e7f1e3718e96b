// Whole-grid snapshots with the Docker backend: the same round trip as with processes (grid/snapshot-scenario.ts)
// on `gridbox up --docker`: the chain's snapshot through its published RPC, the nodes stopped and started through
// the node fleet's control API, and their bind-mounted folders copied and put back. Runs only when a Docker engine
// answers (GRIDBOX_REQUIRE_DOCKER=1 makes a missing engine a failure).
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ensureSimImage, removeOurResources } from '../../../simulator/grid/docker/index';
import { dockerOrSkip } from './engine-or-skip';
import { snapshotRoundTrip } from '../grid/snapshot-scenario';
import { startGridSession, stopGridSession, type GridSession } from '../grid/grid-user-session';

const READY_MS = 240_000;
const docker: Docker | undefined = await dockerOrSkip('the Docker snapshot test');

let session: GridSession | undefined;

beforeAll(async () => {
  if (!docker) return;
  await ensureSimImage(docker);
  session = await startGridSession('gridbox-snap-docker-', 2, READY_MS, ['--docker']);
}, 600_000 + READY_MS);

afterAll(async () => {
  const dir = session?.dir;
  await stopGridSession(session);
  // A `gridbox up` that did not get to stop its containers leaves them: removed by label.
  if (docker && dir) await removeOurResources(docker, dir);
}, 60_000);

describe.skipIf(!docker)('gridbox snapshot with --docker', () => {
  it('save, a few blocks of changes, restore: chain state and node deployments are as at the snapshot', () => snapshotRoundTrip(session!), 300_000);
});
