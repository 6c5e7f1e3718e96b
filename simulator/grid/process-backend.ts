/**
 * The process backend: every part is `node --import tsx <entry>` as a child process, started through a
 * `ChildLauncher` (child_process in its own process group in plain Node, so a stop reaches whatever the part started
 * and a Ctrl-C in the terminal reaches only `gridbox up`; Electron's utilityProcess in the desktop app). A part's
 * first stdout line announcing a URL is its readiness signal; every line of stdout and stderr is appended,
 * timestamped, to `<logDir>/<name>.log`.
 */
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GridBackend, PartKind, PartSpec, PartStatus, StartedPart } from './backend';
import { bundledEntry, type BundlerLoader } from './bundles';
import { defaultChildLauncher, type ChildLauncher, type LaunchedChild } from './child-launcher';
import { partOutput } from './part-output';
import { GUARD_BUNDLE, PARTS_DIR_ENV, partsDirFor, prebuiltPart, WASM_CRYPTO_BUNDLE } from './prebuilt-parts';

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

// From the root like the entries: in the app's main bundle this module's own folder is out/main/.
const GUARD_PATH = join(ROOT, 'simulator/grid/child-guard.ts');

/** Every module the backend launches, by bundle name: what a parts folder holds (prebuilt-parts.ts). */
export function partBundleEntries(): Record<string, string> {
  const parts = Object.fromEntries(Object.keys(PART_ENTRIES).map((kind) => [kind, entryPath(kind as PartKind)]));
  return { ...parts, [GUARD_BUNDLE]: GUARD_PATH };
}

/** The prebuilt parts folder this process uses, if any (the rule in prebuilt-parts.ts). */
export function defaultPartsDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // A checkout's sources win over an out/parts/ left by an earlier build, which may be stale.
  return partsDirFor({ env, sourcesPresent: existsSync(GUARD_PATH), mainModuleUrl: import.meta.url });
}

/** Whether this build can run a part: from its source or prebuilt. */
export function partAvailable(kind: PartKind, partsDir = defaultPartsDir()): boolean {
  return existsSync(entryPath(kind)) || (partsDir !== undefined && existsSync(prebuiltPart(partsDir, kind)));
}

/** How a part's entry runs: bundled (fast start, see bundles.ts) or through tsx (always works). */
export type Launcher = 'bundle' | 'tsx';

interface LaunchModule {
  readonly execArgv: string[];
  readonly modulePath: string;
  readonly cwd: string;
}

/** A prebuilt part with the prebuilt guard preloaded, run from its folder (the app's root may be an asar). */
function prebuiltModule(dir: string, kind: PartKind): LaunchModule {
  const [guard, bundle] = [prebuiltPart(dir, GUARD_BUNDLE), prebuiltPart(dir, kind)];
  for (const file of [guard, bundle]) {
    if (!existsSync(file)) throw new Error(`no prebuilt part ${file} (${PARTS_DIR_ENV} or the app's parts folder): build the parts with npx tsx simulator/grid/build-parts-main.ts`);
  }
  return { execArgv: ['--import', pathToFileURL(guard).href], modulePath: bundle, cwd: dir };
}

/**
 * What node runs: a prebuilt part, a bundle of the sources with the bundled guard preloaded, or the entry through
 * tsx with the guard in TypeScript.
 */
async function launchModule(kind: PartKind, launcher: Launcher, partsDir: string | undefined, loadBundler?: BundlerLoader): Promise<LaunchModule> {
  const entry = entryPath(kind);
  if (launcher === 'bundle' && partsDir !== undefined) return prebuiltModule(partsDir, kind);
  if (!existsSync(entry)) throw new Error(`this build has neither the source of the ${kind} part nor prebuilt parts: set ${PARTS_DIR_ENV}`);
  if (launcher === 'bundle') {
    const options = loadBundler ? { loadBundler } : {};
    const [guard, bundle] = await Promise.all([bundledEntry(GUARD_PATH, GUARD_BUNDLE, options), bundledEntry(entry, kind, options)]);
    if (guard && bundle) return { execArgv: ['--import', pathToFileURL(guard).href], modulePath: bundle, cwd: ROOT };
  }
  return { execArgv: ['--import', tsxLoaderUrl(), '--import', pathToFileURL(GUARD_PATH).href], modulePath: entry, cwd: ROOT };
}

export interface ProcessBackendOptions {
  /** How each part's entry runs. Default `bundle`. */
  readonly launcher?: Launcher;
  /** How a part's process is started. Default: child_process in plain Node (see child-launcher.ts). */
  readonly childLauncher?: ChildLauncher;
  /** Prebuilt parts to run (prebuilt-parts.ts). Default: `defaultPartsDir()`, read when the backend is made. */
  readonly partsDir?: string;
  /** Loads esbuild for bundles built on first use. Default: from node_modules. */
  readonly loadBundler?: BundlerLoader;
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
  readonly #partsDir: string | undefined;
  readonly #loadBundler: BundlerLoader | undefined;

  /** `options` as a bare string is the older `launcher` argument, kept for callers that pass it. */
  constructor(
    private readonly logDir: string,
    options: ProcessBackendOptions | Launcher = {},
  ) {
    const o = typeof options === 'string' ? { launcher: options } : options;
    this.#launcher = o.launcher ?? 'bundle';
    this.#childLauncher = o.childLauncher ?? defaultChildLauncher();
    this.#partsDir = 'partsDir' in o ? o.partsDir : defaultPartsDir();
    this.#loadBundler = 'loadBundler' in o ? o.loadBundler : undefined;
  }

  /**
   * A prebuilt chain would keep its metadata cache beside the checkout it assumes (three folders above its bundle):
   * it goes into the parts folder instead (read-only once installed: then the chain encodes at each start). Its
   * verify workers load the folder's own @polkadot/wasm-crypto.
   */
  #prebuiltEnv(): NodeJS.ProcessEnv {
    const dir = this.#partsDir;
    if (this.#launcher !== 'bundle' || dir === undefined) return {};
    const wasmCrypto = join(dir, WASM_CRYPTO_BUNDLE);
    return {
      ...(process.env.GRIDBOX_METADATA_CACHE ? {} : { GRIDBOX_METADATA_CACHE: join(dir, 'metadata') }),
      ...(existsSync(wasmCrypto) ? { GRIDBOX_WASM_CRYPTO: wasmCrypto } : {}),
    };
  }

  async start(spec: PartSpec): Promise<StartedPart> {
    if (this.#parts.has(spec.name)) throw new Error(`${spec.name} is already running`);
    const { cwd, ...launch } = await launchModule(spec.kind, this.#launcher, this.#partsDir, this.#loadBundler);
    if (this.#parts.has(spec.name)) throw new Error(`${spec.name} is already running`);
    mkdirSync(this.logDir, { recursive: true, mode: 0o700 });
    const log = createWriteStream(join(this.logDir, `${spec.name}.log`), { flags: 'a', mode: 0o600 });
    const child = this.#childLauncher.launch({
      ...launch,
      args: spec.args,
      cwd,
      env: { ...process.env, ...this.#prebuiltEnv(), ...spec.env },
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
