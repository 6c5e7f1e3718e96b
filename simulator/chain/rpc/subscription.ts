/**
 * One live subscription of one connection.
 *
 * The one ordering rule that matters to clients lives here: a notification produced before the subscribe response
 * is on the wire is held back, and released right after that response (`activate`). polkadot-js parks at most one
 * early notification per id and other clients drop them, so without this an instant chain loses `"ready"` or the
 * first header.
 */
import { Buffer } from 'node:buffer';
import type { SubscriptionCleanup, SubscriptionSink } from './group';
import { notificationMessage } from './jsonrpc';

/** What a subscription needs from its session. */
export interface SubscriptionHost {
  deliver(frame: string): void;
  /** Change in bytes held back, so the session can bound them with the connection's send buffer. */
  held(deltaBytes: number): void;
  /** The producer closed the subscription: forget it (later unsubscribes answer false). */
  finished(subscription: Subscription): void;
  /** Something went wrong that only the server log should hear about (a dropped notification, a failing cleanup). */
  report(subscription: Subscription, problem: string, error?: unknown): void;
  readonly maxFrameBytes: number;
}

export class Subscription {
  readonly sink: SubscriptionSink;
  private active = false;
  private ended = false;
  private held: string[] = [];
  private heldBytes = 0;
  private cleanup: SubscriptionCleanup | undefined;
  private cleanedUp = false;

  constructor(
    readonly id: string,
    readonly notification: string,
    private readonly host: SubscriptionHost,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the sink's getter needs the instance.
    const self = this;
    this.sink = {
      id,
      get closed() {
        return self.ended;
      },
      send: (result: unknown) => self.push(result),
      close: () => self.host.finished(self),
    };
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The cleanup returned by the producer's start; runs at once if the subscription already ended meanwhile. */
  setCleanup(cleanup: SubscriptionCleanup | undefined): void {
    if (this.cleanedUp) this.invoke(cleanup);
    else this.cleanup = cleanup;
  }

  /** The subscribe response has been written: from now on notifications go straight out. */
  activate(): void {
    if (this.active) return;
    this.active = true;
    const frames = this.held;
    this.releaseHeld();
    for (const frame of frames) this.host.deliver(frame);
  }

  /** Producer-side end: no more notifications, but the ones already produced are still delivered. */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.runCleanup();
  }

  /** Client unsubscribed, the connection closed, or the subscribe call failed: discard everything. */
  drop(): void {
    this.ended = true;
    this.releaseHeld();
    this.runCleanup();
  }

  private push(result: unknown): void {
    if (this.ended) return;
    let frame: string;
    try {
      frame = notificationMessage(this.notification, this.id, result);
    } catch {
      this.host.report(this, 'notification dropped: its result is not serializable to JSON');
      return;
    }
    const bytes = Buffer.byteLength(frame);
    if (bytes > this.host.maxFrameBytes) {
      this.host.report(this, `notification dropped: ${bytes} bytes is over the ${this.host.maxFrameBytes}-byte limit`);
      return;
    }
    if (this.active) {
      this.host.deliver(frame);
      return;
    }
    this.held.push(frame);
    this.heldBytes += bytes;
    this.host.held(bytes);
  }

  private releaseHeld(): void {
    if (this.heldBytes > 0) this.host.held(-this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
  }

  private runCleanup(): void {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    this.invoke(cleanup);
  }

  /** A throwing cleanup must not stop the other subscriptions of a closing connection from being cleaned up. */
  private invoke(cleanup: SubscriptionCleanup | undefined): void {
    try {
      cleanup?.();
    } catch (error) {
      this.host.report(this, 'subscription cleanup threw', error);
    }
  }
}
