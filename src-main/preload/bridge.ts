/**
 * Builds `window.gridbox` from an ipcRenderer-like object. Pure (no Electron import) so it is tested in Node; the
 * preload entry only wires it to the real ipcRenderer and contextBridge.
 *
 * The renderer gets two functions and nothing else: no channel names, no ipcRenderer, no IpcRendererEvent. Main
 * validates everything again; the checks here only keep obvious mistakes off the wire.
 */
import { METHOD_NAMES, TOPIC_NAMES } from '../api/contract';
import type { Envelope, ErrorPayload } from '../api/errors';
import type { GridboxBridge } from './bridge-types';
import { IPC_CHANNELS } from './channels';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface BridgeOptions {
  methodNames?: readonly string[];
  topicNames?: readonly string[];
  /** Where failures with no caller to return to are reported (a refused subscription, a throwing callback). */
  reportError?: (message: string, detail?: unknown) => void;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'result' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as Partial<ErrorPayload>;
  return typeof e.code === 'string' && typeof e.message === 'string';
}

function failure(code: ErrorPayload['code'], message: string): Envelope<unknown> {
  return { ok: false, error: { code, message } };
}

export function createBridge(ipc: IpcRendererLike, options: BridgeOptions = {}): GridboxBridge {
  const methodNames = new Set(options.methodNames ?? METHOD_NAMES);
  const topicNames = new Set(options.topicNames ?? TOPIC_NAMES);
  const reportError = options.reportError ?? ((message, detail) => console.error(`[gridbox] ${message}`, detail ?? ''));

  const listeners = new Map<string, (event: unknown) => void>();
  let nextId = 0;

  ipc.on(IPC_CHANNELS.event, (_event, id, payload) => {
    const listener = typeof id === 'string' ? listeners.get(id) : undefined;
    if (!listener) return;
    try {
      listener(payload);
    } catch (err) {
      reportError('a subscription callback threw', err);
    }
  });
  ipc.on(IPC_CHANNELS.subscribeFailed, (_event, id, error) => {
    if (typeof id !== 'string' || !listeners.delete(id)) return;
    reportError('subscription refused', error);
  });
  // This page is new: whatever a previous page in the same window subscribed to is stale. IPC messages from one
  // page arrive in order, so main handles this before any subscription below.
  ipc.send(IPC_CHANNELS.reset);

  const bridge: GridboxBridge = {
    async call(method, params) {
      if (typeof method !== 'string' || !methodNames.has(method)) {
        return failure('unknown_method', `unknown method: ${String(method).slice(0, 64)}`);
      }
      let answer: unknown;
      try {
        answer = await ipc.invoke(IPC_CHANNELS.call, method, params);
      } catch (err) {
        // Only transport failures land here (e.g. params that cannot be cloned): main never throws across IPC.
        const detail = err instanceof Error ? err.message : String(err);
        return failure('internal', `could not reach the Gridbox backend: ${detail.slice(0, 200)}`);
      }
      return isEnvelope(answer) ? answer : failure('internal', 'the Gridbox backend sent an unexpected answer');
    },

    subscribe(topic, params, onEvent) {
      if (typeof topic !== 'string' || !topicNames.has(topic)) {
        throw new TypeError(`unknown topic: ${String(topic).slice(0, 64)}`);
      }
      if (typeof onEvent !== 'function') throw new TypeError('subscribe needs a callback');
      const id = `s${++nextId}`;
      // Only the payload reaches the renderer; the IpcRendererEvent (with its sender) stays in the preload.
      listeners.set(id, (event) => onEvent(event));
      ipc.send(IPC_CHANNELS.subscribe, id, topic, params);
      return () => {
        if (listeners.delete(id)) ipc.send(IPC_CHANNELS.unsubscribe, id);
      };
    },
  };
  return Object.freeze(bridge);
}
