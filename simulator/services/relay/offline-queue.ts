/**
 * Envelopes waiting for a session that is not connected (the real relay keeps them in a redis stream with a TTL).
 * Bounded per twin; an entry expires at its envelope's own expiration or after the queue TTL, whichever is first.
 */

export interface QueuedEnvelope {
  /** destination session key, `twin` or `twin:sid` */
  session: string;
  frame: Uint8Array;
  /** unix ms */
  expiresAt: number;
  /** what the expiry callback needs to tell the sender */
  uid: string;
  isRequest: boolean;
  sourceSession: string;
}

export class OfflineQueue {
  private readonly byTwin = new Map<number, QueuedEnvelope[]>();
  private total = 0;

  constructor(private readonly maxPerTwin: number) {}

  get size(): number {
    return this.total;
  }

  /** false when the twin's queue is full */
  push(twin: number, entry: QueuedEnvelope): boolean {
    let q = this.byTwin.get(twin);
    if (!q) this.byTwin.set(twin, (q = []));
    if (q.length >= this.maxPerTwin) return false;
    q.push(entry);
    this.total++;
    return true;
  }

  /** Removes and returns, oldest first, the unexpired entries for one session (its expired ones are dropped). */
  take(twin: number, session: string, nowMs: number): QueuedEnvelope[] {
    const q = this.byTwin.get(twin);
    if (!q) return [];
    const taken = q.filter((e) => e.session === session && e.expiresAt > nowMs);
    const kept = q.filter((e) => e.session !== session);
    this.total -= q.length - kept.length;
    if (kept.length) this.byTwin.set(twin, kept);
    else this.byTwin.delete(twin);
    return taken;
  }

  /** Removes and returns every expired entry. */
  sweep(nowMs: number): QueuedEnvelope[] {
    const expired: QueuedEnvelope[] = [];
    for (const [twin, q] of this.byTwin) {
      const kept: QueuedEnvelope[] = [];
      for (const e of q) (e.expiresAt > nowMs ? kept : expired).push(e);
      if (kept.length) this.byTwin.set(twin, kept);
      else this.byTwin.delete(twin);
    }
    this.total -= expired.length;
    return expired;
  }

  clear(): void {
    this.byTwin.clear();
    this.total = 0;
  }
}
