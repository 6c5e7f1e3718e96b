// The app backend on a fresh data directory with a free-ports grid, called as the renderer does (through the
// dispatcher, so request schemas apply), for the test/integration/app suites.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../../src-main/backend';
import { killLeftovers } from '../grid/cli-harness';

export interface TestBackend {
  readonly dataDir: string;
  readonly backend: Backend;
  call<T>(method: string, params?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startTestBackend(prefix: string): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), `gridbox-app-${prefix}-`));
  const backend = await createBackend({ dataDir, mode: 'web', version: 'test', gridPorts: 'free' });
  return {
    dataDir,
    backend,
    async call<T>(method: string, params: unknown = {}): Promise<T> {
      const envelope = await backend.dispatcher.call(method, params);
      if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
      return envelope.result as T;
    },
    async close() {
      await backend.dispose();
      killLeftovers();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
