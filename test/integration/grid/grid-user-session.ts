// A grid from `gridbox up --instant --free-ports` in a temporary workspace and a user of it with the unmodified
// clients (a twin funded by //Bob, an RMB client), set up once per test file and taken down after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@threefold/tfchain_client';
import { vi } from 'vitest';
import { closeUser, makeUser, type GridUser } from '../node/grid-user';
import { gridboxUp, killLeftovers, type Cli, type UpSummary } from './cli-harness';

export const TFT = 10_000_000;

export interface GridSession { dir: string; cli: Cli; summary: UpSummary; funder: Client; user: GridUser }

export async function startGridSession(prefix: string, nodes: number, readyMs: number, extra: string[] = []): Promise<GridSession> {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const { cli, summary } = await gridboxUp(dir, nodes, extra, readyMs);
  // //Bob is a funded dev account the grid itself does not use (the farmer is //Farmer).
  const funder = new Client({ url: summary.substrate, mnemonicOrSecret: '//Bob' });
  await funder.connect();
  const user = await makeUser({
    chain: summary.substrate, relay: summary.relay,
    fund: async (address) => void await (await funder.balances.transfer({ address, amount: 50 * TFT })).apply(),
  });
  return { dir, cli, summary, funder, user };
}

export async function stopGridSession(session: GridSession | undefined): Promise<void> {
  await closeUser(session?.user);
  await session?.funder.disconnect();
  session?.cli.child.kill('SIGTERM');
  await session?.cli.exited;
  killLeftovers();
  if (session) rmSync(session.dir, { recursive: true, force: true });
  vi.restoreAllMocks();
}
