/**
 * Preload for the sandboxed renderer. Sandboxed preloads can require only 'electron' (and a few Node polyfills), so
 * electron-vite bundles everything else into this one CommonJS file.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('gridbox', createBridge(ipcRenderer));
