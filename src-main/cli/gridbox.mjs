#!/usr/bin/env node
// The CLI runs from the TypeScript sources (same code as the app backend). To start fast it runs a bundle of them
// (node_modules/.cache/gridbox/cli.mjs, built by simulator/grid/bundles.ts) while no source changed since it was
// built; otherwise through tsx, and the bundle is rebuilt on the side for the next start.
import { readFileSync, statSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);
const CACHE = new URL('node_modules/.cache/gridbox/', ROOT);

/** Same check as bundles.ts (every input's size and mtime as recorded), in plain JS: it runs before tsx is loaded. */
function bundleIsFresh() {
  try {
    const { inputs } = JSON.parse(readFileSync(new URL('cli.json', CACHE), 'utf8'));
    return Object.entries(inputs).every(([file, print]) => {
      const s = statSync(new URL(file, ROOT));
      return `${s.size}:${s.mtimeMs}` === print;
    });
  } catch {
    return false;
  }
}

// GRIDBOX_PROFILE=1: start-up marks as simulator/grid/startup-profile.ts writes them (this file runs before any TS).
const profileMark = (phase, at = Math.round(performance.timeOrigin + performance.now())) => {
  if (process.env.GRIDBOX_PROFILE !== '1') return;
  const { user, system } = process.cpuUsage();
  process.stderr.write(`[profile] ${JSON.stringify({ part: 'cli', phase, at, cpuMs: phase === 'process start' ? 0 : Math.round((user + system) / 1000) })}\n`);
};
profileMark('process start', Math.round(performance.timeOrigin));

let main;
let rebuilt;
if (process.env.GRIDBOX_CLI_TSX !== '1' && bundleIsFresh()) {
  ({ main } = await import(new URL('cli/cli.mjs', CACHE).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
  rebuilt = import('../../simulator/grid/bundles.ts')
    .then(({ bundledEntry }) => bundledEntry(new URL('./main.ts', import.meta.url).pathname, 'cli', { split: true }))
    .catch(() => undefined);
}
profileMark(rebuilt ? 'loaded through tsx' : 'loaded from the bundle');
process.exitCode = await main(process.argv.slice(2));
await rebuilt;
