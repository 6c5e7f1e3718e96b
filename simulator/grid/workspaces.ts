/**
 * The workspace library, for `gridbox workspace …` and later the app: named grids under `<data dir>/workspaces/`,
 * each a folder holding its configuration (workspace.json), chain data, node identities and deployments, and its
 * whole-grid snapshots. Create, list, use (make current: the next `gridbox up` starts it), duplicate, export to one
 * .tar.gz and import, delete. A running grid is never copied, replaced or deleted under its feet.
 *
 * Archives hold the node identities: local-grid keys, plaintext by design (as the node folders are), so an
 * archive is as private as the workspace itself. Run state (run.json: the control token) and logs are left out.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { DEFAULT_TAR_LIMITS, readTarGz, TarError, writeTarGz, type TarEntry, type TarLimits } from './archive/tar';
import { defaultConfig, readWorkspaceConfig, WorkspaceConfigError, writeWorkspaceConfig, type WorkspaceConfig } from './workspace-config';
import {
  currentFile, currentWorkspaceName, isAlive, pathsOf, readRunState, WORKSPACE_NAME, workspacesDir, writeJsonAtomic, type WorkspacePaths,
} from './workspace';

export type WorkspaceErrorCode = 'invalid_name' | 'not_found' | 'already_exists' | 'running' | 'corrupt';

export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
  constructor(message: string, readonly code: WorkspaceErrorCode) {
    super(message);
  }
}

export interface WorkspaceInfo {
  readonly name: string;
  readonly path: string;
  readonly sizeBytes: number;
  /** When a `gridbox up` last started it (else when it was last changed), ISO 8601. */
  readonly lastUsedAt: string | undefined;
  readonly running: boolean;
  readonly current: boolean;
  readonly nodes: number | undefined;
  readonly workshop: boolean;
  /** Set when its workspace.json is damaged (the workspace is still listed). */
  readonly error?: string;
}

/** Never part of a copy or an archive: the live run's state (with its control token), logs, locks, half-writes. */
const TRANSIENT = [/^run\.json$/, /^logs(\/|$)/, /(^|\/)LOCK$/, /\.tmp$/];

export function checkWorkspaceName(name: string): string {
  if (!WORKSPACE_NAME.test(name)) {
    throw new WorkspaceError(`${JSON.stringify(name.slice(0, 70))} is not a workspace name: use 1 to 64 letters, digits, "-" or "_", starting with a letter or digit`, 'invalid_name');
  }
  return name;
}

/** Whether a `gridbox up` runs in this workspace now. */
export function isRunning(paths: WorkspacePaths): boolean {
  try {
    return isAlive(readRunState(paths).pid);
  } catch {
    return false;
  }
}

export class Workspaces {
  constructor(readonly dataDir: string) {}

  get root(): string {
    return workspacesDir(this.dataDir);
  }

  current(): string {
    return currentWorkspaceName(this.dataDir);
  }

  paths(name: string): WorkspacePaths {
    return pathsOf(join(this.root, checkWorkspaceName(name)));
  }

  exists(name: string): boolean {
    return existsSync(this.paths(name).root);
  }

