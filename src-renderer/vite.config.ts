import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** The renderer bundle: served from file:// in Electron and by the web-fallback server, hence a relative base. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // Keystores and mnemonics pass through this code: keep the output readable for anyone auditing a release.
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
  server: { host: '127.0.0.1' },
});
