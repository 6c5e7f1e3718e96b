// The web fallback hands an exported workspace to the browser: the export's result names a download on the app's
// origin, which serves the archive (a gzip tarball with workspace.json) behind the session token; a request without
// the token, or one that tries to leave the exports folder, gets nothing.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceExport } from '../../src-main/api/contract';
import { createBackend, type Backend } from '../../src-main/backend';
import { exportsDirOf } from '../../src-main/backend/grid/export-downloads';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { readTarGz } from '../../simulator/grid/archive/tar';

let dir: string;
let backend: Backend;
let server: WebServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridbox-web-export-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Gridbox</title>');
  const dataDir = join(dir, 'data');
  backend = await createBackend({ dataDir, mode: 'web', version: '0.0.0-test' });
  server = await startWebServer({ dispatcher: backend.dispatcher, rendererDir: renderer, exportsDir: exportsDirOf(dataDir) });
});
afterAll(async () => {
  await server?.close();
  await backend?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(method: string, params: unknown): Promise<T> {
  const envelope = await backend.dispatcher.call(method, params);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.result as T;
}

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const session = () => ({ cookie: `gridbox_session=${server.token}` });

describe('workspace export in the web fallback', () => {
  it('downloads the archive with the session, as a gzip tarball holding workspace.json', async () => {
    await call('workspaces.create', { name: 'demo', nodes: 2, open: false });
    const exported = await call<WorkspaceExport>('workspaces.export', { name: 'demo' });
    expect(exported.download).toMatch(/^\/exports\/demo-[\d-]+\.tar\.gz$/);

    const res = await get(exported.download!, session());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="demo-[\d-]+\.tar\.gz"$/);
    expect([...res.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const entries = readTarGz(res.body);
    const config = entries.find((e) => e.path === 'workspace.json');
    expect(JSON.parse(Buffer.from(config!.data!).toString('utf8'))).toMatchObject({ nodes: [{ name: 'node1' }, { name: 'node2' }] });
    // The token in the URL works too (then it becomes the cookie).
    expect((await get(`${exported.download!}?token=${server.token}`)).status).toBe(303);
  });

  it('refuses a request without the token, and any path that leaves the exports folder', async () => {
    const exported = await call<WorkspaceExport>('workspaces.export', { name: 'demo' });
    expect((await get(exported.download!)).status).toBe(401);
    expect((await get(exported.download!, { cookie: 'gridbox_session=wrong' })).status).toBe(401);
    writeFileSync(join(dir, 'data', 'secret.tar.gz'), 'outside the exports folder');
    for (const path of ['/exports/..%2Fsecret.tar.gz', '/exports/%2e%2e%2fsecret.tar.gz', '/exports/../secret.tar.gz', '/exports/%2e%2e/secret.tar.gz', '/exports/', '/exports/nothing-here.tar.gz', '/exports/demo.json']) {
      const res = await get(path, session());
      expect(res.status, path).toBe(404);
      expect(res.body.toString()).not.toContain('outside the exports folder');
    }
  });

  it('offers no download for an archive written elsewhere', async () => {
    const exported = await call<WorkspaceExport>('workspaces.export', { name: 'demo', path: join(dir, 'elsewhere.tar.gz') });
    expect(exported.download).toBeUndefined();
  });
});
