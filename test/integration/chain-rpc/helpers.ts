/** A real RPC server on 127.0.0.1 with the test groups, and a raw WebSocket client that records every frame. */
import WebSocket from 'ws';
// Through the package's barrel, so its exports are exercised at run time too.
import {
  type RpcLogger,
  type RpcServer,
  type RpcServerOptions,
  startRpcServer,
  systemGroup,
} from '../../../simulator/chain/rpc';
import { newProbe, type Probe, testGroup } from '../../unit/chain-rpc/test-groups';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON frames under test
export type Json = any;

export interface LogLine {
  level: 'debug' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export async function startTestServer(
  options: Partial<RpcServerOptions> = {},
): Promise<{ server: RpcServer; probe: Probe; logs: LogLine[] }> {
  const probe = newProbe();
  const logs: LogLine[] = [];
  const logger: RpcLogger = {
    debug: (message, fields) => logs.push({ level: 'debug', message, fields }),
    warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields) => logs.push({ level: 'error', message, fields }),
  };
  const server = await startRpcServer({
    port: 0,
    handlers: [systemGroup(), testGroup(probe)],
    logger,
    ...options,
  });
  return { server, probe, logs };
}

export class RawClient {
  readonly frames: Json[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;
  private listeners: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      for (const listener of [...this.listeners]) listener();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static connect(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new RawClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first recorded frame (past or future) that matches. */
  waitFor(match: (frame: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (found === undefined) return false;
        this.listeners = this.listeners.filter((l) => l !== listener);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 500)}`));
      }, timeoutMs);
      if (!check()) this.listeners.push(listener);
    });
  }

  /** Sends a call with a fresh numeric id and resolves with its response. */
  async call(method: string, params: unknown = []): Promise<Json> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.waitFor((frame) => !Array.isArray(frame) && frame.id === id);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

/** Polls until `check` passes (for effects on the server side, such as cleanups after a disconnect). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; json: Json }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}
