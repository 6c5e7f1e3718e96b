// Whole-grid snapshots as a user runs them with the process backend (the round trip is in snapshot-scenario.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { snapshotRoundTrip } from './snapshot-scenario';
import { startGridSession, stopGridSession, type GridSession } from './grid-user-session';

const READY_MS = 150_000;

let session: GridSession;

beforeAll(async () => {
  session = await startGridSession('gridbox-snap-', 2, READY_MS);
}, READY_MS + 30_000);

afterAll(() => stopGridSession(session), 30_000);

describe('gridbox snapshot', () => {
  it('save, a few blocks of changes, restore: chain state and node deployments are as at the snapshot', () => snapshotRoundTrip(session), 240_000);
});
