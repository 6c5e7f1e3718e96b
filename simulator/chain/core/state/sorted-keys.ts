// Storage keys in byte order, for prefix iteration (state_getKeysPaged, `.entries()`, pallets' map iteration).
// Keys are lower-case `0x` hex of equal case, and for those JS string order is byte order (digits sort before a-f),
// with a prefix sorting before its extensions, exactly like the bytes.
export class SortedKeys {
  #keys: string[] = [];

  get size(): number {
    return this.#keys.length;
  }

  /** Index of the first key >= `key`. */
  lowerBound(key: string): number {
    const keys = this.#keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(key: string): boolean {
    return this.#keys[this.lowerBound(key)] === key;
  }

  add(key: string): void {
    const i = this.lowerBound(key);
    if (this.#keys[i] !== key) this.#keys.splice(i, 0, key);
  }

  /** Adds many keys; a block creating hundreds of accounts merges once instead of splicing each. */
  addAll(keys: Iterable<string>): void {
    const fresh = [...keys].filter((k) => !this.has(k));
    if (fresh.length < 16) {
      for (const k of fresh) this.add(k);
      return;
    }
    fresh.sort();
    const old = this.#keys;
    const merged = new Array<string>(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < old.length || j < fresh.length) {
      if (j >= fresh.length || (i < old.length && old[i]! < fresh[j]!)) merged[o++] = old[i++]!;
      else if (i < old.length && old[i] === fresh[j]) {
        merged[o++] = old[i++]!;
        j++;
      } else merged[o++] = fresh[j++]!;
    }
    merged.length = o;
    this.#keys = merged;
  }

  delete(key: string): void {
    const i = this.lowerBound(key);
    if (this.#keys[i] === key) this.#keys.splice(i, 1);
  }

  /** Keys starting with `prefix`, strictly after `after` when given, in byte order. */
  *range(prefix: string, after?: string): Generator<string> {
    const keys = this.#keys;
    let i = after !== undefined && after >= prefix ? this.lowerBound(after) : this.lowerBound(prefix);
    if (after !== undefined && keys[i] === after) i++;
    for (; i < keys.length; i++) {
      const k = keys[i]!;
      if (!k.startsWith(prefix)) return;
      yield k;
    }
  }
}
