import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'gridbox-launcher-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('`npm start` without an Electron binary says so in one line and serves the web app on a tokened loopback URL', async () => {
  const child = spawn(process.execPath, ['src-main/launcher/start.mjs', '--port', '0'], {
    cwd: root,
    env: { ...process.env, GRIDBOX_DATA_DIR: dataDir, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron-here') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 90_000);
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      const match = /Gridbox is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43})/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  try {
    expect(output.split('\n').filter((l) => /Electron is not installed/.test(l))).toHaveLength(1);
    expect(output).not.toMatch(/Downloading Electron|fetch failed/);
    const denied = await fetch(url.replace(/\?token=.*/, ''), { redirect: 'manual' });
    expect(denied.status).toBe(401);
    const allowed = await fetch(url, { redirect: 'manual' });
    expect(allowed.status).toBe(303);
  } finally {
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
  }
});
