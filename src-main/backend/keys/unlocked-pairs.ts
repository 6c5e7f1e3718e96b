/**
 * Decrypted pairs held in memory, and the inactivity timer that drops them. Activity is any API request (touch),
 * measured on an injectable clock; the real timer only decides when to look, so tests can advance a fake clock and
 * call check() directly.
 */
import type { KeyringPair } from '@polkadot/keyring/types';

/** Upper bound on how late a lock may come when the timer and the clock disagree (sleep, fake clocks). */
const MAX_TIMER_MS = 60_000;

export class UnlockedPairs {
  readonly #pairs = new Map<string, KeyringPair>();
  #lastActivity: number;
  #limitMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly now: () => number,
    minutes: number,
    /** Called after the timer locked everything. */
    private readonly onAutoLock: () => void,
  ) {
    this.#lastActivity = now();
    this.#limitMs = minutes * 60_000;
  }

  get(address: string): KeyringPair | undefined {
    return this.#pairs.get(address);
  }

  has(address: string): boolean {
    return this.#pairs.has(address);
  }

  set(address: string, pair: KeyringPair): void {
    this.#pairs.get(address)?.lock();
    this.#pairs.set(address, pair);
    this.touch();
    this.#schedule();
  }

  /** Returns whether anything was unlocked. */
  lock(address?: string): boolean {
    const targets = address === undefined ? [...this.#pairs.keys()] : [address];
    let changed = false;
    for (const key of targets) {
      const pair = this.#pairs.get(key);
      if (!pair) continue;
      pair.lock();
      this.#pairs.delete(key);
      changed = true;
    }
    if (this.#pairs.size === 0) this.#cancel();
    return changed;
  }

  touch(): void {
    this.#lastActivity = this.now();
  }

  setMinutes(minutes: number): void {
    this.#limitMs = minutes * 60_000;
    if (!this.check()) this.#schedule();
  }

  /** Locks everything when the inactivity limit has passed; returns whether it did. */
  check(): boolean {
    if (this.#pairs.size === 0 || this.now() - this.#lastActivity < this.#limitMs) return false;
    this.lock();
    this.onAutoLock();
    return true;
  }

  dispose(): void {
    this.lock();
  }

  #schedule(): void {
    this.#cancel();
    if (this.#pairs.size === 0) return;
    const remaining = this.#lastActivity + this.#limitMs - this.now();
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        if (!this.check()) this.#schedule();
      },
      Math.min(Math.max(remaining, 1_000), MAX_TIMER_MS),
    );
    // A pending auto-lock must never keep a CLI run or a test process alive.
    this.#timer.unref();
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
