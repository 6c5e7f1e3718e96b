/**
 * Uptime reports (grid-services.md §1.4): `reportUptimeV2(uptime, hint)` at boot and then on an interval.
 *
 * A simulated node's own clock is chain time: `ChainClock` holds Timestamp.Now of the newest block, so everything a
 * node stamps agrees with the chain however chain time moves (instant mode runs ahead of the wall clock; a time jump
 * moves it by hours or days). Hence:
 * - the hint is the node clock (+ the clock-skew fault; beyond ±60 s the chain refuses with InvalidTimestampHint);
 * - uptime is seconds since boot on that clock, so a node that stays up through a 25 h jump reports 25 h more, as a
 *   Zero-OS node whose clock had run those 25 h would;
 * - a node reports again as soon as its clock is Zero-OS's interval (40 min) past its last report, i.e. at the
 *   first block after a jump, so the proxy's "seen within 2 × 40 min" rule, measured on chain time, keeps it up.
 * While chain time races (blocks of a jump arrive faster than a report could reach a block within the ±60 s hint
 * window) a report waits until the clock has settled.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { isChainError } from './chain-calls';
import type { TxSubmitter } from './node-chain';

/** Zero-OS reports every 40 minutes; the local grid defaults to 40 s. */
export const ZOS_UPTIME_INTERVAL_SECS = 40 * 60;
export const LOCAL_UPTIME_INTERVAL_SECS = 40;

/** TFChain's TimestampHintDrift. */
const HINT_DRIFT_MS = 60_000;
/**
 * Chain time that moved more than RUSH_CHAIN_MS within RUSH_WINDOW_MS of wall-clock time is racing: a jump builds
 * hundreds to thousands of blocks a second (with pauses while the chain waits for slow clients) and takes no
 * transactions meanwhile, so a report sent then gets in only after the jump, its hint stale. Instant mode's bursts
 * (a grid registering its nodes: a few dozen blocks in 2 s) put a report in the very next block, so they must not
 * count: waiting for them to settle cost `gridbox up` 1.4 s at each node's first report.
 */
const RUSH_WINDOW_MS = 2000;
const RUSH_CHAIN_MS = 10 * HINT_DRIFT_MS;
const SETTLE_POLL_MS = 100;
const SETTLE_MAX_WAIT_MS = 60_000;
/** Reports refused for a stale hint (sent while a jump still ran) are sent again, at most this many times. */
const STALE_HINT_RETRIES = 3;

export interface UptimeReport {
  /** Chain time (ms) of the block the report is in, from its NodeUptimeReported event. */
  chainTimeMs: number;
  uptimeSecs: number;
}

/** Calls `listener` with Timestamp.Now (ms) at once and on every new block; resolves with the unsubscribe. */
export type ChainTimeSource = (listener: (nowMs: number) => void) => Promise<() => void>;


/** The node clock: chain time of the newest block, shared by the agents of a host. */
export class ChainClock {
  #nowMs = 0;
  /** (wall ms, chain ms) of recent blocks, to tell a racing chain. */
  readonly #recent: Array<readonly [number, number]> = [];
  readonly #listeners = new Set<(nowMs: number) => void>();
  #stop: () => void = () => {};

  /** Follows `source`; resolves once the first chain time is known. */
  static async start(source: ChainTimeSource): Promise<ChainClock> {
    const clock = new ChainClock();
    let first!: () => void;
    const known = new Promise<void>((resolve) => (first = resolve));
    clock.#stop = await source((nowMs) => {
      clock.#tick(nowMs);
      first();
    });
    await known;
    return clock;
  }

  #tick(nowMs: number): void {
    this.#nowMs = nowMs;
    const wall = Date.now();
    // 0: a chain at genesis has no time yet; its first block's time is no race (it read as one for 2 s).
    if (nowMs > 0) this.#recent.push([wall, nowMs]);
    while (this.#recent.length > 1 && this.#recent[0]![0] < wall - RUSH_WINDOW_MS) this.#recent.shift();
    for (const listener of [...this.#listeners]) listener(nowMs);
  }

  nowMs(): number {
    return this.#nowMs;
  }

  /** Called with the new chain time after every block. */
  onTick(listener: (nowMs: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Chain time moved more than RUSH_CHAIN_MS within the last RUSH_WINDOW_MS of wall-clock time (a time jump). */
  racing(): boolean {
    const since = Date.now() - RUSH_WINDOW_MS;
    const oldest = this.#recent.find(([wall]) => wall >= since);
    return oldest !== undefined && this.#nowMs - oldest[1] > RUSH_CHAIN_MS;
  }

  /** Resolves once chain time no longer races (at most SETTLE_MAX_WAIT_MS). */
  async settled(): Promise<void> {
    const deadline = Date.now() + SETTLE_MAX_WAIT_MS;
    while (this.racing() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }

  close(): void {
    this.#stop();
    this.#listeners.clear();
  }
}

/** Whether the node clock is far enough past the last report that Zero-OS would report again. */
export const reportDue = (nowMs: number, lastReportMs: number): boolean =>
  nowMs - lastReportMs >= ZOS_UPTIME_INTERVAL_SECS * 1000;

export async function reportUptime(
  clock: ChainClock, submitter: TxSubmitter, pair: KeyringPair, bootedAtMs: number, skewSecs: number,
): Promise<UptimeReport> {
  for (let attempt = 0; ; attempt++) {
    await clock.settled();
    const now = clock.nowMs();
    const hint = Math.floor(now / 1000) + Math.trunc(skewSecs);
    const uptimeSecs = Math.max(0, Math.floor((now - bootedAtMs) / 1000));
    try {
      const events = await submitter.submit(pair, 'tfgridModule', 'reportUptimeV2', uptimeSecs, hint);
      const reported = events.find((e) => e.method === 'NodeUptimeReported');
      const nowSecs = reported ? Number(reported.data[1]) : hint;
      return { chainTimeMs: nowSecs * 1000, uptimeSecs };
    } catch (error) {
      // Without a skew fault a refused hint can only be stale: chain time moved on before the report got in.
      const stale = skewSecs === 0 && isChainError(error, 'InvalidTimestampHint');
      if (!stale || attempt >= STALE_HINT_RETRIES) throw error;
    }
  }
}
