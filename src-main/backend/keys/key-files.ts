/**
 * The keys folder: one `<address>.json` per account, optionally wrapped by the OS keychain. Reading never decrypts
 * (the list needs only the clear meta) and is cached by file identity, so listing stays cheap with many accounts.
 * A file that cannot be understood is reported, never rewritten or deleted: it may be the only copy of someone's key.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import { isCanonicalAddress } from './address';
import type { FileWrapper } from './file-wrapper';
import { checkKeystore, KeystoreFormatError, type PjsKeystore } from './keystore-format';

export interface KeyFileEntry {
  address: string;
  file: string;
  keystore: PjsKeystore;
  wrapped: boolean;
  mtimeMs: number;
}

export interface KeyFileProblem {
  file: string;
  /** corrupt_file: unreadable; forbidden: readable only where its OS keychain wrapper is available */
  code: 'corrupt_file' | 'forbidden';
  reason: string;
}

export type KeyFileRead = { state: 'ok'; entry: KeyFileEntry } | { state: 'missing' } | { state: 'problem'; problem: KeyFileProblem };

interface Wrapped {
  gridboxWrapped: 1;
  kind: FileWrapper['kind'];
  data: string;
}

/** A real single-account keystore is under 2 KB; refusing big files keeps a stray download from being parsed. */
const MAX_FILE_BYTES = 256 * 1024;

export class KeyFiles {
  readonly #cache = new Map<string, { identity: string; result: Exclude<KeyFileRead, { state: 'missing' }> }>();

  constructor(
    readonly dir: string,
    private readonly wrapper?: FileWrapper,
  ) {}

  async scan(): Promise<{ entries: KeyFileEntry[]; problems: KeyFileProblem[] }> {
    const entries: KeyFileEntry[] = [];
    const problems: KeyFileProblem[] = [];
    const seen = new Set<string>();
    for (const dirent of await this.#readDir()) {
      const file = dirent.name;
      // Dot files include writeFileAtomic's temporaries; anything not .json is not ours to judge.
      if (file.startsWith('.') || !file.endsWith('.json') || dirent.isDirectory()) continue;
      const stem = file.slice(0, -'.json'.length);
      if (!isCanonicalAddress(stem)) {
        problems.push({ file, code: 'corrupt_file', reason: 'the file name is not <address>.json' });
        continue;
      }
      seen.add(file);
      const result = await this.read(stem);
      if (result.state === 'ok') entries.push(result.entry);
      else if (result.state === 'problem') problems.push(result.problem);
    }
    for (const file of this.#cache.keys()) if (!seen.has(file)) this.#cache.delete(file);
    return { entries, problems };
  }

  /** `address` must be canonical (see canonicalAddress): it becomes the file name. */
  async read(address: string): Promise<KeyFileRead> {
    const file = `${address}.json`;
    const path = join(this.dir, file);
    let stats: Stats;
    try {
      stats = await lstat(path);
    } catch (err) {
      if (isErrno(err, 'ENOENT')) {
        this.#cache.delete(file);
        return { state: 'missing' };
      }
      throw err;
    }
    const identity = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    const cached = this.#cache.get(file);
    if (cached?.identity === identity) return cached.result;

    const result = await this.#load(address, file, path, stats);
    this.#cache.set(file, { identity, result });
    return result;
  }

  async write(address: string, keystore: PjsKeystore): Promise<void> {
    const json = JSON.stringify(keystore, null, 2);
    const body = this.wrapper
      ? JSON.stringify({ gridboxWrapped: 1, kind: this.wrapper.kind, data: this.wrapper.wrap(json) } satisfies Wrapped)
      : json;
    const file = `${address}.json`;
    this.#cache.delete(file);
    await writeFileAtomic(join(this.dir, file), body + '\n', 0o600);
  }

  async remove(address: string): Promise<void> {
    const file = `${address}.json`;
    this.#cache.delete(file);
    try {
      await unlink(join(this.dir, file));
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
    }
  }

  async #readDir(): Promise<Dirent[]> {
    try {
      return await readdir(this.dir, { withFileTypes: true });
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return [];
      throw err;
    }
  }

  async #load(address: string, file: string, path: string, stats: Stats): Promise<Exclude<KeyFileRead, { state: 'missing' }>> {
    const problem = (code: KeyFileProblem['code'], reason: string) => ({ state: 'problem' as const, problem: { file, code, reason } });
    if (!stats.isFile()) return problem('corrupt_file', 'not a regular file');
    if (stats.size > MAX_FILE_BYTES) return problem('corrupt_file', 'the file is too large to be a key file');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return problem('corrupt_file', 'the file cannot be read');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return problem('corrupt_file', 'the file is not valid JSON');
    }
    let wrapped = false;
    if (isWrapped(value)) {
      if (!this.wrapper) {
        return problem('forbidden', 'the file is protected by the OS keychain: open it with the Gridbox desktop app');
      }
      try {
        value = JSON.parse(this.wrapper.unwrap(value.data));
      } catch {
        return problem('corrupt_file', 'the OS keychain could not unwrap the file');
      }
      wrapped = true;
    }
    let keystore: PjsKeystore;
    try {
      keystore = checkKeystore(value);
    } catch (err) {
      return problem('corrupt_file', err instanceof KeystoreFormatError ? err.message : 'the file is not a keystore');
    }
    if (keystore.address !== address) return problem('corrupt_file', 'the address inside does not match the file name');
    return { state: 'ok', entry: { address, file, keystore, wrapped, mtimeMs: stats.mtimeMs } };
  }
}

function isWrapped(value: unknown): value is Wrapped {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<Wrapped>;
  return v.gridboxWrapped === 1 && v.kind === 'os-keychain' && typeof v.data === 'string';
}

function isErrno(err: unknown, code: string): boolean {
  return !!err && typeof err === 'object' && (err as NodeJS.ErrnoException).code === code;
}
