/**
 * Entry of the web fallback: `npm start` lands here when no Electron binary is installed.
 * Prints the URL (token included) and runs until SIGINT or SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackend } from '../backend';
import { exportsDirOf } from '../backend/grid/export-downloads';
import { defaultDataDir } from '../backend/store/data-dir';
import { startWebServer } from './server';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function runWebFallback(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: false,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535 (got ${String(values.port)})`);
  }
  const dataDir = typeof values.data === 'string' ? values.data : defaultDataDir();
  const version = (JSON.parse(readFileSync(`${projectRoot}package.json`, 'utf8')) as { version: string }).version;

  const backend = await createBackend({
    dataDir,
    mode: 'web',
    version,
    ...(process.env.GRIDBOX_GRID_PORTS === 'free' ? { gridPorts: 'free' as const } : {}),
    logError: (context, err) => console.error(`gridbox: ${context} failed: ${err instanceof Error ? err.message : String(err)}`),
  });
  const server = await startWebServer({
    dispatcher: backend.dispatcher, rendererDir: `${projectRoot}out/renderer`, port, exportsDir: exportsDirOf(dataDir),
  });

  if (values.json) console.log(JSON.stringify({ url: server.url, dataDir }));
  else {
    console.log(`Gridbox is running at ${server.url}`);
    console.log(`Data directory: ${dataDir}. Press Ctrl+C to stop.`);
  }

  const stop = async () => {
    await backend.dispose();
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
