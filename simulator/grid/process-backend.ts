/**
 * The process backend: every part is `node --import tsx <entry>` as a child process in its own process group (so a
 * stop reaches whatever the part started, and a Ctrl-C in the terminal reaches only `gridbox up`, which then stops
 * the parts in order). A part's first stdout line announcing a URL is its readiness signal; every line of stdout
 * and stderr is appended, timestamped, to `<logDir>/<name>.log`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GridBackend, PartKind, PartSpec, PartStatus, StartedPart } from './backend';
import { bundledEntry } from './bundles';
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

/** node's arguments before the part's own: a bundle with the bundled guard, or tsx with the guard in TypeScript. */
async function launchArgs(entry: string, name: string, launcher: Launcher): Promise<string[]> {
  if (launcher === 'bundle') {
    const [guard, bundle] = await Promise.all([bundledEntry(GUARD_PATH, 'child-guard'), bundledEntry(entry, name)]);
    if (guard && bundle) return ['--import', pathToFileURL(guard).href, bundle];
  }
  return ['--import', tsxLoaderUrl(), '--import', pathToFileURL(GUARD_PATH).href, entry];
}
const DEFAULT_START_TIMEOUT_MS = 30_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;

interface RunningPart {
  readonly spec: PartSpec;
  readonly child: ChildProcessWithoutNullStreams;
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

  constructor(
    private readonly logDir: string,
    private readonly launcher: Launcher = 'bundle',
  ) {}

  async start(spec: PartSpec): Promise<StartedPart> {
    if (this.#parts.has(spec.name)) throw new Error(`${spec.name} is already running`);
    const launch = await launchArgs(entryPath(spec.kind), spec.kind, this.launcher);
    if (this.#parts.has(spec.name)) throw new Error(`${spec.name} is already running`);
    mkdirSync(this.logDir, { recursive: true, mode: 0o700 });
    const log = createWriteStream(join(this.logDir, `${spec.name}.log`), { flags: 'a', mode: 0o600 });
    const child = spawn(process.execPath, [...launch, ...spec.args], {
      cwd: ROOT,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...spec.env, GRIDBOX_PARENT_WATCH: 'stdin' },
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
    child.stdin.on('error', () => {});
    child.on('error', (error) => fail(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      part.exitCode = code;
      fail(`exited (${signal ?? `code ${code}`}) before announcing its URL`);
      if (!part.stopping) for (const listener of this.#exitListeners) listener(spec.name, code, signal);
    });
    child.on('close', () => {
      log.end();
      onExit();
    });
    return output.ready;
  }

  async stop(name: string, timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    const part = this.#parts.get(name);
    if (!part) return;
    part.stopping = true;
    if (part.exitCode === undefined) {
      signalGroup(part.child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(part.child, 'SIGKILL'), timeoutMs);
      await part.exited;
      clearTimeout(timer);
    } else {
      await part.exited;
    }
    // Anything the part started and left behind in its group.
    signalGroup(part.child, 'SIGKILL');
    this.#parts.delete(name);
  }

  kill(name: string): void {
    const part = this.#parts.get(name);
    if (!part) return;
    part.stopping = true;
    signalGroup(part.child, 'SIGKILL');
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

function signalGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}
