import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../../src-main/backend';
import { startWebServer, type WebServer } from '../../src-main/web/server';

let dir: string;
let backend: Backend;
let server: WebServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridbox-web-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Gridbox</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  backend = await createBackend({ dataDir: join(dir, 'data'), mode: 'web', version: '0.0.0-test' });
  server = await startWebServer({ dispatcher: backend.dispatcher, rendererDir: renderer });
});
afterAll(async () => {
  await server?.close();
  backend?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP GET, so the Host header and the path can be anything a hostile client would send. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = () => ({ cookie: `gridbox_session=${server.token}` });

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { origin: server.origin, headers: cookie() });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function rpc(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('web fallback server', () => {
  it('refuses requests without the token and trades a valid token for an HttpOnly cookie', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/', { cookie: 'gridbox_session=guess' })).status).toBe(401);
    const first = await get(`/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(first.headers.location).toBe('/');
    const page = await get('/', cookie());
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Gridbox</title>');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await get('/', { ...cookie(), host: `attacker.example:${server.port}` });
    expect(res.status).toBe(421);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(path, cookie());
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('answers malformed frames, unknown methods and bad params with errors, and keeps serving', async () => {
    const ws = await connect();
    expect(await rpc(ws, 'not json')).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await rpc(ws, { id: 1, method: 'keys.steal', params: {} })).toMatchObject({
      id: 1,
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await rpc(ws, { id: 2, method: 'settings.update', params: { autoLockMinutes: -5 } })).toMatchObject({
      id: 2,
      ok: false,
      error: { code: 'invalid_params' },
    });
    expect(await rpc(ws, { id: 3, method: 'app.info', params: {} })).toMatchObject({
      id: 3,
      ok: true,
      result: { mode: 'web', version: '0.0.0-test' },
    });
    ws.close();
  });

  it('delivers subscription events until unsubscribed', async () => {
    const ws = await connect();
    expect(await rpc(ws, { id: 1, subscribe: 'settings.changed', params: {} })).toEqual({ id: 1, ok: true, result: null });
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    ws.send(JSON.stringify({ id: 2, method: 'settings.update', params: { theme: 'dark' } }));
    await expect.poll(() => frames.find((f) => f.sub === 1)).toMatchObject({ sub: 1, event: { theme: 'dark' } });
    ws.send(JSON.stringify({ id: 3, unsubscribe: 1 }));
    await expect.poll(() => frames.find((f) => f.id === 3)).toBeTruthy();
    ws.send(JSON.stringify({ id: 4, method: 'settings.update', params: { theme: 'light' } }));
    await expect.poll(() => frames.find((f) => f.id === 4)).toBeTruthy();
    expect(frames.filter((f) => f.sub === 1)).toHaveLength(1);
    ws.close();
  });
});
