/**
 * The app:// protocol that serves the renderer build. Loading from a custom scheme instead of file:// gives the
 * renderer a real origin (so CSP 'self' and IPC sender checks mean something) and none of file://'s extra powers.
 *
 * Pure: file reads are injected, and the handler speaks the standard Request/Response types, so it is tested in Node.
 */
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'gridbox';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  // Served with its own type so WebAssembly.instantiateStreaming accepts it.
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// URL to a file inside rootDir, or null when the URL is not ours or would escape the folder
 * (`..`, encoded slashes, backslashes, NUL bytes, absolute paths).
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return null;
  if (url.username !== '' || url.password !== '') return null;

  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // Backslashes are separators on Windows, so an encoded one could climb out of the folder there.
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '' || path === '/') path = '/index.html';

  const root = resolve(rootDir);
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const file = resolve(join(root, ...segments));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}

export interface AppProtocolOptions {
  rootDir: string;
  readFile: (path: string) => Promise<Uint8Array>;
  /** The Content-Security-Policy header for every response: app:// responses may not pass through webRequest. */
  csp: string;
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

/** Builds the protocol.handle callback for app://. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const headersFor = (path: string): Record<string, string> => ({
    'Content-Type': mimeTypeFor(path),
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  const plain = (status: number, text: string): Response =>
    new Response(text, { status, headers: { ...headersFor('x.txt') } });

  const read = async (file: string): Promise<Response | null> => {
    try {
      const body = await options.readFile(file);
      return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: headersFor(file) });
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  };

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const file = resolveAppFile(options.rootDir, request.url);
    if (!file) return plain(404, 'not found');
    try {
      const found = await read(file);
      if (found) return found;
      // Client-side routes (no file extension) get the app shell, so a reload on a deep link still works.
      if (extname(file) === '') {
        const shell = await read(join(resolve(options.rootDir), 'index.html'));
        if (shell) return shell;
      }
      return plain(404, 'not found');
    } catch {
      return plain(500, 'could not read the file');
    }
  };
}
