// One chain per data directory: a LOCK file holding the owner's pid, created exclusively. A lock left by a process
// that no longer exists (kill -9, crash) is taken over; a live owner makes the second chain refuse to start.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the data dir's lock; returns the function that releases it. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'LOCK');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    try {
      owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      continue; // released in between: try again
    }
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new DataDirLockedError(`${dir} is in use by another chain (pid ${owner}); stop it first or choose another --data directory`);
    }
    rmSync(path, { force: true }); // stale (its process is gone, or the file is garbage): take it over
  }
  throw new DataDirLockedError(`could not lock ${dir}: another process keeps taking its LOCK file`);
}
