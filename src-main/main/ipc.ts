/**
 * The main-process side of the preload bridge. ipcMain and the dispatcher are injected, so sender validation and
 * subscription bookkeeping are unit-tested with fakes and no Electron.
 *
 * The renderer is untrusted: every message is checked to come from the top frame of our own app origin before it
 * reaches the backend, and every call answers with an Envelope (an exception would cross IPC as a bare string and
 * could leak internals).
 */
import type { Envelope, ErrorPayload } from '../api/errors';
import type { Dispatcher } from '../backend/dispatch';
import { IPC_CHANNELS, SUBSCRIPTION_ID } from '../preload/channels';
import { isTrustedSender } from './security';

/** The parts of WebFrameMain, WebContents, IpcMainEvent and ipcMain used here. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly detached?: boolean;
}
export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}
export interface IpcEventLike {
  readonly senderFrame: FrameLike | null;
  readonly sender: SenderLike;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): unknown;
}

export type DispatcherLike = Pick<Dispatcher, 'call' | 'subscribe'>;

export interface IpcBridgeOptions {
  /** The origin our pages are served from: app://gridbox, or the dev server in development. */
  appOrigin: string;
  /** Per page; a runaway renderer should not be able to grow main's memory without bound. */
  maxSubscriptionsPerPage?: number;
  /** Refused senders are logged with their URL only, never with the parameters (they may hold passwords). */
  logWarning?: (message: string) => void;
}

const UNAUTHORIZED: ErrorPayload = { code: 'unauthorized', message: 'this request did not come from the Gridbox window' };

/** Registers the IPC handlers; returns a function that removes them and ends every subscription. */
export function registerIpcBridge(ipcMain: IpcMainLike, dispatcher: DispatcherLike, options: IpcBridgeOptions): () => void {
  const maxSubscriptions = options.maxSubscriptionsPerPage ?? 256;
  const logWarning = options.logWarning ?? (() => {});
  /** webContents id -> subscription id -> unsubscribe */
  const pages = new Map<number, Map<string, () => void>>();

  const isTrusted = (event: IpcEventLike, channel: string): boolean => {
    const frame = event.senderFrame;
    // Only the top frame: a subframe, even of our origin, could host content we did not write.
    const ok = frame !== null && frame.detached !== true && frame.parent === null && isTrustedSender(frame.url, options.appOrigin);
    if (!ok) logWarning(`refused ${channel} from ${frame ? frame.url.slice(0, 200) : 'a closed frame'}`);
    return ok;
  };

  const subscriptionsOf = (sender: SenderLike): Map<string, () => void> => {
    let subs = pages.get(sender.id);
    if (!subs) {
      const created = new Map<string, () => void>();
      pages.set(sender.id, created);
      sender.once('destroyed', () => {
        endAll(created);
        if (pages.get(sender.id) === created) pages.delete(sender.id);
      });
      subs = created;
    }
    return subs;
  };

  const endAll = (subs: Map<string, () => void>): void => {
    for (const unsubscribe of subs.values()) unsubscribe();
    subs.clear();
  };

  ipcMain.handle(IPC_CHANNELS.call, async (event, method, params): Promise<Envelope<unknown>> => {
    if (!isTrusted(event, IPC_CHANNELS.call)) return { ok: false, error: UNAUTHORIZED };
    try {
      return await dispatcher.call(method, params);
    } catch {
      // The dispatcher already turns handler errors into envelopes; this guards the guarantee, not a known path.
      return { ok: false, error: { code: 'internal', message: 'internal error: see the Gridbox log for details' } };
    }
  });

  ipcMain.on(IPC_CHANNELS.subscribe, (event, id, topic, params) => {
    if (!isTrusted(event, IPC_CHANNELS.subscribe)) return;
    if (typeof id !== 'string' || !SUBSCRIPTION_ID.test(id)) return;
    const sender = event.sender;
    const subs = subscriptionsOf(sender);
    subs.get(id)?.();
    subs.delete(id);

    const refuse = (error: ErrorPayload): void => {
      if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.subscribeFailed, id, error);
    };
    if (subs.size >= maxSubscriptions) {
      refuse({ code: 'forbidden', message: `too many subscriptions (at most ${maxSubscriptions} per window)` });
      return;
    }
    const result = dispatcher.subscribe(topic, params, (payload) => {
      if (sender.isDestroyed()) return;
      try {
        sender.send(IPC_CHANNELS.event, id, payload);
      } catch (err) {
        logWarning(`could not deliver a ${String(topic)} event: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    if (!result.ok) {
      refuse(result.error);
      return;
    }
    subs.set(id, result.unsubscribe);
  });

  ipcMain.on(IPC_CHANNELS.unsubscribe, (event, id) => {
    if (!isTrusted(event, IPC_CHANNELS.unsubscribe) || typeof id !== 'string') return;
    const subs = pages.get(event.sender.id);
    subs?.get(id)?.();
    subs?.delete(id);
  });

  ipcMain.on(IPC_CHANNELS.reset, (event) => {
    if (!isTrusted(event, IPC_CHANNELS.reset)) return;
    const subs = pages.get(event.sender.id);
    if (subs) endAll(subs);
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    for (const channel of [IPC_CHANNELS.subscribe, IPC_CHANNELS.unsubscribe, IPC_CHANNELS.reset]) {
      ipcMain.removeAllListeners(channel);
    }
    for (const subs of pages.values()) endAll(subs);
    pages.clear();
  };
}
