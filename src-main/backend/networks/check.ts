/**
 * Tries each endpoint of a network: a JSON-RPC call on the chain, a WebSocket handshake on the relay, an HTTP GET on
 * the proxy and GraphQL. Settings shows the result, so a mistyped URL is caught before a flow fails on it.
 */
import WebSocket from 'ws';
import type { NetworkCheck, NetworkEndpoints, NetworkProfile } from '../../api/contract';

const TIMEOUT_MS = 5000;
type Result = NetworkCheck['results'][number];

export async function checkNetwork(profile: NetworkProfile): Promise<NetworkCheck> {
  const e = profile.endpoints;
  const probes: [keyof NetworkEndpoints, (url: string) => Promise<string>][] = [
    ['substrate', chainName],
    ['relay', relayAnswers],
    ['proxy', (url) => httpAnswers(`${url.replace(/\/$/, '')}/version`)],
    ['graphql', (url) => httpAnswers(url, { query: '{ __typename }' })],
  ];
  const results = await Promise.all(
    probes.map(async ([endpoint, probe]): Promise<Result> => {
      const url = e[endpoint];
      if (!url) return { endpoint, url, ok: false, detail: 'not set' };
      const started = Date.now();
      try {
        const detail = await probe(url);
        return { endpoint, url, ok: true, ms: Date.now() - started, detail };
      } catch (err) {
        return { endpoint, url, ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  return { id: profile.id, results };
}

function withSocket<T>(url: string, onOpen: (ws: WebSocket, done: (value: T) => void, fail: (err: Error) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: TIMEOUT_MS });
    const timer = setTimeout(() => fail(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    function finish(): void {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
    function done(value: T): void {
      finish();
      resolve(value);
    }
    function fail(err: Error): void {
      finish();
      reject(err);
    }
    ws.on('open', () => onOpen(ws, done, fail));
    ws.on('error', (err) => fail(new Error(`cannot connect: ${err.message}`)));
  });
}

/**
 * An RMB relay refuses a WebSocket without a twin's signed token (HTTP 401), as the real relay does: that refusal
 * is the relay answering. Anything else that is not a WebSocket is not a relay.
 */
function relayAnswers(url: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: TIMEOUT_MS });
    const finish = (settle: () => void): void => {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      settle();
    };
    ws.on('open', () => finish(() => resolve('accepts WebSocket connections')));
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      finish(() =>
        status === 401 ? resolve('answers (asks for a twin token, as a relay does)') : reject(new Error(`answers HTTP ${status}, not a relay WebSocket`)),
      );
    });
    ws.on('error', (err) => finish(() => reject(new Error(`cannot connect: ${err.message}`))));
  });
}

function chainName(url: string): Promise<string> {
  return withSocket<string>(url, (ws, done, fail) => {
    ws.on('message', (data) => {
      try {
        const reply = JSON.parse(String(data)) as { result?: unknown; error?: { message?: string } };
        if (typeof reply.result === 'string') done(`chain "${reply.result}"`);
        else fail(new Error(reply.error?.message ?? 'not a Substrate node'));
      } catch {
        fail(new Error('not a Substrate node (the answer is not JSON)'));
      }
    });
    ws.send(JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_chain', params: [] }));
  });
}

async function httpAnswers(url: string, body?: unknown): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    // fetch says only "fetch failed"; the reason (refused, unknown host, timeout) is its cause.
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    throw new Error(`cannot connect: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new Error(`answers HTTP ${response.status}`);
  return `answers HTTP ${response.status}`;
}
