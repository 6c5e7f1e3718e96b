/**
 * Deployments kept in the node's directory (`deployments/<contract>.json`, with their change history), so a
 * restarted or crashed node still serves them. Written aside then renamed: a crash never leaves half a file.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deployment, Workload } from './model';

export interface StoredDeployment {
  deployment: Deployment;
  /** One entry per workload state change, as `zos.deployment.changes` returns them. */
  history: Workload[];
}

export class DeploymentStore {
  readonly #byContract = new Map<number, StoredDeployment>();
  readonly #dir: string;
  #writes: Promise<void> = Promise.resolve();

  constructor(nodeDir: string) {
    this.#dir = join(nodeDir, 'deployments');
  }

  async load(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    for (const file of await readdir(this.#dir)) {
      if (!/^\d+\.json$/.test(file)) continue;
      const stored = JSON.parse(await readFile(join(this.#dir, file), 'utf8')) as StoredDeployment;
      this.#byContract.set(stored.deployment.contract_id, stored);
    }
  }

  get(contractId: number): StoredDeployment | undefined {
    return this.#byContract.get(contractId);
  }

  all(): StoredDeployment[] {
    return [...this.#byContract.values()];
  }

  /** Saves in memory now and on disk in order; `flushed()` waits for the disk. */
  put(stored: StoredDeployment): void {
    this.#byContract.set(stored.deployment.contract_id, stored);
    const path = join(this.#dir, `${stored.deployment.contract_id}.json`);
    const body = JSON.stringify(stored);
    this.#writes = this.#writes.then(async () => {
      await writeFile(`${path}.tmp`, body, { mode: 0o600 });
      await rename(`${path}.tmp`, path);
    }).catch(() => {});
  }

  flushed(): Promise<void> {
    return this.#writes;
  }
}
