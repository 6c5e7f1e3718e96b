/**
 * Electron main process: app lifecycle only. The backend runs in-process behind the IPC bridge; security decisions
 * live in security.ts and are attached in window.ts.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell, utilityProcess } from 'electron';
import { join, resolve } from 'node:path';
import { createBackend, type Backend } from '../backend/index';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from './app-protocol';
import { registerIpcBridge } from './ipc';
import { chooseFileWrapper } from './safe-storage';
import { createElectronTray } from './tray-electron';
import { startTrayIndicator, type TrayIndicator } from './tray-status';
import { createUtilityLauncher } from './utility-launcher';
import { devServerOrigin } from './security';
import {
  createMainWindow,
  hardenSession,
  installWebContentsGuards,
  registerAppProtocol,
  whenWindowStateSaved,
} from './window';

const PRODUCT_NAME = 'Gridbox';

const log = (message: string): void => console.warn(`[gridbox] ${message}`);
const logError = (context: string, err: unknown): void => console.error(`[gridbox] ${context}:`, err);

// Both must happen before 'ready'. A standard, secure scheme gives app:// a real origin for CSP 'self', fetch and
// IPC sender checks; enableSandbox covers any renderer whose webPreferences forget to ask for it.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();

// The same folder the CLI and the web fallback use (backend/store/data-dir.ts). Named explicitly because Electron
// would otherwise derive it from package.json's lower-case "name", which differs from "Gridbox" on Linux.
const envDataDir = process.env.GRIDBOX_DATA_DIR;
app.setPath('userData', envDataDir ? resolve(envDataDir) : join(app.getPath('appData'), PRODUCT_NAME));
// Chromium's caches and storage in their own subfolder, away from keys and settings.
app.setPath('sessionData', join(app.getPath('userData'), 'electron'));
const dataDir = app.getPath('userData');
// The grid's chain keeps its encoded metadata in a cache (simulator/chain/metadata/cache.ts); an installed app's own
// folder is read-only, so the cache lives with the data, saving about 0.4 s of CPU per start.
process.env.GRIDBOX_METADATA_CACHE ??= join(dataDir, 'cache', 'metadata');

const devOrigin = devServerOrigin(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
const appOrigin = devOrigin ?? APP_ORIGIN;
const entryUrl = devOrigin ? (process.env.ELECTRON_RENDERER_URL as string) : APP_ENTRY_URL;

const rendererDir = join(import.meta.dirname, '../renderer');
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

let backend: Backend | undefined;
let disposeIpc: (() => void) | undefined;
let tray: TrayIndicator | undefined;
let mainWindow: BrowserWindow | null = null;
let opening: Promise<void> | null = null;
let cleanedUp = false;

/** Shows the main window, creating it if there is none; concurrent calls share one creation. */
function showMainWindow(): Promise<void> {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return Promise.resolve();
  }
  opening ??= createMainWindow({ dataDir, preloadPath, entryUrl, devTools: !app.isPackaged, log })
    .then((win) => {
      mainWindow = win;
      win.on('closed', () => {
        if (mainWindow === win) mainWindow = null;
      });
    })
    .finally(() => {
      opening = null;
    });
  return opening;
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession, appOrigin);
  registerAppProtocol(session.defaultSession, rendererDir);

  // Only meaningful after 'ready'; undefined when the OS keychain is missing or is Linux's hard-coded fallback.
  const fileWrapper = chooseFileWrapper(safeStorage, process.platform);
  backend = await createBackend({
    dataDir,
    mode: 'electron',
    version: app.getVersion(),
    ...(fileWrapper ? { fileWrapper } : {}),
    openPath: (path) => shell.openPath(path),
    // No system Node in the packaged app: the grid's parts run as Electron utility processes.
    childLauncher: createUtilityLauncher((modulePath, args, forkOptions) => utilityProcess.fork(modulePath, args, forkOptions)),
    logError,
  });
  disposeIpc = registerIpcBridge(ipcMain, backend.dispatcher, { appOrigin, logWarning: log });
  await showMainWindow();
  startTray(backend);
}

/** The local grid's status in the tray; a desktop without a status area only loses the indicator. */
function startTray(b: Backend): void {
  try {
    tray = startTrayIndicator({
      createTray: createElectronTray,
      subscribe: (listener) => b.bus.on('grid.changed', listener),
      actions: {
        showWindow: showMainWindow,
        // The options the open workspace's grid was last started with (its workspace.json), not the contract's defaults.
        startGrid: () => b.grid.startAsLastUsed(),
        stopGrid: () => b.grid.stop(),
        quit: () => app.quit(),
      },
      logError,
    });
    // Looking at the grid starts watching it, so grid.changed events (and the first view) arrive.
    b.grid.status().catch((err: unknown) => logError('reading the local grid for the tray', err));
  } catch (err) {
    logError('creating the tray icon', err);
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another Gridbox already owns this data folder; it was told to come forward (see 'second-instance').
  app.quit();
} else {
  installWebContentsGuards(appOrigin, log);

  app.on('second-instance', () => {
    // The backend may still be starting; the window appears when it is ready.
    if (backend) showMainWindow().catch((err: unknown) => logError('showing the window', err));
  });

  app.on('window-all-closed', () => {
    // macOS apps stay in the Dock with no window; elsewhere closing the last window ends the app.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    // macOS: clicking the Dock icon with no window open brings one back.
    if (backend && BrowserWindow.getAllWindows().length === 0) {
      showMainWindow().catch((err: unknown) => logError('reopening the window', err));
    }
  });

  app.on('will-quit', (event) => {
    if (cleanedUp) return;
    // Give the last window-state write and the key vault (which wipes unlocked keys) a chance to finish.
    event.preventDefault();
    void (async () => {
      try {
        await whenWindowStateSaved();
        tray?.dispose();
        disposeIpc?.();
        await backend?.dispose();
      } catch (err) {
        logError('shutting down', err);
      } finally {
        cleanedUp = true;
        app.quit();
      }
    })();
  });

  start().catch((err: unknown) => {
    logError('starting', err);
    dialog.showErrorBox('Gridbox could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
