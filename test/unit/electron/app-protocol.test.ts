import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  createAppProtocolHandler,
  mimeTypeFor,
  resolveAppFile,
} from '../../../src-main/main/app-protocol';
import { contentSecurityPolicy } from '../../../src-main/main/security';

const ROOT = join(sep, 'app', 'out', 'renderer');

describe('resolveAppFile', () => {
  it('maps app:// paths into the renderer folder', () => {
    expect(resolveAppFile(ROOT, 'app://gridbox/index.html')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'app://gridbox/assets/index-abc.js')).toBe(join(ROOT, 'assets', 'index-abc.js'));
    expect(resolveAppFile(ROOT, 'app://gridbox/assets/a%20b.css?v=1#x')).toBe(join(ROOT, 'assets', 'a b.css'));
  });

  it('serves index.html for the bare origin', () => {
    expect(resolveAppFile(ROOT, 'app://gridbox')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'app://gridbox/')).toBe(join(ROOT, 'index.html'));
  });

  it('keeps plain dot segments inside the folder (the URL parser already resolved them)', () => {
    expect(resolveAppFile(ROOT, 'app://gridbox/../../etc/passwd')).toBe(join(ROOT, 'etc', 'passwd'));
    expect(resolveAppFile(ROOT, 'app://gridbox/%2e%2e/%2e%2e/etc/passwd')).toBe(join(ROOT, 'etc', 'passwd'));
  });

  it.each([
    ['encoded slashes', 'app://gridbox/..%2f..%2fetc%2fpasswd'],
    ['encoded slashes after a folder', 'app://gridbox/a/%2e%2e%2f%2e%2e%2f..%2fx'],
    ['encoded backslashes', 'app://gridbox/..%5c..%5cwindows%5cwin.ini'],
    ['a lone encoded backslash', 'app://gridbox/assets%5capp.js'],
    ['a NUL byte', 'app://gridbox/index.html%00.png'],
    ['broken percent-encoding', 'app://gridbox/%E0%A4%A'],
    ['an absolute path in disguise', 'app://gridbox/%2fetc%2fpasswd/..%2f..'],
    ['another host', 'app://evil/index.html'],
    ['a host with a port', 'app://gridbox:80/index.html'],
    ['another scheme', 'file:///app/out/renderer/index.html'],
    ['credentials', 'app://user:pw@gridbox/index.html'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppFile(ROOT, url)).toBeNull();
  });

  it('names the entry URL on the app origin', () => {
    expect(APP_ORIGIN).toBe('app://gridbox');
    expect(APP_ENTRY_URL).toBe('app://gridbox/index.html');
  });
});

describe('mimeTypeFor', () => {
  it('knows the types a Vite build produces', () => {
    expect(mimeTypeFor('a/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('a/x.JS')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('a/x.css')).toMatch(/^text\/css/);
    expect(mimeTypeFor('a/x.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('a/x.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a/x.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a/x.unknown')).toBe('application/octet-stream');
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridbox-protocol-'));
    root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Gridbox</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'outside');
    handler = createAppProtocolHandler({ rootDir: root, readFile: (p) => readFile(p), csp: contentSecurityPolicy() });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files with their type, the CSP and nosniff', async () => {
    const res = await handler(new Request('app://gridbox/assets/app.js'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the app shell for the root and for client-side routes', async () => {
    for (const url of ['app://gridbox/', 'app://gridbox/keys/import']) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain('<title>Gridbox</title>');
    }
  });

  it('answers 404 for missing assets, with the CSP still set', async () => {
    const res = await handler(new Request('app://gridbox/assets/missing.js'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of ['app://gridbox/..%2fsecret.txt', 'app://gridbox/%2e%2e/secret.txt', 'app://gridbox/assets/..%2f..%2fsecret.txt']) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('outside');
    }
  });

  it('only answers GET and HEAD', async () => {
    const res = await handler(new Request('app://gridbox/index.html', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
  });

  it('answers 500 without detail when reading fails unexpectedly', async () => {
    const failing = createAppProtocolHandler({
      rootDir: root,
      readFile: () => Promise.reject(Object.assign(new Error('EACCES: /home/user/secret'), { code: 'EACCES' })),
      csp: 'x',
    });
    const res = await failing(new Request('app://gridbox/index.html'));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('/home/user');
  });
});
