#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is installed, otherwise the same backend and renderer as a
// loopback web app. Plain JavaScript so it runs before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const argv = process.argv.slice(2);
const forceWeb = argv.includes('--web') || process.env.GRIDBOX_WEB === '1';

/**
 * The Electron binary's path when it is really on disk. The electron package is not asked: requiring it tries to
 * download the binary, which fails (slowly, loudly) on machines that cannot reach Electron's downloads.
 */
function electronBinary() {
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist');
  const binary = join(distDir, relative);
  return relative && existsSync(binary) ? binary : null;
}

/** A fingerprint of everything the renderer build depends on, so a stale build is rebuilt and a fresh one reused. */
function rendererSourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(path).update(String(statSync(path).mtimeMs)).update(String(statSync(path).size));
    }
  };
  walk(join(root, 'src-renderer'));
  walk(join(root, 'src-main', 'api'));
  return hash.digest('hex');
}

function ensureRendererBuilt() {
  const stamp = join(root, 'out', 'renderer', '.source-hash');
  const wanted = rendererSourceHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  console.log('Building the user interface (first start or sources changed)…');
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['vite', 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('gridbox: building the user interface failed (see above).');
    process.exit(1);
  }
  writeFileSync(stamp, wanted);
}

const electron = forceWeb ? null : electronBinary();
if (electron) {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const child = spawn(npx, ['electron-vite', 'preview'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceWeb) {
    console.log('Electron is not installed on this machine, so Gridbox runs as a web app on 127.0.0.1 instead.');
  }
  ensureRendererBuilt();
  const { register } = await import('tsx/esm/api');
  register();
  const { runWebFallback } = await import('../web/main.ts');
  try {
    await runWebFallback(argv);
  } catch (err) {
    console.error(`gridbox: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
