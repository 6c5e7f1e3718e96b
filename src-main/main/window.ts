/**
 * The Electron-facing half of window management and web security. Decisions live in pure modules (security.ts,
 * app-protocol.ts, window-state.ts); this file only attaches them to Electron's hooks, which need a real Electron to
 * run and so are kept as thin as possible.
 */
import { app, BrowserWindow, nativeTheme, screen, shell, type Session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../backend/store/atomic-file';
import { APP_SCHEME, createAppProtocolHandler } from './app-protocol';
import { contentSecurityPolicy, isAppUrl, isPermissionAllowed, normalizeExternalUrl, windowWebPreferences } from './security';
import {
  parseWindowState,
  restoreBounds,
  serializeWindowState,
  WINDOW_STATE_FILE,
  type Rect,
  type WindowState,
} from './window-state';

const SIZE_LIMITS = { defaultWidth: 1280, defaultHeight: 820, minWidth: 960, minHeight: 640 };
/** Linux reports every pixel of a drag as move/resize; wait for the user to stop before writing. */
const SAVE_DELAY_MS = 500;

type Log = (message: string) => void;

/** Serves the renderer build on app:// in the given session, with the CSP on every response. */
export function registerAppProtocol(ses: Session, rendererDir: string): void {
  ses.protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rootDir: rendererDir, readFile: (path) => readFile(path), csp: contentSecurityPolicy() }),
  );
}

/**
 * Session-wide protections: our CSP replaces whatever a server sends (this covers the dev server; app:// sets its
 * own header because custom protocols may bypass webRequest), and permissions (camera, notifications, geolocation,
 * USB, ...) are refused; see ALLOWED_PERMISSIONS for the single exception.
 */
export function hardenSession(ses: Session, appOrigin: string): void {
  const csp = contentSecurityPolicy();
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(details.responseHeaders ?? {})) {
      if (key.toLowerCase() !== 'content-security-policy') headers[key] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, details.isMainFrame, appOrigin)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame, appOrigin),
  );
  // WebUSB, WebHID and Web Serial: Gridbox talks to no devices.
  ses.setDevicePermissionHandler(() => false);
}

function openExternalIfAllowed(url: string, log: Log): void {
  const safe = normalizeExternalUrl(url);
  if (!safe) {
    log(`blocked a link to ${url.slice(0, 200)}`);
    return;
  }
  shell.openExternal(safe).catch((err: unknown) => log(`could not open ${safe}: ${String(err)}`));
}

/**
 * Applied to every webContents Electron creates (windows, and anything a compromised page might try to create):
 * no <webview>, no new windows, no navigation away from the app. Allowed links open in the user's browser instead.
 */
export function guardWebContents(contents: WebContents, appOrigin: string, log: Log): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url, log);
    return { action: 'deny' };
  });
  contents.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url, appOrigin)) return;
    event.preventDefault();
    // A plain <a href> to the manual should still work, but only a top-level click may open the browser.
    if (event.isMainFrame) openExternalIfAllowed(event.url, log);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appOrigin)) event.preventDefault();
  });
}

export function installWebContentsGuards(appOrigin: string, log: Log): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appOrigin, log));
}

// ------------------------------------------------------------------------------------------------------------------
// Window state

let writeChain: Promise<void> = Promise.resolve();

/** Resolves once every queued window-state write has finished; main waits for this before quitting. */
export function whenWindowStateSaved(): Promise<void> {
  return writeChain;
}

function queueStateWrite(file: string, state: WindowState, log: Log): void {
  // One write at a time, in order, so an older state can never land after a newer one.
  writeChain = writeChain
    .then(() => writeFileAtomic(file, serializeWindowState(state)))
    .catch((err: unknown) => log(`could not save the window position: ${String(err)}`));
}

async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    return parseWindowState(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

function displayWorkAreas(): Rect[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

function trackWindowState(win: BrowserWindow, file: string, log: Log): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    if (win.isDestroyed()) return;
    queueStateWrite(file, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }, log);
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  win.on('resize', schedule);
  win.on('move', schedule);
  win.on('maximize', schedule);
  win.on('unmaximize', schedule);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}

export interface MainWindowOptions {
  dataDir: string;
  preloadPath: string;
  /** app://gridbox/index.html, or the dev server URL in development. */
  entryUrl: string;
  devTools: boolean;
  log: Log;
}

export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const stateFile = join(options.dataDir, WINDOW_STATE_FILE);
  const restored = restoreBounds(await loadWindowState(stateFile), displayWorkAreas(), SIZE_LIMITS);

  const win = new BrowserWindow({
    ...(restored.x !== undefined && restored.y !== undefined ? { x: restored.x, y: restored.y } : {}),
    width: restored.width,
    height: restored.height,
    minWidth: SIZE_LIMITS.minWidth,
    minHeight: SIZE_LIMITS.minHeight,
    title: 'Gridbox',
    // Shown only once painted, on a background matching the theme, so there is no white flash.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17171c' : '#ffffff',
    webPreferences: windowWebPreferences(options.preloadPath, { devTools: options.devTools }),
  });

  win.once('ready-to-show', () => {
    // maximize() also shows the window, so it waits until there is something to show.
    if (restored.maximized) win.maximize();
    win.show();
  });
  // If the page never loads, ready-to-show never comes: show the window anyway rather than run invisibly.
  win.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (!isMainFrame) return;
    options.log(`could not load ${url}: ${description} (${code})`);
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  });
  trackWindowState(win, stateFile, options.log);

  win.loadURL(options.entryUrl).catch((err: unknown) => options.log(`could not load the app: ${String(err)}`));
  return win;
}
