// networks.check through the app backend's typed API, as Settings calls it: against a real local grid started by the
// app (the local profile follows it, and its chain, relay, proxy and GraphQL answer), and against a live network
// whose endpoints were edited to a closed port (each endpoint says why it did not answer, and nothing crashes).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridView, NetworkCheck, NetworkProfile } from '../../../src-main/api/contract';
import { createBackend, type Backend } from '../../../src-main/backend';
import { killLeftovers } from '../grid/cli-harness';

let dataDir: string;
let backend: Backend;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridbox-networks-check-'));
  backend = await createBackend({ dataDir, mode: 'web', version: 'test', gridPorts: 'free' });
});
afterAll(async () => {
  await backend?.dispose();
  killLeftovers();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const envelope = await backend.dispatcher.call(method, params);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.result as T;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

const byEndpoint = (check: NetworkCheck) => Object.fromEntries(check.results.map((r) => [r.endpoint, r]));

describe('networks.check', () => {
  it('says which endpoints of a network answer when they point at a closed port', async () => {
    const port = await closedPort();
    await call<NetworkProfile>('networks.update', {
      id: 'dev',
      endpoints: { substrate: `ws://127.0.0.1:${port}`, relay: `ws://127.0.0.1:${port}`, proxy: `http://127.0.0.1:${port}`, graphql: `http://127.0.0.1:${port}/graphql` },
    });
    const started = Date.now();
    const check = await call<NetworkCheck>('networks.check', { id: 'dev' });
    // Refused connections fail fast, not after the 5 s timeout.
    expect(Date.now() - started).toBeLessThan(5000);
    const r = byEndpoint(check);
    for (const endpoint of ['substrate', 'relay', 'proxy', 'graphql']) {
      expect(r[endpoint]).toMatchObject({ ok: false, detail: expect.stringMatching(/cannot connect/) });
    }
    // The reason, not just "fetch failed".
    expect(r.proxy!.detail).toMatch(/ECONNREFUSED/);
    expect(r.graphql!.detail).toMatch(/ECONNREFUSED/);
    // Before the local grid runs, its profile has nothing to check.
    const local = await call<NetworkCheck>('networks.check', { id: 'local' });
    expect(local.results.every((x) => !x.ok && x.detail === 'not set')).toBe(true);
  });

  it('finds every endpoint of a real local grid answering, through the local profile that follows it', { timeout: 240_000 }, async () => {
    const view = await call<GridView>('grid.start', { nodes: 0 });
    expect(view.state).toBe('running');
    const local = (await call<NetworkProfile[]>('networks.list')).find((n) => n.id === 'local')!;
    expect(local.endpoints.substrate).toBe(view.endpoints?.substrate);
    expect(local.endpoints.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const check = await call<NetworkCheck>('networks.check', { id: 'local' });
    const r = byEndpoint(check);
    expect(r.substrate).toMatchObject({ ok: true, detail: expect.stringMatching(/^chain "/) });
    expect(r.relay).toMatchObject({ ok: true, detail: expect.stringMatching(/asks for a twin token/) });
    expect(r.proxy).toMatchObject({ ok: true, detail: 'answers HTTP 200' });
    expect(r.graphql).toMatchObject({ ok: true, detail: 'answers HTTP 200' });
    for (const x of check.results) expect(x.ms).toBeGreaterThanOrEqual(0);

    await call<GridView>('grid.stop');
    const after = (await call<NetworkProfile[]>('networks.list')).find((n) => n.id === 'local')!;
    expect(after.endpoints.substrate).toBe('');
  });
});
