/**
 * What the proxy asks the nodes over RMB and caches, as the real proxy's indexers do
 * (grid-proxy/internal/indexer): `zos.system.node_features_get` → `features`, `zos.gpu.list` → `gpus`/`num_gpu`.
 * A background pass asks nodes that are up and not yet (or no longer freshly) known; a request about given nodes
 * can also wait briefly for them (`ensure`), so a node registered a moment ago already shows its features.
 */
import type { GridIndex } from '../indexer/model';
import type { LiveNodeInfo, NodeGpu } from './node-view';
import { nodeStatus } from './status';

export interface RmbCaller {
  call(destTwin: number, command: string, payload: unknown, opts?: { timeoutMs?: number }): Promise<unknown>;
}

export interface LiveInfoOptions {
  /** How often the background pass runs. Default 5 s. */
  refreshMs?: number;
  /** How long an answer stays fresh (features daily, GPUs hourly upstream). Default 1 h. */
  ttlMs?: number;
  /** How long a node that did not answer is left alone. Default 30 s. */
  retryMs?: number;
  timeoutMs?: number;
}

const CONCURRENCY = 8;

interface Entry { info?: LiveNodeInfo; fetchedAt: number; failedAt: number; pending?: Promise<void> }

export class LiveInfo {
  private readonly entries = new Map<number, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private rmb: RmbCaller | undefined;
  private running = false;

  constructor(private readonly index: GridIndex, private readonly options: LiveInfoOptions = {}) {}

  get(nodeID: number): LiveNodeInfo | undefined {
    return this.entries.get(nodeID)?.info;
  }

  /** Starts the background pass once the proxy's RMB peer is connected. */
  attach(rmb: RmbCaller): void {
    this.rmb = rmb;
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 5000);
    this.timer.unref();
    void this.refresh();
  }

  stop(): void {
    clearInterval(this.timer);
    this.rmb = undefined;
  }

  /** Asks the given nodes that are not known yet, waiting at most `waitMs`. */
  async ensure(nodeIDs: number[], waitMs = 3000): Promise<void> {
    const retry = this.options.retryMs ?? 30_000;
    const missing = nodeIDs.filter((id) => {
      const e = this.entries.get(id);
      // A node that just failed to answer is not waited for again on every request.
      return !e?.info && Date.now() - (e?.failedAt ?? 0) >= retry && this.index.nodes.has(id);
    });
    if (!missing.length || !this.rmb) return;
    const all = Promise.all(missing.map((id) => this.fetch(id)));
    await Promise.race([all, new Promise((r) => setTimeout(r, waitMs).unref())]);
  }

  private async refresh(): Promise<void> {
    if (this.running || !this.rmb) return;
    this.running = true;
    try {
      const now = Date.now();
      const ttl = this.options.ttlMs ?? 3600_000;
      const retry = this.options.retryMs ?? 30_000;
      const nowSecs = Math.floor(this.index.head.timestamp / 1000);
      const due = [...this.index.nodes.values()].filter((n) => {
        const e = this.entries.get(n.nodeID);
        if (e && now - e.failedAt < retry) return false;
        if (e?.info && now - e.fetchedAt < ttl) return false;
        return nodeStatus(n.power, n.updatedAt, nowSecs) === 'up';
      }).map((n) => n.nodeID);
      for (let i = 0; i < due.length; i += CONCURRENCY) await Promise.all(due.slice(i, i + CONCURRENCY).map((id) => this.fetch(id)));
    } finally {
      this.running = false;
    }
  }

  private fetch(nodeID: number): Promise<void> {
    let entry = this.entries.get(nodeID);
    if (!entry) this.entries.set(nodeID, entry = { fetchedAt: 0, failedAt: 0 });
    if (entry.pending) return entry.pending;
    const e = entry;
    e.pending = (async () => {
      const node = this.index.nodes.get(nodeID);
      const rmb = this.rmb;
      if (!node || !rmb) return;
      const timeoutMs = this.options.timeoutMs ?? 10_000;
      try {
        const [features, gpus] = await Promise.all([
          rmb.call(node.twinID, 'zos.system.node_features_get', null, { timeoutMs }),
          rmb.call(node.twinID, 'zos.gpu.list', null, { timeoutMs }).catch(() => []),
        ]);
        e.info = { features: Array.isArray(features) ? features.map(String) : [], gpus: gpuList(gpus) };
        e.fetchedAt = Date.now();
        e.failedAt = 0;
      } catch {
        e.failedAt = Date.now();
      }
    })().finally(() => { e.pending = undefined; });
    return e.pending;
  }
}

function gpuList(value: unknown): NodeGpu[] {
  if (!Array.isArray(value)) return [];
  return value.map((g: Record<string, unknown>) => ({
    id: String(g.id ?? ''), vendor: String(g.vendor ?? ''), device: String(g.device ?? ''),
    vram: Number(g.vram ?? 0), contract: Number(g.contract ?? 0),
  }));
}
