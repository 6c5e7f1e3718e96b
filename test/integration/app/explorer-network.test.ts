// The explorer follows the network the app works against: a live network's chain once it is chosen (played here by
// a second dev chain set as the dev network's endpoint), and nothing again when the local grid is chosen and stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerState } from '../../../src-main/api/contract';
import { startTestChain, type TestChain } from '../chain/helpers';
import { startTestBackend, type TestBackend } from './app-backend';

let chain: TestChain;
let app: TestBackend;

beforeAll(async () => {
  chain = await startTestChain('instant');
  app = await startTestBackend('explorer-network');
});
afterAll(async () => {
  await app?.close();
  await chain?.close();
});

async function explorerState(until: (s: ExplorerState) => boolean): Promise<ExplorerState> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await app.call<ExplorerState>('explorer.status');
    if (until(state) || Date.now() > deadline) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('explorer on the chosen network', () => {
  it('follows the dev network once chosen, and the local grid again after', { timeout: 60_000 }, async () => {
    expect((await explorerState(() => true)).endpoint).toBeNull();
    await app.call('networks.update', { id: 'dev', endpoints: { substrate: chain.running.url } });
    await app.call('networks.select', { id: 'dev' });
    const live = await explorerState((s) => s.connected && s.head >= 0);
    expect(live).toMatchObject({ endpoint: chain.running.url, connected: true });
    await app.call('networks.select', { id: 'local' });
    expect((await explorerState((s) => s.endpoint === null)).endpoint).toBeNull();
  });
});
