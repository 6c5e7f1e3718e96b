/**
 * A twin on the RMB: one WebSocket to its relay (`relayUrl?<jwt>`), answering requests through registered handlers
 * and calling other twins. Behaves like the Go peer Zero-OS uses (rmb-sdk-go `peer`): plain JSON payloads with
 * `schema: application/json`, responses addressed to the request's source connection, signed with the twin's key,
 * WebSocket ping frames to keep the connection alive, reconnection with backoff.
 */
import { randomUUID } from 'node:crypto';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import WebSocket from 'ws';
import {
  JSON_SCHEMA, decodeEnvelope, encodeEnvelope, jsonPayload, plainJson, signEnvelope, verifyEnvelopeSignature,
  type Envelope, type RmbAddress, type RmbMessage, type RmbPayload,
} from './envelope';
import type { RmbIdentity } from './identity';
import { createJwt } from './jwt';
import type { TwinLookup } from './twin-lookup';

export interface RmbLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: RmbLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface RmbRequestContext {
  uid: string;
  command: string;
  source: { twin: number; connection?: string };
}

export type RmbHandler = (payload: unknown, ctx: RmbRequestContext) => Promise<unknown>;

/** An RMB `Error{code, message}`. */
export class RmbError extends Error {
  readonly code: number;
  constructor(message: string, code = 0) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Thrown by a handler: answered as an RMB error envelope with this message and code. */
export class RmbHandlerError extends RmbError {}

/** A call answered with an error envelope (by the other twin, or by the relay when it could not route). */
export class RmbCallError extends RmbError {}

export interface RmbPeerOptions {
  /** ws://127.0.0.1:PORT */
  relayUrl: string;
  identity: RmbIdentity;
  /** JWT sid; omitted like Zero-OS peers */
  sessionId?: string;
  /** to verify incoming signatures; omitted = do not verify */
  twins?: TwinLookup;
  logger?: RmbLogger;
  /** WebSocket ping period; the connection is dropped when no pong came for two periods. Default 20 s. */
  pingIntervalMs?: number;
  /** Reconnection backoff bounds. Defaults 250 ms and 10 s. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

interface Pending {
  destTwin: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const DEFAULT_CALL_TIMEOUT_MS = 30_000;
/** Responses live as long as the relay's own error envelopes. */
const RESPONSE_EXPIRATION_SECS = 300;

const nowSecs = (): number => Math.floor(Date.now() / 1000);

export class RmbPeer {
  private readonly opts: RmbPeerOptions;
  private readonly log: RmbLogger;
  private readonly handlers = new Map<string, RmbHandler>();
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = { connected: new Set<() => void>(), disconnected: new Set<() => void>() };
  private ws: WebSocket | undefined;
  private started = false;
  private closed = false;
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private firstConnect: { resolve(): void; reject(e: Error): void } | undefined;

  constructor(opts: RmbPeerOptions) {
    this.opts = opts;
    this.log = opts.logger ?? silentLogger;
    this.backoffMs = opts.reconnectMinMs ?? 250;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  get twinId(): number {
    return this.opts.identity.twinId;
  }

  /** Registers the handler of one exact command, e.g. 'zos.system.version'. */
  handle(command: string, handler: RmbHandler): void {
    this.handlers.set(command, handler);
  }

  on(event: 'connected' | 'disconnected', fn: () => void): void {
    this.listeners[event].add(fn);
  }

  /** Connects and keeps reconnecting until close(); resolves at the first successful connection. */
  async start(): Promise<void> {
    if (this.started) throw new Error('RmbPeer already started');
    this.started = true;
    await cryptoWaitReady();
    if (this.closed) throw new Error('RmbPeer closed');
    await new Promise<void>((resolve, reject) => {
      this.firstConnect = { resolve, reject };
      this.open();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.firstConnect?.reject(new Error('RmbPeer closed before it connected'));
    this.firstConnect = undefined;
    for (const [uid, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('RmbPeer closed'));
      this.pending.delete(uid);
    }
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => { ws.terminate(); resolve(); }, 2000);
      ws.once('close', () => { clearTimeout(force); resolve(); });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000);
    });
  }

