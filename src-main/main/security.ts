/**
 * Security policy for the Electron shell, as plain data and predicates.
 *
 * Nothing here imports Electron at runtime, so every rule can be unit-tested in Node. The Electron-facing modules
 * (window.ts, ipc.ts, index.ts) only wire these decisions into Electron's hooks.
 */
import type { WebPreferences } from 'electron';

/**
 * ThreeFold network endpoints the renderer may talk to directly (chain, GraphQL, grid proxy). One list, so widening
 * the CSP is a single reviewed change. Local addresses are listed separately because the local grid binds to them.
 */
export const THREEFOLD_NETWORK_SOURCES = ['wss://*.grid.tf', 'https://*.grid.tf'] as const;
export const LOCAL_NETWORK_SOURCES = [
  'ws://127.0.0.1:*',
  'http://127.0.0.1:*',
  'ws://localhost:*',
  'http://localhost:*',
] as const;

export interface WindowSecurityOptions {
  /** DevTools let anyone run code next to the keys UI ("paste this into the console" scams), so packaged builds turn them off. */
  devTools?: boolean;
}

/** The webPreferences of every Gridbox window: an isolated, sandboxed renderer with no Node and no extras. */
export function windowWebPreferences(preloadPath: string, options: WindowSecurityOptions = {}): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    // A dropped file would otherwise replace the app with a file:// page that has none of our CSP.
    navigateOnDragDrop: false,
    safeDialogs: true,
    enableWebSQL: false,
    devTools: options.devTools ?? false,
  };
}

const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'none'"]],
  // polkadot-js crypto compiles WebAssembly; 'wasm-unsafe-eval' allows that without allowing eval() of strings.
  ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
  // Svelte transitions and component styles insert <style> at runtime.
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'", ...LOCAL_NETWORK_SOURCES, ...THREEFOLD_NETWORK_SOURCES]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['object-src', ["'none'"]],
];

/** The Content-Security-Policy sent with every document the app loads. */
export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Where external links may go. Hosts match exactly or as a proper subdomain (a dot boundary), so `grid.tf.evil.com`
 * and `evilgrid.tf` never pass. A rule with a path prefix only matches that path or what lies below it.
 */
interface ExternalLinkRule {
  host: string;
  subdomains: boolean;
  /** Lower-case first path segment, for hosts shared with everybody (GitHub). */
  pathPrefix?: string;
}
export const EXTERNAL_LINK_RULES: readonly ExternalLinkRule[] = [
  { host: 'threefold.io', subdomains: true },
  { host: 'grid.tf', subdomains: true },
  { host: 'github.com', subdomains: false, pathPrefix: '/threefoldtech' },
];

const MAX_URL_LENGTH = 2048;

function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function hostMatches(hostname: string, rule: ExternalLinkRule): boolean {
  if (hostname === rule.host) return true;
  return rule.subdomains && hostname.length > rule.host.length + 1 && hostname.endsWith(`.${rule.host}`);
}

function pathMatches(pathname: string, prefix: string | undefined): boolean {
  if (prefix === undefined) return true;
  // GitHub treats owner names case-insensitively, so /ThreeFoldTech/ is the same organisation.
  const lower = pathname.toLowerCase();
  return lower === prefix || lower.startsWith(`${prefix}/`);
}

/**
 * The canonical form of an allowed external link, or null. Callers hand this string (not the original) to
 * shell.openExternal so the OS opens exactly what was checked, whatever quirks its own URL parser has.
 */
export function normalizeExternalUrl(value: unknown): string | null {
  const url = parseUrl(value);
  if (!url) return null;
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.port !== '') return null;
  const hostname = url.hostname.toLowerCase();
  const allowed = EXTERNAL_LINK_RULES.some((rule) => hostMatches(hostname, rule) && pathMatches(url.pathname, rule.pathPrefix));
  return allowed ? url.href : null;
}

/** Whether a link may be opened in the user's browser. */
export function isAllowedExternalUrl(value: unknown): boolean {
  return normalizeExternalUrl(value) !== null;
}

/**
 * scheme://host[:port] of a URL, lower-cased. Node's URL reports an opaque "null" origin for custom schemes such as
 * app://, while Chromium (where the scheme is registered as standard) does not, so the origin is rebuilt by hand.
 */
function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`.toLowerCase();
}

/** Whether a URL belongs to the app itself (the app:// origin, or the dev server in development). */
export function isAppUrl(value: unknown, appOrigin: string): boolean {
  const url = parseUrl(value);
  const origin = parseUrl(appOrigin);
  if (!url || !origin || origin.host === '') return false;
  if (url.username !== '' || url.password !== '') return false;
  return originOf(url) === originOf(origin);
}

/**
 * Whether an IPC message comes from a document of ours. Frame-level checks (top frame, not detached) are the
 * caller's job because they need the frame object; this decides on the URL alone.
 */
export function isTrustedSender(frameUrl: unknown, appOrigin: string): boolean {
  return isAppUrl(frameUrl, appOrigin);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin of the electron-vite dev server, or null. Only honoured in unpackaged builds, and only for a loopback
 * http(s) address, so a stray ELECTRON_RENDERER_URL can never point the app (and its IPC trust) at a remote page.
 */
export function devServerOrigin(rendererUrl: unknown, isPackaged: boolean): string | null {
  if (isPackaged) return null;
  const url = parseUrl(rendererUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (url.username !== '' || url.password !== '' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  return url.origin;
}

/**
 * Permissions our own top-level page may use. Everything else (camera, microphone, notifications, geolocation,
 * clipboard reading, USB, HID, serial, ...) is refused. Writing plain text to the clipboard is the one exception:
 * the "copy address" buttons rely on navigator.clipboard.writeText, which Chromium gates behind this permission.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: unknown, isMainFrame: boolean, appOrigin: string): boolean {
  return isMainFrame && ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appOrigin);
}
