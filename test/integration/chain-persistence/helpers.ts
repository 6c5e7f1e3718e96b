// A persistent dev chain (startChain with a data dir) and an unmodified @polkadot/api client on it, plus temp dirs
// that are removed after each test file.
import '@polkadot/api-augment/substrate';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startChain, type RunningChain, type StartChainOptions } from '../../../simulator/chain';
import { collectingLogger } from '../chain/helpers';

const dirs: string[] = [];

export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-chain-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface PersistentChain {
  readonly running: RunningChain;
  readonly api: ApiPromise;
  readonly provider: WsProvider;
  readonly problems: string[];
  readonly infos: string[];
  close(): Promise<void>;
}

export async function startPersistentChain(dataDir: string, options: Omit<StartChainOptions, 'dataDir'> = {}): Promise<PersistentChain> {
  const { logger, problems } = collectingLogger();
  const infos: string[] = [];
  const running = await startChain({ port: 0, blockMode: 'instant', ...options, dataDir, logger: { ...logger, info: (m) => infos.push(m) } });
  const provider = new WsProvider(running.url);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  return {
    running,
    api,
    provider,
    problems,
    infos,
    close: async () => {
      await api.disconnect();
      await running.close();
    },
  };
}
