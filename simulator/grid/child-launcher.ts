/**
 * How the process backend starts a part's process. In plain Node (`gridbox up`, the web fallback) that is
 * `node <execArgv> <module> <args>` through child_process; in the packaged desktop app there is no system Node and
 * Electron's RunAsNode fuse is off, so Electron main injects a launcher on `utilityProcess.fork`
 * (src-main/main/utility-launcher.ts). The backend only sees this interface.
 */
import { spawn } from 'node:child_process';

export interface ChildLaunchSpec {
  /** The part's entry: a bundle or a TypeScript module run through the tsx loader in `execArgv`. */
  readonly modulePath: string;
  readonly args: readonly string[];
  /** Node's own flags, e.g. `--import <loader>`. */
  readonly execArgv: readonly string[];
  readonly cwd: string;
  /** The child's whole environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type ChildExitListener = (code: number | null, signal: NodeJS.Signals | null) => void;

export interface LaunchedChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream;
  readonly stderr: NodeJS.ReadableStream;
  /** SIGTERM asks the part to shut down gracefully; SIGKILL ends it (and whatever it started, where possible). */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Called once, when the process ended. */
  onExit(listener: ChildExitListener): void;
  /** Called once, after the exit, when its output is fully read. */
  onClose(listener: () => void): void;
  /** Called once, if the process could not be started at all. */
  onError(listener: (error: Error) => void): void;
}

export interface ChildLauncher {
  /** For logs and error messages: `node` or `electron-utility`. */
  readonly kind: string;
  launch(spec: ChildLaunchSpec): LaunchedChild;
}

/**
 * GRIDBOX_PART_NODE_FLAGS: Node flags for every part, space-separated, to look inside a part the way NODE_OPTIONS
 * cannot (`--cpu-prof --cpu-prof-dir=/tmp/prof` is refused there).
 */
export function partNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.GRIDBOX_PART_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/**
 * child_process with the current Node binary. Each part leads its own process group, so a stop reaches whatever the
 * part started, and a Ctrl-C in the terminal reaches only `gridbox up`. The part watches its stdin (child-guard.ts):
 * when this process dies, even by SIGKILL, the pipe closes and the part stops itself.
 */
export const nodeChildLauncher: ChildLauncher = {
  kind: 'node',
  launch(spec) {
    const child = spawn(process.execPath, [...partNodeFlags(), ...spec.execArgv, spec.modulePath, ...spec.args], {
      cwd: spec.cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...spec.env, GRIDBOX_PARENT_WATCH: 'stdin' },
    });
    child.stdin.on('error', () => {});
    const signalGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    return {
      get pid() {
        return child.pid;
      },
      stdout: child.stdout,
      stderr: child.stderr,
      signal: signalGroup,
      onExit: (listener) => void child.once('exit', listener),
      onClose: (listener) => void child.once('close', () => listener()),
      onError: (listener) => void child.once('error', listener),
    };
  },
};

/** True inside Electron's main process, where `process.execPath` is the app itself, not Node. */
export function runsInElectron(versions: NodeJS.ProcessVersions = process.versions, env: NodeJS.ProcessEnv = process.env): boolean {
  return typeof versions.electron === 'string' && !env.ELECTRON_RUN_AS_NODE;
}

/**
 * The launcher to use when none was injected: child_process in plain Node. Inside Electron the caller must inject
 * the utilityProcess launcher; spawning the app binary there would open a second Gridbox, not a grid part.
 */
export function defaultChildLauncher(inElectron = runsInElectron()): ChildLauncher {
  if (inElectron) {
    throw new Error('inside Electron the local grid needs the utilityProcess launcher (createUtilityLauncher), not child_process');
  }
  return nodeChildLauncher;
}
