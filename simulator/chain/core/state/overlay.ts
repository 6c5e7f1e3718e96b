// The block being built: pending writes over the latest committed state, in nested transactional layers like
// sp-state-machine's OverlayedChanges. An extrinsic runs in a layer and each dispatch in another inside it, so a failed
// call rolls back its own writes and events while the fee and nonce written before it stay. Events live here too:
// they are storage (System.Events) in FRAME, so they roll back with the writes.
import type { ChangeSet, StateStore, StorageKeyHex, StorageValue } from './store';

type Layer = Map<StorageKeyHex, StorageValue | null>;

export class Overlay {
  readonly #layers: Layer[] = [new Map()];
  readonly #eventMarks: number[] = [];
  readonly #events: Uint8Array[] = [];

  /** `store` is read at its latest version, which must not change while this overlay is in use. */
  constructor(private readonly store: StateStore) {}

  get depth(): number {
    return this.#layers.length - 1;
  }

  get(key: StorageKeyHex): StorageValue | undefined {
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const v = this.#layers[i]!.get(key);
      if (v !== undefined) return v ?? undefined;
    }
    return this.store.get(key);
  }

  set(key: StorageKeyHex, value: StorageValue): void {
    this.#layers.at(-1)!.set(key, value);
  }

  delete(key: StorageKeyHex): void {
    this.#layers.at(-1)!.set(key, null);
  }

  /** Keys with `prefix` that have a value in this overlay's view, in byte order. */
  keys(prefix: StorageKeyHex): StorageKeyHex[] {
    const pending = new Set<StorageKeyHex>();
    for (const layer of this.#layers) for (const k of layer.keys()) if (k.startsWith(prefix)) pending.add(k);
    const out: StorageKeyHex[] = [];
    for (const k of this.store.keys(prefix)) {
      pending.delete(k);
      if (this.get(k) !== undefined) out.push(k);
    }
    for (const k of pending) if (this.get(k) !== undefined) out.push(k);
    return pending.size === 0 ? out : out.sort();
  }

  /** Deletes every key with `prefix` (FRAME's `clear_prefix` without a limit). */
  clearPrefix(prefix: StorageKeyHex): void {
    for (const k of this.keys(prefix)) this.delete(k);
  }

  begin(): void {
    this.#layers.push(new Map());
    this.#eventMarks.push(this.#events.length);
  }

  commit(): void {
    if (this.#layers.length < 2) throw new Error('no transaction to commit');
    const top = this.#layers.pop()!;
    const below = this.#layers.at(-1)!;
    for (const [k, v] of top) below.set(k, v);
    this.#eventMarks.pop();
  }

  rollback(): void {
    if (this.#layers.length < 2) throw new Error('no transaction to roll back');
    this.#layers.pop();
    this.#events.length = this.#eventMarks.pop()!;
  }

  /** Runs `fn` in a layer: committed if it returns, rolled back if it throws. */
  transactional<T>(fn: () => T): T {
    this.begin();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.rollback();
      throw error;
    }
    this.commit();
    return result;
  }

  /** Appends an encoded `EventRecord`. */
  pushEvent(record: Uint8Array): void {
    this.#events.push(record);
  }

  get events(): readonly Uint8Array[] {
    return this.#events;
  }

  /** The block's writes, once every layer is closed. */
  changes(): ChangeSet {
    if (this.#layers.length !== 1) throw new Error('a transaction is still open');
    return this.#layers[0]!;
  }
}
