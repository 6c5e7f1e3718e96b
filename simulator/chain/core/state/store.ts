// The chain's key-value state with history: the latest state as a flat map, plus, per committed version, the values
// its changes replaced (an undo log). A read at an older version takes, for that key, the value from before the first
// change after that version, or the latest value when nothing changed since: O(log changes of that key).
//
// Each block's state is one version. Versions are a counter, not block numbers, so that after dev_setHead rewinds
// (undoing versions) new blocks get fresh versions and a stale one can never be mistaken for a live one. Memory is
// bounded: the last `historyDepth` versions (the latest included) stay readable; reading further back is an error, as
// on a pruned Substrate node.
//
// Serializable by design (for the persistence increment): the latest state is plain key → bytes, and each undo log is
// an array of [key, previous bytes | null]; nothing else is needed to rebuild the history.
import { u8aEq } from '@polkadot/util';
import { SortedKeys } from './sorted-keys';

/** Lower-case `0x` hex storage key. */
export type StorageKeyHex = string;
export type StorageValue = Uint8Array;
/** A block's writes: key → new value, null = deleted. */
export type ChangeSet = ReadonlyMap<StorageKeyHex, StorageValue | null>;

export class StatePrunedError extends Error {
  override readonly name = 'StatePrunedError';
}

interface Change {
  readonly version: number;
  /** The value before this version's write (undefined: absent). */
  readonly prev: StorageValue | undefined;
}

interface VersionLog {
  readonly version: number;
  /** Keys this version changed, with the value each had before. */
  readonly undo: Map<StorageKeyHex, StorageValue | undefined>;
}

export interface CommitResult {
  readonly version: number;
  /** Keys whose value actually changed (identical rewrites are left out). */
  readonly changed: readonly StorageKeyHex[];
}

export class StateStore {
  readonly #latest = new Map<StorageKeyHex, StorageValue>();
  /** Keys present now or at any version still readable: what prefix iteration has to look at. */
  #keys = new SortedKeys();
  readonly #history = new Map<StorageKeyHex, Change[]>();
  readonly #logs: VersionLog[] = [];
  #version = 0;
  #counter = 0;
  #oldest = 0;

  constructor(readonly historyDepth = 4096) {
    if (!Number.isInteger(historyDepth) || historyDepth < 1) throw new Error('historyDepth must be a positive integer');
  }

  /** The version of the latest state. */
  get version(): number {
    return this.#version;
  }

  /** The oldest version that can still be read. */
  get oldestVersion(): number {
    return this.#oldest;
  }

  /** Loads the initial (genesis) state as version 0; only on an empty store. */
  init(entries: Iterable<readonly [StorageKeyHex, StorageValue]>): void {
    if (this.#latest.size > 0 || this.#counter > 0) throw new Error('state already initialised');
    for (const [k, v] of entries) this.#latest.set(k, v);
    this.#keys.addAll(this.#latest.keys());
  }

  /**
   * Replaces everything with `entries` as a fresh version with no history before it (snapshot restore, reset, a
   * chain loaded from disk); returns that version. Versions keep counting, so none is ever reused.
   */
  replaceAll(entries: Iterable<readonly [StorageKeyHex, StorageValue]>): number {
    this.#latest.clear();
    this.#history.clear();
    this.#logs.length = 0;
    for (const [k, v] of entries) this.#latest.set(k, v);
    this.#keys = new SortedKeys();
    this.#keys.addAll(this.#latest.keys());
    this.#version = this.#oldest = ++this.#counter;
    return this.#version;
  }

  isReadable(version: number): boolean {
    return version >= this.#oldest && version <= this.#version;
  }

  #check(version: number): void {
    if (version > this.#version) throw new Error(`state version ${version} does not exist`);
    if (version < this.#oldest) throw new StatePrunedError(`state version ${version} was pruned`);
  }

  /** The value of `key` at `version` (default: latest). */
  get(key: StorageKeyHex, version = this.#version): StorageValue | undefined {
    if (version === this.#version) return this.#latest.get(key);
    this.#check(version);
    const changes = this.#history.get(key);
    if (!changes) return this.#latest.get(key);
    // First change made after `version`: the value it replaced is the value at `version`.
    let lo = 0;
    let hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (changes[mid]!.version <= version) lo = mid + 1;
      else hi = mid;
    }
    return lo < changes.length ? changes[lo]!.prev : this.#latest.get(key);
  }

  /** Keys with `prefix` that have a value at `version`, strictly after `after`, in byte order. */
  *keys(prefix: StorageKeyHex, version = this.#version, after?: StorageKeyHex): Generator<StorageKeyHex> {
    this.#check(version);
    const latest = version === this.#version;
    for (const key of this.#keys.range(prefix, after)) {
      if (latest ? this.#latest.has(key) : this.get(key, version) !== undefined) yield key;
    }
  }

  /** Applies a block's changes as a new version. */
  commit(changes: ChangeSet): CommitResult {
    const version = ++this.#counter;
    const undo = new Map<StorageKeyHex, StorageValue | undefined>();
    const added: StorageKeyHex[] = [];
    for (const [key, value] of changes) {
      const prev = this.#latest.get(key);
      if (value === null ? prev === undefined : prev !== undefined && u8aEq(prev, value)) continue;
      undo.set(key, prev);
      let changesOfKey = this.#history.get(key);
      if (!changesOfKey) this.#history.set(key, (changesOfKey = []));
      changesOfKey.push({ version, prev });
      if (value === null) this.#latest.delete(key);
      else {
        if (prev === undefined && !this.#keys.has(key)) added.push(key);
        this.#latest.set(key, value);
      }
    }
    this.#keys.addAll(added);
    this.#logs.push({ version, undo });
    this.#version = version;
    this.#prune();
    return { version, changed: [...undo.keys()] };
  }

  /** Undoes every version after `version`, which becomes the latest again (dev_setHead). */
  revertTo(version: number): void {
    this.#check(version);
    while (this.#version > version) {
      const log = this.#logs.pop()!;
      for (const [key, prev] of log.undo) {
        if (prev === undefined) this.#latest.delete(key);
        else this.#latest.set(key, prev);
        const changesOfKey = this.#history.get(key)!;
        changesOfKey.pop();
        if (changesOfKey.length === 0) this.#forget(key);
      }
      this.#version = this.#logs.at(-1)?.version ?? this.#oldest;
    }
    this.#version = version;
  }

  #prune(): void {
    // Reading version v needs the undo logs of every later version: historyDepth versions need historyDepth - 1 logs.
    while (this.#logs.length > this.historyDepth - 1) {
      const log = this.#logs.shift()!;
      for (const key of log.undo.keys()) {
        const changesOfKey = this.#history.get(key)!;
        changesOfKey.shift();
        if (changesOfKey.length === 0) this.#forget(key);
      }
      this.#oldest = log.version;
    }
  }

  #forget(key: StorageKeyHex): void {
    this.#history.delete(key);
    if (!this.#latest.has(key)) this.#keys.delete(key);
  }

  /** Number of keys with a value now. */
  get size(): number {
    return this.#latest.size;
  }

  /** The latest state's entries (for snapshots and tests). */
  entries(): IterableIterator<[StorageKeyHex, StorageValue]> {
    return this.#latest.entries();
  }
}
