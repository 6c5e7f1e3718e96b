/**
 * Preloaded (`--import`) into every part the process backend starts. The parent holds the write end of the part's
 * stdin; when the parent dies, even by SIGKILL, the pipe closes and the part stops itself with SIGTERM (so its own
 * graceful shutdown runs), then exits for sure a few seconds later. No orphaned chain or node host.
 */
import nodeModule from 'node:module';

const GRACE_MS = 5000;

// Node 22.1+ (and Electron's utility processes, on Node 22) keep V8's compiled code of the part's multi-megabyte
// bundle on disk, so the next start skips most of compiling it; Node 20 has no such cache and skips this.
try {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // A cache folder that cannot be written only costs the speed-up.
}

if (process.env.GRIDBOX_PARENT_WATCH === 'stdin' && !process.stdin.isTTY) {
  let stopping = false;
  const parentGone = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), GRACE_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  };
  process.stdin.on('end', parentGone);
  process.stdin.on('close', parentGone);
  process.stdin.on('error', parentGone);
  process.stdin.resume();
  // The pipe must not keep an otherwise finished part alive.
  (process.stdin as unknown as { unref?: () => void }).unref?.();
}

export {};
