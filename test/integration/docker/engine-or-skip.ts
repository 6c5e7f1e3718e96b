// The Docker tests' engine: connected when one answers; otherwise the tests skip (with a warning naming them),
// unless GRIDBOX_REQUIRE_DOCKER=1 (set by .ci/run), where a missing engine fails them instead.
import type Docker from 'dockerode';
import { connectDocker } from '../../../simulator/grid/docker/index';

export async function dockerOrSkip(what: string): Promise<Docker | undefined> {
  return connectDocker().catch((error: unknown) => {
    if (process.env.GRIDBOX_REQUIRE_DOCKER === '1') throw new Error(`GRIDBOX_REQUIRE_DOCKER=1 but ${(error as Error).message}`);
    console.warn(`skipping ${what}: ${(error as Error).message}`);
    return undefined;
  });
}
