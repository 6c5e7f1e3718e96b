import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningApp {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts `npm start`'s web fallback exactly as a user would, on a fresh data directory, and reads its URL. */
export async function startWebApp(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridbox-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['src-main/launcher/start.mjs', '--web', '--port', '0', '--json', '--data', dataDir], {
    cwd: root,
    env: { ...process.env, GRIDBOX_DATA_DIR: dataDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web app did not start:\n${output}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        if (line.startsWith('{')) {
          try {
            const parsed = JSON.parse(line) as { url?: string };
            if (parsed.url) {
              clearTimeout(timer);
              resolve(parsed.url);
            }
          } catch {
            // a partial line: wait for the rest
          }
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`web app exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    stop: async () => {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Switches the theme on the Settings page (and waits until it applies). */
export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-theme').selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}
