/**
 * Preloaded (`--import`) into every part the process backend starts. The parent holds the write end of the part's
 * stdin; when the parent dies, even by SIGKILL, the pipe closes and the part stops itself with SIGTERM (so its own
 * graceful shutdown runs), then exits for sure a few seconds later. No orphaned chain or node host.
 */
const GRACE_MS = 5000;

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