  list(): WorkspaceInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.root, { withFileTypes: true }).filter((d) => d.isDirectory() && WORKSPACE_NAME.test(d.name)).map((d) => d.name);
    } catch {
      names = [];
    }
    return names.sort().map((name) => this.#info(name));
  }

  info(name: string): WorkspaceInfo {
    this.#mustExist(name);
    return this.#info(name);
  }

  /** A new workspace with this configuration (defaults: 3 small nodes, 6 s blocks, process backend). */
  create(name: string, config: WorkspaceConfig = defaultConfig()): WorkspaceInfo {
    const paths = this.paths(name);
    if (existsSync(paths.root)) throw new WorkspaceError(`workspace ${name} already exists`, 'already_exists');
    mkdirSync(paths.root, { recursive: true, mode: 0o700 });
    writeWorkspaceConfig(paths, config);
    return this.#info(name);
  }

  /** Makes it the current workspace: `gridbox up` (and status, down, snapshot, …) without --data act on it. */
  use(name: string): WorkspaceInfo {
    const paths = this.paths(name);
    if (!existsSync(paths.root)) throw new WorkspaceError(`no workspace ${name} (create it with 'gridbox workspace create ${name}')`, 'not_found');
    writeJsonAtomic(currentFile(this.dataDir), { current: name });
    return this.#info(name);
  }

  duplicate(from: string, to: string): WorkspaceInfo {
    const source = this.#mustExist(from);
    this.#refuseRunning(source, `duplicate workspace ${from}`);
    const target = this.paths(to);
    if (existsSync(target.root)) throw new WorkspaceError(`workspace ${to} already exists`, 'already_exists');
    this.#unpack(collect(source.root), to, false);
    this.#touchConfig(target, source);
    return this.#info(to);
  }

  /** Writes the workspace as one .tar.gz (0600: it holds the nodes' keys). */
  exportTo(name: string, file: string): { bytes: number; files: number } {
    const paths = this.#mustExist(name);
    this.#refuseRunning(paths, `export workspace ${name}`);
    const entries = collect(paths.root);
    if (!entries.some((e) => e.path === 'workspace.json')) {
      entries.unshift({ path: 'workspace.json', type: 'file', data: Buffer.from(`${JSON.stringify(defaultConfig(), null, 2)}\n`) });
    }
    const archive = writeTarGz(entries);
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, archive, { mode: 0o600 });
    renameSync(temp, file);
    return { bytes: archive.length, files: entries.filter((e) => e.type === 'file').length };
  }

  /** Unpacks an exported workspace under a name; an existing one is replaced only with `overwrite` (and never while it runs). */
  importFrom(file: string, name: string, options: { overwrite?: boolean; limits?: TarLimits } = {}): WorkspaceInfo {
    const target = this.paths(name);
    if (existsSync(target.root)) {
      if (!options.overwrite) throw new WorkspaceError(`workspace ${name} already exists (import under another name, or replace it with --force)`, 'already_exists');
      this.#refuseRunning(target, `replace workspace ${name}`);
    }
    let archive: Buffer;
    try {
      archive = readFileSync(file);
    } catch (error) {
      throw new WorkspaceError(`cannot read ${file}: ${(error as Error).message}`, 'not_found');
    }
    let entries: TarEntry[];
    try {
      entries = readTarGz(archive, options.limits ?? DEFAULT_TAR_LIMITS);
    } catch (error) {
      if (error instanceof TarError) throw new WorkspaceError(`${file} is not a usable workspace archive: ${error.message}`, 'corrupt');
      throw error;
    }
    if (!entries.some((e) => e.path === 'workspace.json' && e.type === 'file')) {
      throw new WorkspaceError(`${file} is not a Gridbox workspace archive (no workspace.json)`, 'corrupt');
    }
    this.#unpack(entries.filter((e) => !TRANSIENT.some((t) => t.test(e.path))), name, options.overwrite ?? false);
    return this.#info(name);
  }

  delete(name: string): void {
    const paths = this.#mustExist(name);
    this.#refuseRunning(paths, `delete workspace ${name}`);
    rmSync(paths.root, { recursive: true, force: true });
    if (this.current() === name) rmSync(currentFile(this.dataDir), { force: true });
  }

  /** Entries written into a hidden folder first, checked, then moved into place: a failed import leaves nothing. */
  #unpack(entries: TarEntry[], name: string, replace: boolean): void {
    const target = this.paths(name);
    const staging = join(this.root, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(staging, { recursive: true, mode: 0o700 });
      for (const entry of entries) {
        const path = join(staging, ...entry.path.split('/'));
        if (relative(staging, path).startsWith('..')) throw new WorkspaceError(`unsafe path ${entry.path}`, 'corrupt');
        if (entry.type === 'dir') {
          mkdirSync(path, { recursive: true, mode: 0o700 });
        } else {
          mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
          writeFileSync(path, entry.data ?? new Uint8Array(), { mode: 0o600 });
        }
      }
      try {
        readWorkspaceConfig(pathsOf(staging));
      } catch (error) {
        if (error instanceof WorkspaceConfigError) throw new WorkspaceError(error.message.replace(staging, name), 'corrupt');
        throw error;
      }
      if (replace) rmSync(target.root, { recursive: true, force: true });
      renameSync(staging, target.root);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  #touchConfig(target: WorkspacePaths, source: WorkspacePaths): void {
    const now = new Date().toISOString();
    const config = readWorkspaceConfig(target) ?? readWorkspaceConfig(source) ?? defaultConfig();
    const { lastUsedAt: _unused, ...rest } = config;
    writeWorkspaceConfig(target, { ...rest, createdAt: now, updatedAt: now });
  }

  #mustExist(name: string): WorkspacePaths {
    const paths = this.paths(name);
    if (!existsSync(paths.root)) throw new WorkspaceError(`no workspace ${name}`, 'not_found');
    return paths;
  }

  #refuseRunning(paths: WorkspacePaths, what: string): void {
    if (isRunning(paths)) throw new WorkspaceError(`cannot ${what} while its grid runs; stop it first with 'gridbox down'`, 'running');
  }

  #info(name: string): WorkspaceInfo {
    const paths = this.paths(name);
    let config: WorkspaceConfig | undefined;
    let error: string | undefined;
    try {
      config = readWorkspaceConfig(paths);
    } catch (e) {
      error = (e as Error).message;
    }
    return {
      name, path: paths.root, sizeBytes: folderSize(paths.root),
      lastUsedAt: config?.lastUsedAt ?? config?.updatedAt ?? mtimeOf(paths.root),
      running: isRunning(paths), current: this.current() === name,
      nodes: config?.nodes.length, workshop: config?.workshop ?? false,
      ...(error ? { error } : {}),
    };
  }
}

/** Every file and folder of a workspace except the transient ones, in a stable order. */
function collect(root: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const walk = (dir: string): void => {
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, item.name);
      const path = relative(root, full).split(sep).join('/');
      if (TRANSIENT.some((t) => t.test(path))) continue;
      if (item.isDirectory()) {
        entries.push({ path, type: 'dir', mtimeMs: statSync(full).mtimeMs });
        walk(full);
      } else if (item.isFile()) {
        const stats = statSync(full);
        entries.push({ path, type: 'file', data: readFileSync(full), mtimeMs: stats.mtimeMs });
      }
      // Links and sockets are not part of a workspace: skipped.
    }
  };
  if (existsSync(root)) walk(root);
  return entries;
}

function folderSize(root: string): number {
  let total = 0;
  const walk = (dir: string): void => {
    let items;
    try {
      items = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const item of items) {
      const full = join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.isFile()) total += statOrZero(full).size;
    }
  };
  walk(root);
  return total;
}

function statOrZero(path: string): Pick<Stats, 'size'> {
  try {
    return statSync(path);
  } catch {
    return { size: 0 };
  }
}

function mtimeOf(path: string): string | undefined {
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return undefined;
  }
}
