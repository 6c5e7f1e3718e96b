/**
 * The local grid's processes in the desktop app: Electron's `utilityProcess.fork` behind the simulator's
 * `ChildLauncher` seam (simulator/grid/child-launcher.ts). The packaged app has no system Node and its RunAsNode fuse
 * is off, so `process.execPath` cannot run a grid part; a utility process is a Node environment Electron starts
 * itself. Thin and free of `electron` imports, so it is unit-tested with a fake `fork`.
 *
 * A utility process has no stdin (child-guard.ts's parent watch stays off): Chromium ends it when the main process
 * goes away. It has no process group either; the grid's parts start no processes of their own, so signalling the
 * part itself is enough.
 */
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ChildLauncher, LaunchedChild } from '../../simulator/grid/child-launcher';

/** The part of Electron's UtilityProcess this launcher uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  kill(): boolean;
  once(event: 'exit', listener: (code: number) => void): unknown;
  once(event: 'error', listener: (type: string, location: string) => void): unknown;
}

export interface UtilityForkOptions {
  env: Record<string, string>;
  execArgv: string[];
  cwd: string;
  stdio: 'pipe';
  serviceName: string;
}

export type UtilityFork = (modulePath: string, args: string[], options: UtilityForkOptions) => UtilityProcessLike;

export interface UtilityLauncherOptions {
  /** Sends a POSIX signal by pid (SIGKILL has no utilityProcess API). Default `process.kill`. */
  kill?: (pid: number, signal: NodeJS.Signals) => void;
}

export function createUtilityLauncher(fork: UtilityFork, options: UtilityLauncherOptions = {}): ChildLauncher {
  const killPid = options.kill ?? ((pid, signal) => process.kill(pid, signal));
  return {
    kind: 'electron-utility',
    launch(spec): LaunchedChild {
      const env = Object.fromEntries(Object.entries(spec.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const child = fork(spec.modulePath, [...spec.args], {
        env,
        execArgv: [...spec.execArgv],
        cwd: spec.cwd,
        stdio: 'pipe',
        serviceName: `Gridbox ${basename(spec.modulePath).replace(/\.(m?js|ts)$/, '')}`,
      });
      // 'pipe' always gives both streams; a fork without them is a bug worth failing loudly on.
      if (!child.stdout || !child.stderr) throw new Error('utilityProcess.fork returned no stdout/stderr pipes');
      const { stdout, stderr } = child;
      let exitCode: number | undefined;
      const exited = new Promise<void>((resolve) => {
        child.once('exit', (code) => {
          exitCode = code;
          resolve();
        });
      });
      const drained = Promise.all([stdout, stderr].map((s) => finished(s).catch(() => undefined)));
      const closed = Promise.all([exited, drained]);
      let ended = false;
      void exited.then(() => (ended = true));
      return {
        get pid() {
          return child.pid;
        },
        stdout,
        stderr,
        signal(signal) {
          if (ended) return;
          if (signal === 'SIGKILL' && child.pid !== undefined) {
            try {
              killPid(child.pid, 'SIGKILL');
              return;
            } catch {
              // Already gone, or not ours to signal: fall back to Electron's own kill.
            }
          }
          child.kill();
        },
        // Electron reports only the exit code; a killed utility process exits with a non-zero code.
        onExit: (listener) => void exited.then(() => listener(exitCode ?? null, null)),
        onClose: (listener) => void closed.then(() => listener()),
        onError: (listener) => void child.once('error', (type, location) => listener(new Error(`${type} in ${location || 'the utility process'}`))),
      };
    },
  };
}
