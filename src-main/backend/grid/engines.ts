/** Which grid backends can run on this machine: Docker only when an engine answers a ping. */
import type { GridEngines } from '../../api/contract';

const CACHE_MS = 10_000;
let cached: { at: number; value: GridEngines['docker'] } | undefined;

/** Pinged at most every 10 s: the dashboard asks each time it opens, and a missing engine takes up to 3 s to say so. */
export async function dockerEngine(): Promise<GridEngines['docker']> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  // dockerode takes about half a second to load: only on this question, never at start-up.
  const { connectDocker } = await import('../../../simulator/grid/docker/index');
  let value: GridEngines['docker'];
  try {
    await connectDocker();
    value = { available: true };
  } catch (error) {
    value = { available: false, reason: `${(error as Error).message.replace(/ or run without --docker$/, '')}; the process backend works without it` };
  }
  cached = { at: Date.now(), value };
  return value;
}