  /** Sends a request to another twin and resolves with its JSON answer; rejects with RmbCallError on an error reply. */
  call(destTwin: number, command: string, payload: unknown, opts: { timeoutMs?: number } = {}): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected to the relay'));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    let body: RmbPayload;
    try {
      body = jsonPayload(payload);
    } catch (error) {
      return Promise.reject(error);
    }
    const env = signEnvelope({
      uid: randomUUID(),
      timestamp: nowSecs(),
      expiration: Math.max(1, Math.ceil(timeoutMs / 1000)),
      source: this.ownAddress(),
      destination: { twin: destTwin },
      message: { kind: 'request', command },
      schema: JSON_SCHEMA,
      payload: body,
      relays: [],
    }, this.opts.identity);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(env.uid);
        reject(new Error(`no answer from twin ${destTwin} to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(env.uid, { destTwin, resolve, reject, timer });
      ws.send(encodeEnvelope(env), { binary: true }, (err) => {
        if (!err) return;
        clearTimeout(timer);
        this.pending.delete(env.uid);
        reject(new Error(`sending ${command} to twin ${destTwin} failed: ${err.message}`));
      });
    });
  }

  private ownAddress(): RmbAddress {
    const a: RmbAddress = { twin: this.opts.identity.twinId };
    if (this.opts.sessionId !== undefined) a.connection = this.opts.sessionId;
    return a;
  }

  private emit(event: 'connected' | 'disconnected'): void {
    for (const fn of this.listeners[event]) {
      try {
        fn();
      } catch (error) {
        this.log.error(`rmb: ${event} listener failed`, { error: String(error) });
      }
    }
  }

  private open(): void {
    if (this.closed) return;
    const token = createJwt(this.opts.identity, this.opts.sessionId !== undefined ? { sid: this.opts.sessionId } : {});
    const ws = new WebSocket(`${this.opts.relayUrl}?${token}`, { perMessageDeflate: false });
    this.ws = ws;
    let alive = true;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      this.backoffMs = this.opts.reconnectMinMs ?? 250;
      this.log.info('rmb: connected to the relay', { twin: this.twinId, relay: this.opts.relayUrl });
      const period = this.opts.pingIntervalMs ?? 20_000;
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => {
        if (!alive) {
          this.log.warn('rmb: relay stopped answering pings; reconnecting', { twin: this.twinId });
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, period);
      this.pingTimer.unref();
      this.firstConnect?.resolve();
      this.firstConnect = undefined;
      this.emit('connected');
    });
    ws.on('pong', () => { alive = true; });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.log.warn('rmb: ignoring a text frame from the relay');
        return;
      }
      void this.onFrame(toBytes(data));
    });
    ws.on('error', (err) => this.log.debug('rmb: websocket error', { error: err.message }));
    ws.on('unexpected-response', (_req, res) => {
      this.log.warn('rmb: relay refused the connection', { status: res.statusCode, twin: this.twinId });
      ws.terminate();
    });
    ws.on('close', () => {
      clearInterval(this.pingTimer);
      if (this.ws !== ws) return;
      if (opened) this.emit('disconnected');
      if (this.closed) return;
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.opts.reconnectMaxMs ?? 10_000);
      this.log.debug('rmb: reconnecting', { twin: this.twinId, inMs: delay });
      this.reconnectTimer = setTimeout(() => this.open(), delay);
    });
  }

  private async onFrame(bytes: Uint8Array): Promise<void> {
    let env: Envelope;
    try {
      env = decodeEnvelope(bytes);
    } catch (error) {
      this.log.warn('rmb: dropping an undecodable envelope', { error: (error as Error).message });
      return;
    }
    try {
      const kind = env.message?.kind;
      if (kind === 'request') await this.onRequest(env);
      else if (kind === 'response' || kind === 'error') await this.onReply(env);
    } catch (error) {
      this.log.error('rmb: failed to process an envelope', { uid: env.uid, error: String(error) });
    }
  }

  /** Whether the envelope is signed by its source twin; true when this peer does not verify. */
  private async signedBySource(env: Envelope): Promise<boolean> {
    if (!this.opts.twins) return true;
    if (!env.source) return false;
    const twin = await this.opts.twins.twin(env.source.twin);
    return twin !== null && verifyEnvelopeSignature(env, twin.accountId);
  }

  private async onReply(env: Envelope): Promise<void> {
    const p = this.pending.get(env.uid);
    if (!p) {
      this.log.debug('rmb: reply to no pending call', { uid: env.uid });
      return;
    }
    const m = env.message!;
    // The relay's own error envelopes carry neither a source nor a signature.
    const fromRelay = m.kind === 'error' && !env.source;
    if (!fromRelay) {
      if (env.source?.twin !== p.destTwin || !(await this.signedBySource(env))) {
        this.log.warn('rmb: dropping a reply with a wrong source or signature', { uid: env.uid, source: env.source?.twin });
        return;
      }
    }
    this.pending.delete(env.uid);
    clearTimeout(p.timer);
    if (m.kind === 'error') {
      p.reject(new RmbCallError(m.message, m.code));
      return;
    }
    if (env.payload?.kind === 'cipher') {
      p.reject(new Error('encrypted replies are not supported'));
      return;
    }
    try {
      p.resolve(plainJson(env) ?? null);
    } catch {
      p.reject(new Error('reply is not valid JSON'));
    }
  }

  private async onRequest(req: Envelope): Promise<void> {
    const command = (req.message as Extract<RmbMessage, { kind: 'request' }>).command;
    const source = req.source;
    if (!source) {
      this.log.warn('rmb: dropping a request without a source', { uid: req.uid, command });
      return;
    }
    if (req.expiration && req.timestamp + req.expiration < nowSecs()) {
      this.log.debug('rmb: dropping an expired request', { uid: req.uid, command, source: source.twin });
      return;
    }
    const reply = (message: RmbMessage, result?: unknown): void => this.reply(req, source, message, result);
    const fail = (message: string, code = 0): void => reply({ kind: 'error', code, message });
    if (!(await this.signedBySource(req))) return fail('invalid signature');
    if (req.schema !== undefined && req.schema !== '' && req.schema !== JSON_SCHEMA) {
      return fail(`unsupported schema '${req.schema}': expected ${JSON_SCHEMA}`);
    }
    if (req.payload?.kind === 'cipher') return fail('encrypted payloads are not supported: this twin has no pk');
    const handler = this.handlers.get(command);
    if (!handler) return fail(`handler not found: ${command}`);
    let payload: unknown;
    try {
      payload = plainJson(req);
    } catch {
      return fail('invalid request payload: not JSON');
    }
    const ctx: RmbRequestContext = { uid: req.uid, command, source: { ...source } };
    let result: unknown;
    try {
      result = await handler(payload, ctx);
    } catch (error) {
      const code = error instanceof RmbHandlerError ? error.code : 0;
      if (!(error instanceof RmbHandlerError)) this.log.warn('rmb: handler failed', { command, error: String(error) });
      return fail(error instanceof Error ? error.message : String(error), code);
    }
    try {
      reply({ kind: 'response' }, result);
    } catch (error) {
      fail(`handler result cannot be sent as JSON: ${(error as Error).message}`);
    }
  }

  private reply(req: Envelope, destination: RmbAddress, message: RmbMessage, result?: unknown): void {
    const env: Envelope = {
      uid: req.uid,
      timestamp: nowSecs(),
      expiration: RESPONSE_EXPIRATION_SECS,
      source: this.ownAddress(),
      destination: { ...destination },
      message,
      schema: JSON_SCHEMA,
      relays: [],
    };
    if (message.kind === 'response') env.payload = jsonPayload(result);
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      this.log.warn('rmb: relay connection lost before the reply', { uid: req.uid });
      return;
    }
    ws.send(encodeEnvelope(signEnvelope(env, this.opts.identity)), { binary: true });
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
