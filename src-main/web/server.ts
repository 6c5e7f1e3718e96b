/**
 * The web fallback: the same backend and renderer as the desktop app, served on loopback when Electron cannot run.
 *
 * A browser page on 127.0.0.1 is reachable by every other local program and by any web page the user visits (through
 * DNS rebinding or cross-site WebSocket requests), so the server trusts nothing but a random session token: it must
 * arrive in the URL once (then it lives in an HttpOnly, SameSite=Strict cookie), the Host must be our loopback
 * address, and WebSocket upgrades must come from our own origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES, parseClientFrame, type ServerFrame } from '../api/wire';
import type { Dispatcher } from '../backend/dispatch';
import { EXPORTS_ROUTE, exportFileFor } from '../backend/grid/export-downloads';
import { contentSecurityPolicy } from '../main/security';

export interface WebServerOptions {
  dispatcher: Dispatcher;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  /** The data folder's exports: its workspace archives download from /exports/<name> (export-downloads.ts). */
  exportsDir?: string;
}

export interface WebServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'gridbox_session';
const HOST = '127.0.0.1';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const root = resolve(options.rendererDir);
  let port = 0;

  const tokenMatches = (candidate: string | undefined | null): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  const hostAllowed = (host: string | undefined): boolean => host === `${HOST}:${port}` || host === `localhost:${port}`;
  const authenticated = (req: IncomingMessage, url: URL): boolean =>
    tokenMatches(url.searchParams.get('token')) || tokenMatches(readCookie(req.headers.cookie, COOKIE));

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host)) return send(res, 421, 'Gridbox answers only on its loopback address.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!authenticated(req, url)) {
      return send(res, 401, 'Gridbox: this session needs its token. Open the URL that `npm start` printed.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    if (url.searchParams.has('token')) {
      // Swap the token in the URL for a cookie, so it leaves the address bar and the history.
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      url.searchParams.delete('token');
      res.setHeader('Location', url.pathname + url.search);
      return send(res, 303, 'see other');
    }
    if (url.pathname.startsWith(EXPORTS_ROUTE)) return serveExport(url.pathname, req, res);
    await serveStatic(url.pathname, req, res);
  }

  async function serveExport(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = options.exportsDir === undefined ? undefined : exportFileFor(options.exportsDir, pathname);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return send(res, 404, 'no such export: export the workspace again from the dashboard');
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'application/gzip',
      'Content-Length': info.size,
      'Content-Disposition': `attachment; filename="${basename(file)}"`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  async function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    } catch {
      return send(res, 400, 'bad path');
    }
    let file = resolve(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 404, 'not found');
    let info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) {
      // Client-side routes (#/…) never reach here, but /index.html for "/" and unknown paths without an extension do.
      if (extname(relative)) return send(res, 404, 'not found');
      file = join(root, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info) return send(res, 503, 'The renderer is not built yet: run `npm run build:renderer`.');
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket: Socket, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? HOST}`);
    const origin = req.headers.origin;
    const originAllowed = origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
    if (!hostAllowed(req.headers.host) || !originAllowed || !authenticated(req, url) || url.pathname !== '/api') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSession(ws, options.dispatcher));
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', fail);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** One WebSocket connection: calls and subscriptions, with every subscription ended when the socket closes. */
function serveSession(ws: WebSocket, dispatcher: Dispatcher): void {
  const subscriptions = new Map<number, () => void>();
  const reply = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? null : parseClientFrame(data.toString());
    if (!frame) {
      reply({ id: 0, ok: false, error: { code: 'invalid_params', message: 'malformed frame: expected {id, method, params}' } });
      return;
    }
    if ('method' in frame) {
      void dispatcher.call(frame.method, frame.params).then((envelope) => reply({ id: frame.id, ...envelope }));
    } else if ('subscribe' in frame) {
      const result = dispatcher.subscribe(frame.subscribe, frame.params, (event) => reply({ sub: frame.id, event }));
      if (!result.ok) return reply({ id: frame.id, ok: false, error: result.error });
      subscriptions.get(frame.id)?.();
      subscriptions.set(frame.id, result.unsubscribe);
      reply({ id: frame.id, ok: true, result: null });
    } else {
      subscriptions.get(frame.unsubscribe)?.();
      subscriptions.delete(frame.unsubscribe);
      reply({ id: frame.id, ok: true, result: null });
    }
  });
  ws.on('close', () => {
    for (const end of subscriptions.values()) end();
    subscriptions.clear();
  });
  ws.on('error', () => ws.terminate());
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text + '\n');
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
