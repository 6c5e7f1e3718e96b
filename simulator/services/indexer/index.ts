/**
 * The chain indexer: `startIndexer({ chainUrl })` reads the entities from storage at the head it finds, then
 * follows new heads and applies each block's events (docs/LOCAL-GRID-SEAMS.md "Grid services for grid_client").
 * Blocks are applied one at a time, in order, each synchronously once its reads are done. A head that does not
 * descend from the last applied block (a reorg, `dev_setHead`, a restored snapshot) means a fresh storage snapshot.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { Header } from '@polkadot/types/interfaces';
import { applyBlock, replaceWithSnapshot } from './apply';
import { collectChanges } from './block-changes';
import { blockAt, blockEvents, emptyView, read, snapshot, type RawRpc } from './chain-reader';
import { MemoryGridIndex, type GridIndex, type IndexHead } from './model';

export * from './model';

export interface IndexerLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface StartIndexerOptions {
  /** ws://host:port of the chain's JSON-RPC. */
  readonly chainUrl: string;
  /**
   * A client of that chain to share (the services process runs one for all its parts), left connected on close;
   * without it the indexer connects its own. Raw reads still go over a connection of the indexer's own.
   */
  readonly api?: ApiPromise;
  /** The store to fill (default a new MemoryGridIndex). */
  readonly index?: MemoryGridIndex;
  readonly logger?: IndexerLogger;
  /**
   * Blocks before the start head searched for uptime reports (storage does not keep them), stopping at reports
   * older than a day of chain time. Default 600.
   */
  readonly uptimeLookbackBlocks?: number;
}

export interface RunningIndexer {
  readonly index: GridIndex;
  /** Resolves once the start snapshot is in the index. */
  readonly ready: Promise<void>;
  /** Resolves once the index has applied block `blockNumber` (or a later one). */
  synced(blockNumber: number): Promise<void>;
  on(event: 'block', fn: (head: IndexHead) => void): void;
  close(): Promise<void>;
}

/** How far back a head is followed block by block before it counts as a different chain. */
const MAX_GAP = 2000;
const DAY_SECS = 24 * 3600;
const LOOKBACK_BATCH = 16;

