/**
 * The process backend: every part is `node --import tsx <entry>` as a child process, started through a
 * `ChildLauncher` (child_process in its own process group in plain Node, so a stop reaches whatever the part started
 * and a Ctrl-C in the terminal reaches only `gridbox up`; Electron's utilityProcess in the desktop app). A part's
 * first stdout line announcing a URL is its readiness signal; every line of stdout and stderr is appended,
 * timestamped, to `<logDir>/<name>.log`.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GridBackend, PartKind, PartSpec, PartStatus, StartedPart } from './backend';
import { bundledEntry } from './bundles';
import { defaultChildLauncher, type ChildLauncher, type LaunchedChild } from './child-launcher';
import { partOutput } from './part-output';

export { parseAnnouncement } from './part-output';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The entry module of each kind of part, relative to the repository root. */
export const PART_ENTRIES: Readonly<Record<PartKind, string>> = {
  chain: 'simulator/chain/main.ts',
  relay: 'simulator/services/relay/main.ts',
  activation: 'simulator/services/activation/main.ts',
  services: 'simulator/grid/services-main.ts',
  nodeHost: 'simulator/node/host-main.ts',
};

export function entryPath(kind: PartKind): string {
  return join(ROOT, PART_ENTRIES[kind]);
}

/**
 * tsx's ESM loader as a file URL. Resolved from this module rather than named as the bare `tsx`, which Node would
 * resolve from the child's working directory (the user's, when `gridbox` is installed globally).
 */
export function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

const GUARD_PATH = fileURLToPath(new URL('./child-guard.ts', import.meta.url));

/** How a part's entry runs: bundled (fast start, see bundles.ts) or through tsx (always works). */
export type Launcher = 'bundle' | 'tsx';

/** What node runs: a bundle with the bundled guard preloaded, or the entry through tsx with the guard in TypeScript. */
async function launchModule(entry: string, name: string, launcher: Launcher): Promise<{ execArgv: string[]; modulePath: string }> {
  if (launcher === 'bundle') {
    const [guard, bundle] = await Promise.all([bundledEntry(GUARD_PATH, 'child-guard'), bundledEntry(entry, name)]);
    if (guard && bundle) return { execArgv: ['--import', pathToFileURL(guard).href], modulePath: bundle };
  }
  return { execArgv: ['--import', tsxLoaderUrl(), '--import', pathToFileURL(GUARD_PATH).href], modulePath: entry };
}

export interface ProcessBackendOptions {
  /** How each part's entry runs. Default `bundle`. */
  readonly launcher?: Launcher;
  /** How a part's process is started. Default: child_process in plain Node (see child-launcher.ts). */
  readonly childLauncher?: ChildLauncher;
}
const DEFAULT_START_TIMEOUT_MS = 30_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;

interface RunningPart {
  readonly spec: PartSpec;
  readonly child: LaunchedChild;
  readonly log: WriteStream;
  readonly listeners: Set<(line: string) => void>;
  readonly exited: Promise<void>;
  url: string;
  stopping: boolean;
  exitCode?: number | null;
}

export class ProcessBackend implements GridBackend {
  readonly sharesLoopback = true;
  readonly #parts = new Map<string, RunningPart>();
  readonly #exitListeners: ((name: string, code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  readonly #launcher: Launcher;
  readonly #childLauncher: ChildLauncher;

  /** `options` as a bare string is the older `launcher` argument, kept for callers that pass it. */
  constructor(
    private readonly logDir: string,
    options: ProcessBackendOptions | Launcher = {},
  ) {
    const o = typeof options === 'string' ? { launcher: options } : options;
    this.#launcher = o.launcher ?? 'bundle';
    this.#childLauncher = o.childLauncher ?? defaultChildLauncher();
  }

  async start(spec: PartSpec): Promise<StartedPart> {
    if (this.#parts.has(spec.name)) throw new Error(`${spec.name} is already running`);
    const launch = await launchModule(entryPath(spec.kind), spec.kind, this.#launcher);
    if (this.#parts.has(spec.name)) throw new Error(`${spec.name} is already running`);
    mkdirSync(this.logDir, { recursive: true, mode: 0o700 });
    const log = createWriteStream(join(this.logDir, `${spec.name}.log`), { flags: 'a', mode: 0o600 });
    const child = this.#childLauncher.launch({
      ...launch,
      args: spec.args,
      cwd: ROOT,
      env: { ...process.env, ...spec.env },
    });
    let onExit!: () => void;
    const part: RunningPart = {
      spec, child, log, listeners: new Set(), url: '', stopping: false,
      exited: new Promise((resolve) => (onExit = resolve)),
    };
    this.#parts.set(spec.name, part);

    const output = partOutput<StartedPart>({
      name: spec.name, log, listeners: part.listeners, timeoutMs: spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      onAnnounced: async (announced, url) => {
        part.url = url;
        return { name: spec.name, kind: spec.kind, pid: child.pid, url, announced };
      },
      onFailed: () => void this.stop(spec.name, 1000),
    });
    const { record, fail } = output;
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (l) => record('out', l));
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (l) => record('err', l));
    let closed = false;
    const closeOnce = (): void => {
      if (closed) return;
      closed = true;
      log.end();
      onExit();
    };
    child.onError((error) => {
      // A process that never started may send no exit or close after this.
      if (child.pid === undefined) {
        part.exitCode ??= null;
        closeOnce();
      }
      fail(`could not start (${this.#childLauncher.kind}): ${error.message}`);
    });
    child.onExit((code, signal) => {
      part.exitCode = code;
      fail(`exited (${signal ?? `code ${code}`}) before announcing its URL`);
      if (!part.stopping) for (const listener of this.#exitListeners) listener(spec.name, code, signal);
    });
    child.onClose(closeOnce);
    return output.ready;
  }

  async stop(name: string, timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    const part = this.#parts.get(name);
    if (!part) return;
    part.stopping = true;
    if (part.exitCode === undefined) {
      part.child.signal('SIGTERM');
      const timer = setTimeout(() => part.child.signal('SIGKILL'), timeoutMs);
      await part.exited;
      clearTimeout(timer);
    } else {
      await part.exited;
    }
    // Anything the part started and left behind in its group.
    part.child.signal('SIGKILL');
    this.#parts.delete(name);
  }

  kill(name: string): void {
    const part = this.#parts.get(name);
    if (!part) return;
    part.stopping = true;
    part.child.signal('SIGKILL');
  }

  status(): PartStatus[] {
    return [...this.#parts.values()].map((p) => ({
      name: p.spec.name, kind: p.spec.kind, pid: p.child.pid, url: p.url,
      alive: p.exitCode === undefined, ...(p.exitCode === undefined ? {} : { exitCode: p.exitCode }),
    }));
  }

  onLog(name: string, onLine: (line: string) => void): () => void {
    const part = this.#parts.get(name);
    if (!part) return () => {};
    part.listeners.add(onLine);
    return () => part.listeners.delete(onLine);
  }

  onExit(listener: (name: string, code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.#exitListeners.push(listener);
  }
}
