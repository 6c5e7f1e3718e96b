import type {
  GridboxApi,
  MethodName,
  ParamsIn,
  Result,
  TopicEvent,
  TopicName,
  TopicParamsIn,
} from '../../../../src-main/api/contract';
import { ApiError } from '../../../../src-main/api/errors';
import type { ConnectionStatus, ObservableTransport, Transport } from './transport';
import { createWsTransport, type SocketConstructor } from './ws-transport';

/** The typed client: unwraps envelopes, so callers get a result or an ApiError, never an envelope. */
export function createApi(transport: Transport): GridboxApi {
  return {
    async call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
      let envelope;
      try {
        envelope = await transport.call(method, params);
      } catch (err) {
        throw err instanceof ApiError ? err : new ApiError('internal', 'lost connection to the Gridbox backend');
      }
      if (envelope?.ok === true) return envelope.result as Result<M>;
      throw ApiError.from(envelope?.ok === false ? envelope.error : null);
    },
    subscribe<T extends TopicName>(topic: T, params: TopicParamsIn<T>, onEvent: (event: TopicEvent<T>) => void) {
      return transport.subscribe(topic, params, onEvent as (event: unknown) => void);
    },
  };
}

function isTransport(value: unknown): value is Transport {
  const v = value as Partial<Transport> | null | undefined;
  return typeof v?.call === 'function' && typeof v?.subscribe === 'function';
}

const ALWAYS_OPEN: ConnectionStatus = { state: 'open', failures: 0, retryAt: null, everConnected: true };

/** The Electron preload bridge is in-process IPC: it is open for as long as the window exists. */
export function fromBridge(bridge: Transport): ObservableTransport {
  return {
    call: (method, params) => bridge.call(method, params),
    subscribe: (topic, params, onEvent) => bridge.subscribe(topic, params, onEvent),
    status: () => ALWAYS_OPEN,
    onStatus: () => () => {},
    retryNow: () => {},
  };
}

interface PageLocation {
  protocol: string;
  host: string;
  search: string;
}

/** ws(s)://<this host>/api, carrying the page's ?token= along (the auth cookie covers the usual case). */
export function backendUrl(loc: PageLocation): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(loc.search).get('token');
  return `${scheme}://${loc.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** `window.gridbox` when the Electron preload put it there, else the web fallback's WebSocket. */
function chooseTransport(): ObservableTransport {
  const g = globalThis as {
    gridbox?: unknown;
    location?: PageLocation;
    WebSocket?: unknown;
    addEventListener?: (type: string, listener: () => void) => void;
  };
  if (isTransport(g.gridbox)) return fromBridge(g.gridbox);
  if (!g.location || typeof g.WebSocket !== 'function') {
    throw new Error('Gridbox: no backend bridge (window.gridbox) and no WebSocket to reach one');
  }
  const loc = g.location;
  const ws = createWsTransport({
    url: () => backendUrl(loc),
    WebSocket: g.WebSocket as SocketConstructor,
    onSubscribeError: (topic, err) => console.error(`gridbox: subscribing to '${topic}' failed: ${err.message}`),
  });
  // Back on the network (or the laptop woke up): don't sit out the backoff.
  g.addEventListener?.('online', () => ws.retryNow());
  return ws;
}

let chosen: ObservableTransport | null = null;
const current = (): ObservableTransport => (chosen ??= chooseTransport());

/** The one transport the app uses, picked on first use (importing this module has no side effects). */
export const transport: ObservableTransport = {
  call: (method, params) => current().call(method, params),
  subscribe: (topic, params, onEvent) => current().subscribe(topic, params, onEvent),
  status: () => current().status(),
  onStatus: (listener) => current().onStatus(listener),
  retryNow: () => current().retryNow(),
};

/** The one API client the UI uses. */
export const api: GridboxApi = createApi(transport);