export function startIndexer(options: StartIndexerOptions): RunningIndexer {
  const index = options.index ?? new MemoryGridIndex();
  const log = options.logger ?? { info() {}, warn() {} };
  const listeners = new Set<(head: IndexHead) => void>();
  const waiters: { n: number; resolve(): void; reject(e: Error): void }[] = [];
  let api: ApiPromise | undefined;
  let rpc: RawRpc | undefined;
  let ownProvider: WsProvider | undefined;
  let unsubscribe: (() => void) | undefined;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();
  let headNumber = -1;

  const published = (head: IndexHead) => {
    headNumber = head.number;
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.n <= head.number) waiters.splice(i, 1)[0]!.resolve();
    }
    for (const fn of listeners) {
      try {
        fn(head);
      } catch (error) {
        log.warn(`indexer: a block listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const takeSnapshot = async (hash: string, number: number): Promise<void> => {
    const [{ timestamp }, at] = await Promise.all([blockEvents(api!, rpc!, hash), blockAt(api!, hash)]);
    const view = await snapshot(at);
    replaceWithSnapshot(index, { number, hash, timestamp }, view);
    published(index.head);
  };

  const applyOne = async (hash: string, number: number): Promise<void> => {
    const { timestamp, events } = await blockEvents(api!, rpc!, hash);
    const changes = collectChanges(events);
    if (changes.allFarms) for (const id of index.farms.keys()) changes.farms.add(id);
    const touched = changes.twins.size + changes.farms.size + changes.nodes.size + changes.contracts.size + changes.farmingPolicies.size;
    const view = touched ? await read(await blockAt(api!, hash), changes) : emptyView();
    applyBlock(index, { number, hash, timestamp }, view, changes);
    published(index.head);
  };

  /** Applies every block from the last applied one up to `header`, or re-snapshots when it is on another branch. */
  const follow = async (header: Header): Promise<void> => {
    if (closed) return;
    const hash = header.hash.toHex();
    const number = header.number.toNumber();
    const last = index.head;
    if (hash === last.hash) return;
    const path: { hash: string; number: number }[] = [{ hash, number }];
    let parent = header.parentHash.toHex();
    let parentNumber = number - 1;
    while (parentNumber > last.number && path.length < MAX_GAP) {
      path.push({ hash: parent, number: parentNumber });
      parent = (await api!.rpc.chain.getHeader(parent)).parentHash.toHex();
      parentNumber--;
    }
    if (parentNumber !== last.number || parent !== last.hash) {
      log.info(`indexer: head #${number} does not descend from #${last.number}; reading storage again`);
      await takeSnapshot(hash, number);
      return;
    }
    for (const block of path.reverse()) {
      if (closed) return;
      await applyOne(block.hash, block.number);
    }
  };

  /** Uptime reports are only in events: the recent ones before the start head give nodes their status. */
  const recentUptime = async (): Promise<void> => {
    const limit = options.uptimeLookbackBlocks ?? 600;
    const headSecs = Math.floor(index.head.timestamp / 1000);
    const found: { nodeID: number; uptime: number; timestamp: number }[] = [];
    const oldest = Math.max(1, index.head.number - limit + 1);
    // Newest first, a batch of blocks at a time, until every node has a report or a batch reaches a day back.
    for (let top = index.head.number; top >= oldest && !closed; top -= LOOKBACK_BATCH) {
      const numbers = Array.from({ length: Math.min(LOOKBACK_BATCH, top - oldest + 1) }, (_, i) => top - i);
      const blocks = await Promise.all(numbers.map(async (n) => {
        const hash = await rpc!.send<string>('chain_getBlockHash', [n]);
        return (await blockEvents(api!, rpc!, hash)).events;
      }));
      let old = false;
      for (const events of blocks) {
        const reports = collectChanges(events).direct.filter((c) => c.kind === 'uptime');
        for (const r of reports.reverse()) found.push({ nodeID: r.nodeID, uptime: r.uptime, timestamp: r.timestamp });
        if (reports.some((r) => r.timestamp < headSecs - DAY_SECS)) old = true;
      }
      // Only the latest report of each node matters: stop once every node has one.
      if (old || new Set(found.map((e) => e.nodeID)).size >= index.nodes.size) break;
    }
    found.reverse();
    index.uptimeEvents.unshift(...found);
    for (const e of found) {
      const node = index.nodes.get(e.nodeID);
      if (node && e.timestamp >= node.updatedAt) {
        node.uptime = e.uptime;
        node.updatedAt = e.timestamp;
      }
    }
  };

  const ready = (async () => {
    const provider = new WsProvider(options.chainUrl, 1000);
    rpc = provider;
    ownProvider = provider;
    if (options.api) {
      api = options.api;
      await provider.isReady;
    } else {
      api = await ApiPromise.create({ provider, noInitWarn: true });
    }
    if (closed) throw new Error('indexer closed');
    const header = await api.rpc.chain.getHeader();
    await takeSnapshot(header.hash.toHex(), header.number.toNumber());
    await recentUptime();
    log.info(`indexer: ${index.nodes.size} nodes, ${index.farms.size} farms, ${index.twins.size} twins at #${index.head.number}`);
    unsubscribe = await api.rpc.chain.subscribeNewHeads((h) => {
      queue = queue.then(() => follow(h)).catch((error: unknown) => {
        if (!closed) log.warn(`indexer: block #${h.number.toNumber()} not applied: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  })();
  ready.catch(() => {}); // callers who never await `ready` must not see an unhandled rejection

  return {
    index,
    ready,
    synced(blockNumber: number) {
      if (headNumber >= blockNumber) return Promise.resolve();
      if (closed) return Promise.reject(new Error('indexer closed'));
      return new Promise<void>((resolve, reject) => waiters.push({ n: blockNumber, resolve, reject }));
    },
    on(_event: 'block', fn: (head: IndexHead) => void) {
      listeners.add(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const w of waiters.splice(0)) w.reject(new Error('indexer closed'));
      unsubscribe?.();
      await queue;
      if (options.api) await ownProvider?.disconnect();
      else await api?.disconnect();
    },
  };
}
