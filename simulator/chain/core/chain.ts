// The dev chain: blocks, state, pool and production tied together behind the RPC layer's ChainApi.
//
// Finality is instant (the finalized head is the best head); the one timing rule clients depend on, holding each
// watcher's `{finalized}` until its connection has read the block's events, is the RPC layer's (rpc/events-gate.ts).
// Notifications after a block go out in this order: storage subscriptions, heads, then transaction statuses, so a
// client that sends its next transaction on InBlock already has its new nonce (chain-rpc-notes trap 3).
import { hexToU8a, isHex, u8aConcat, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import type {
  BlockBuildMode, BlockHash, BlockNumber, ChainApi, ChainDevApi, ChainTimeApi, DevStorageValues, ExtrinsicWatch,
  FeeDetailsJson, HeaderJson, Hex, NewBlockOptions, RuntimeDispatchInfoJson, RuntimeVersionJson, SignedBlockJson,
  StorageChangeSetJson, TimeJumpJson, TimeStatusJson, TransactionStatusJson, Unsubscribe,
} from '../rpc/chain-api';
import { CALL_EXECUTION_FAILED, invalidParams, POOL_IMMEDIATELY_DROPPED, RpcError, transactionAlreadyImported } from '../rpc/errors';
import { runtime as defaultRuntime, type Runtime } from '../runtime';
import { implsByPallet, PALLET_IMPLS } from '../runtime/impls';
import { runtimeVersion } from '../runtime/version';
import {
  auraPreDigest, blockToJson, extrinsicsRoot, headerHash, headerToJson, stateRoot, ZERO_HASH, type BlockRecord, type Header,
} from './block';
import { RuntimeCodec } from './codec';
import { DispatchContext } from './dispatch/context';
import { callInfo } from './dispatch/dispatcher';
import { BlockEnv, silentLogger, type ChainLogger } from './dispatch/env';
import type { PalletImpl } from './dispatch/pallet-impl';
import { ROOT, type AccountId } from './dispatch/types';
import { devGenesisConfig, type DevGenesisOptions } from './dev-genesis';
import { namedStorageChanges } from './dev-storage';
import { BlockBuilder, buildGenesisState } from './executive';
import { decodeExtrinsic, ExtrinsicFormatError, type DecodedExtrinsic } from './extrinsic';
import { computeFee } from './fees';
import { TxPool, type TxListener } from './pool';
import { callRuntimeApi, type RuntimeApiHost } from './runtime-api';
import { initCrypto } from './signature';
import { Overlay } from './state/overlay';
import { StateStore, type ChangeSet, type StorageKeyHex } from './state/store';
import {
  signedPayloadToVerify, TransactionValidityError, validateTransaction,
  type ValidationContext, type ValidationOptions, type ValidTransaction,
} from './validate';
import { VerifyPool } from './verify-pool';
import { ChainStore, type ChainJournal, type PersistHost } from './persistence/chain-store';
import { STORE_FORMAT, type ChainImage, type ChainRecord, type StoredBlock } from './persistence/records';
import { ChainSnapshots, type SnapshotHost } from './persistence/snapshots';
import type { StorageHandle } from './dispatch/storage';
import {
  checkBlockTime, JUMP_BACKLOG_BYTES, JUMP_BACKLOG_WAIT_MS, JUMP_SLICE_MS, jumpBlocks, jumpInProgress, SLOT_MS,
  type JumpProgress,
} from './time-control';

export { SLOT_MS };

export type BlockMode = 'instant' | 'interval' | 'manual' | 'batch';

export interface ChainOptions {
  /** Default 'interval'. */
  readonly blockMode?: BlockMode;
  /** Interval mode's block time; default 6000 ms (TFChain's slot). */
  readonly blockTimeMs?: number;
  /** Chain time of block 0 in ms; default now. Block n is at genesisTime + n × 6000 unless time-travelled. */
  readonly genesisTime?: number;
  /** Blocks whose state (and body) stay readable; older ones answer as pruned. Default 4096. */
  readonly historyDepth?: number;
  readonly logger?: ChainLogger;
  /** Additions to the dev genesis (extra endowed accounts, per-pallet sections). */
  readonly genesis?: Omit<DevGenesisOptions, 'time'>;
  /** Pallet implementations; default runtime/impls.ts. */
  readonly impls?: readonly PalletImpl[];
  readonly runtime?: Runtime;
  /** Keep blocks and state in this directory (persistence/chain-store.ts); absent: in memory only. */
  readonly dataDir?: string;
  /** With dataDir: forget the chain kept there and start from genesis (snapshots stay). */
  readonly reset?: boolean;
  /**
   * worker_threads that verify admission signatures (verify-pool.ts); default 0: verified in this thread, and
   * submitExtrinsic answers synchronously. startChain defaults to defaultVerifyWorkers().
   */
  readonly verifyWorkers?: number;
}

/** A submission waiting for its signature verdict; admitted in arrival order once it and those before it have one. */
interface Admission {
  readonly xt: DecodedExtrinsic;
  readonly listener: TxListener | undefined;
  verdict: { readonly payload: Uint8Array; readonly valid: boolean } | undefined;
  waiting: boolean;
  readonly resolve: (hash: Hex) => void;
  readonly reject: (error: unknown) => void;
  /** Dev controls that arrived after it, run once it is settled. */
  readonly after: Array<() => void>;
}

/** Batch mode: a block once submissions have paused this long (and at most this many ms after the first). */
const BATCH_QUIET_MS = 50;
const BATCH_MAX_WAIT_MS = 500;

/** Substrate's default pool limit (`--pool-limit`). */
const MAX_POOL_SIZE = 8192;

/** dev_newBlock's bound: a long fast-forward of chain time is what dev_timeTravel is for. */
const MAX_BLOCKS_PER_CALL = 10_000;

const clientError = (message: string): RpcError => new RpcError(4003, `Client error: ${message}`);

/** A block built but not yet announced (a time jump announces its blocks a slice at a time). */
interface BuiltBlock {
  readonly record: BlockRecord;
  readonly included: readonly Hex[];
  readonly dropped: ReadonlyArray<[Hex, TransactionStatusJson]>;
}

interface StorageSubscription {
  readonly keys: ReadonlySet<StorageKeyHex> | undefined;
  readonly listener: (changes: StorageChangeSetJson) => void;
}

export class Chain implements ChainApi, PersistHost, SnapshotHost {
  readonly codec: RuntimeCodec;
  readonly impls: ReadonlyMap<string, PalletImpl>;
  readonly store: StateStore;
  readonly pool = new TxPool();
  readonly log: ChainLogger;
  readonly dev: ChainDevApi;
  readonly genesisHash: Hex;
  /** gridbox_snapshot* and gridbox_reset; on disk for a persistent chain. */
  readonly snapshots: ChainSnapshots;
  readonly #genesis: { readonly block: StoredBlock; readonly state: ReadonlyMap<StorageKeyHex, Uint8Array> };
  /** The data directory's store, when the chain has one: told of every change before it is announced. */
  #journal: ChainJournal | undefined;

  readonly #blocks = new Map<BlockHash, BlockRecord>();
  /** Canonical hashes by number, kept for every block (bodies and state only for the last historyDepth). */
  readonly #canonical: BlockHash[] = [];
  #best: BlockRecord;
  #nextTimestamp: number | undefined;
  readonly #newHeads = new Set<(h: HeaderJson) => void>();
  readonly #finalizedHeads = new Set<(h: HeaderJson) => void>();
  readonly #allHeads = new Set<(h: HeaderJson) => void>();
  readonly #storageSubs = new Set<StorageSubscription>();
  #mode: BlockMode;
  #blockTimeMs: number;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #batchStarted = 0;
  #closed = false;
  /** System.Account, for nonce lookups outside blocks. */
  #accounts: StorageHandle | undefined;
  readonly #verifier: VerifyPool | undefined;
  readonly #admitting: Admission[] = [];
  /** The time jump in progress. */
  #jump: JumpProgress | undefined;
  /** Bytes the RPC server has not yet sent to its slowest client (startChain wires it); a jump waits on it. */
  #clientBacklog: () => number = () => 0;
  /** gridbox_time*. */
  readonly time: ChainTimeApi;

  /** Loads the WASM crypto, builds the runtime codec and the genesis block. */
  static async create(options: ChainOptions = {}): Promise<Chain> {
    await initCrypto();
    // The verify workers load their WASM in the background: until one is ready, checks run in this thread
    // (VerifyPool.verify), so the chain answers without waiting for them (about 0.25 s at start-up).
    return Chain.#open(options);
  }

  static async #open(options: ChainOptions): Promise<Chain> {
    if (options.dataDir === undefined) return new Chain(options);
    const store = ChainStore.open(options.dataDir, { reset: options.reset });
    let chain: Chain | undefined;
    try {
      // A kept chain is rebuilt from its own genesis time unless one is given (then it must match).
      chain = new Chain({ ...options, genesisTime: options.genesisTime ?? store.meta?.genesisTime });
      store.loadInto(chain);
      return chain;
    } catch (error) {
      chain?.close();
      store.close();
      throw error;
    }
  }

  private constructor(options: ChainOptions) {
    this.log = options.logger ?? silentLogger;
    if (options.verifyWorkers) this.#verifier = new VerifyPool(options.verifyWorkers, this.log);
    this.codec = new RuntimeCodec(options.runtime ?? defaultRuntime);
    this.impls = implsByPallet(options.impls ?? PALLET_IMPLS);
    this.store = new StateStore(options.historyDepth ?? 4096);
    this.#blockTimeMs = options.blockTimeMs ?? SLOT_MS;
    this.#mode = options.blockMode ?? 'interval';

    const time = options.genesisTime ?? Date.now();
    const config = devGenesisConfig({ time, ...options.genesis });
    const state = buildGenesisState(this.codec, this.impls, config, this.log);
    this.store.init(state);
    const header: Header = {
      parentHash: ZERO_HASH,
      number: 0,
      stateRoot: stateRoot(ZERO_HASH, state),
      extrinsicsRoot: extrinsicsRoot([]),
      logs: [],
    };
    this.#best = this.#record(header, [], 0, time, []);
    this.genesisHash = this.#best.hash;
    this.#genesis = { block: { header, extrinsics: [], timestamp: time }, state };
    this.snapshots = new ChainSnapshots(this);
    this.dev = this.#devApi();
    this.time = this.#timeApi();
    this.#applyMode();
  }

  /** Signature verify workers running (0: admission verifies in this thread). */
  get verifyWorkers(): number {
    return this.#verifier?.size ?? 0;
  }

  #record(header: Header, extrinsics: readonly Uint8Array[], version: number, timestamp: number, changed: readonly string[]): BlockRecord {
    const hash = u8aToHex(headerHash(header));
    const record: BlockRecord = {
      hash,
      number: header.number,
      parentHash: u8aToHex(header.parentHash),
      header,
      headerJson: headerToJson(header),
      extrinsics: extrinsics.map((x) => u8aToHex(x)),
      stateVersion: version,
      timestamp,
      changedKeys: changed,
    };
    this.#blocks.set(hash, record);
    this.#canonical[header.number] = hash;
    return record;
  }

  get best(): BlockRecord {
    return this.#best;
  }

  get mode(): BlockMode {
    return this.#mode;
  }

  /** Stops block production; pending watchers are left as they are. */
  close(): void {
    this.#closed = true;
    this.#verifier?.close();
    this.#stopTimers();
    this.#journal?.close();
  }

  // ---- block production ---------------------------------------------------------------------------------------

  #stopTimers(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
  }

  #applyMode(): void {
    this.#stopTimers();
    // A jump builds every block itself and applies the mode again when it ends.
    if (this.#closed || this.#jump) return;
    if (this.#mode === 'interval') {
      const tick = () => {
        this.#timer = setTimeout(tick, this.#blockTimeMs);
        this.#timer.unref();
        this.#safeBuild();
      };
      this.#timer = setTimeout(tick, this.#blockTimeMs);
      this.#timer.unref();
    } else if (this.pool.hasReady()) {
      this.#onReady();
    }
  }

  /** A transaction became ready: in instant mode build right after the current turn (batching what came with it). */
  #onReady(): void {
    if (this.#closed || this.#jump) return;
    if (this.#mode === 'instant' && !this.#immediate) {
      this.#immediate = setImmediate(() => {
        this.#immediate = undefined;
        if (this.pool.hasReady()) this.#safeBuild();
      });
    } else if (this.#mode === 'batch') {
      const now = Date.now();
      if (!this.#timer) this.#batchStarted = now;
      if (this.#timer) clearTimeout(this.#timer);
      const wait = Math.min(BATCH_QUIET_MS, Math.max(0, this.#batchStarted + BATCH_MAX_WAIT_MS - now));
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        if (this.pool.hasReady()) this.#safeBuild();
      }, wait);
    }
  }

  #safeBuild(): void {
    try {
      this.buildBlock();
    } catch (error) {
      this.log.error('block production failed', { error: error instanceof Error ? error.stack : String(error) });
    }
  }

  /** Builds one block on the best block from the pool's ready transactions (`extra` first). */
  buildBlock(extra: readonly ValidTransaction[] = []): BlockRecord {
    const built = this.#build(extra, true, true);
    this.#announce(built.record, built.included, built.dropped);
    return built.record;
  }

  /**
   * Builds and journals one block without announcing it. `durable: false` leaves its fdatasync to the journal's next
   * flush, which must happen before the block is announced.
   */
  #build(extra: readonly ValidTransaction[], usePool: boolean, durable: boolean): BuiltBlock {
    const parent = this.#best;
    const number = parent.number + 1;
    const timestamp = this.#nextTimestamp ?? parent.timestamp + SLOT_MS;
    this.#nextTimestamp = undefined;
    const builder = new BlockBuilder(this.codec, this.impls, this.store, {
      number,
      parentHash: hexToU8a(parent.hash),
      timestamp,
      preDigest: auraPreDigest(Math.floor(timestamp / SLOT_MS)),
    }, this.log);
    builder.initialize();

    const included: Hex[] = [];
    const dropped: Array<[Hex, TransactionStatusJson]> = [];
    for (const tx of extra) {
      const outcome = builder.apply(tx);
      if (outcome.kind !== 'applied') this.log.warn('dev_newBlock: a given transaction was left out', { hash: tx.xt.hash, outcome });
    }
    // Highest priority first, each sender's nonces ascending (pool.ready); a nonce left behind by a dropped
    // predecessor comes back 'future' and waits in the pool.
    for (const tx of usePool ? this.pool.ready() : []) {
      const outcome = builder.apply(tx);
      if (outcome.kind === 'full') break;
      if (outcome.kind === 'applied') included.push(tx.xt.hash);
      else if (outcome.kind === 'invalid') {
        dropped.push([tx.xt.hash, 'invalid']);
        this.log.debug('dropped an invalid transaction', { hash: tx.xt.hash, reason: outcome.reason });
      }
    }
    const built = builder.finalize();
    const header: Header = {
      parentHash: hexToU8a(parent.hash),
      number,
      stateRoot: stateRoot(parent.header.stateRoot, built.changes),
      extrinsicsRoot: extrinsicsRoot(built.extrinsics),
      logs: built.logs,
    };
    const block: StoredBlock = { header, extrinsics: built.extrinsics, timestamp };
    const record = this.#appendBlock(block, built.changes);
    try {
      this.#journal?.block(block, built.changes, durable);
    } catch (error) {
      // Not on disk, so never announced: the chain stays at the parent and the next attempt rebuilds this block.
      this.#rewindTo(parent);
      this.#nextTimestamp = timestamp;
      throw error;
    }
    return { record, included, dropped };
  }

  #appendBlock(block: StoredBlock, changes: ChangeSet): BlockRecord {
    const { version, changed } = this.store.commit(changes);
    const record = this.#record(block.header, block.extrinsics, version, block.timestamp, changed);
    this.#best = record;
    this.#pruneBlocks();
    return record;
  }

  #pruneBlocks(): void {
    const oldest = this.store.oldestVersion;
    for (const [hash, b] of this.#blocks) {
      if (b.stateVersion >= oldest) break;
      this.#blocks.delete(hash);
    }
  }

  /** After a new best block: storage subscriptions, heads, then the pool and its watchers. */
  #announce(block: BlockRecord, included: readonly Hex[], dropped: ReadonlyArray<[Hex, TransactionStatusJson]>): void {
    this.#notifyStorage(block, block.changedKeys);
    for (const l of [...this.#allHeads]) l(block.headerJson);
    for (const l of [...this.#newHeads]) l(block.headerJson);
    for (const l of [...this.#finalizedHeads]) l(block.headerJson);
    for (const hash of included) {
      const tx = this.pool.takeIncluded(hash);
      if (!tx) continue;
      for (const l of [...tx.listeners]) {
        l({ inBlock: block.hash });
        l({ finalized: block.hash });
      }
      tx.listeners.clear();
    }
    for (const [hash, status] of dropped) this.pool.remove(hash, status);
    this.#revalidatePool(block.number);
    if (this.pool.hasReady()) this.#onReady();
  }

  /** Expired transactions leave; every sender's ready/future split is recomputed against its new nonce. */
  #revalidatePool(bestNumber: number): void {
    for (const tx of this.pool.all()) {
      if (bestNumber + 1 >= tx.death) this.pool.remove(tx.xt.hash, 'invalid');
    }
    for (const s of this.pool.senders()) this.pool.refresh(s, this.#nonceOf(hexToU8a(s)));
  }

  #notifyStorage(block: BlockRecord, keys: readonly StorageKeyHex[]): void {
    if (this.#storageSubs.size === 0 || keys.length === 0) return;
    for (const sub of [...this.#storageSubs]) {
      const relevant = sub.keys ? keys.filter((k) => sub.keys!.has(k)) : keys;
      if (relevant.length === 0) continue;
      sub.listener({ block: block.hash, changes: relevant.map((k) => [k as Hex, this.#value(k, block.stateVersion)]) });
    }
  }

  // ---- state access -------------------------------------------------------------------------------------------

  #value(key: StorageKeyHex, version: number): Hex | null {
    const v = this.store.get(key, version);
    return v === undefined ? null : u8aToHex(v);
  }

  #blockAt(at?: BlockHash): BlockRecord {
    if (at === undefined) return this.#best;
    const block = this.#blocks.get(at);
    if (block) return block;
    if (this.#canonical.includes(at)) throw clientError(`UnknownBlock: State already discarded for ${at}`);
    throw clientError(`UnknownBlock: Header was not found in the database: ${at}`);
  }

  #versionAt(at?: BlockHash): number {
    const block = this.#blockAt(at);
    if (!this.store.isReadable(block.stateVersion)) throw clientError(`UnknownBlock: State already discarded for ${block.hash}`);
    return block.stateVersion;
  }

  /** A read-only dispatch context over the best block's state (for runtime APIs). */
  #readContext(): DispatchContext {
    const env = new BlockEnv(this.codec, new Overlay(this.store), this.impls, this.#best.number + 1, this.log);
    return new DispatchContext(env, this.codec.pallet('System'), ROOT);
  }

  #nonceOf(who: AccountId, version = this.store.version): number {
    this.#accounts ??= this.#readContext().storage('System', 'Account');
    const raw = this.store.get(this.#accounts.key(who), version);
    // AccountInfo starts with the u32 nonce.
    return raw ? new DataView(raw.buffer, raw.byteOffset, 4).getUint32(0, true) : 0;
  }

  // ---- ChainBlocksApi -----------------------------------------------------------------------------------------

  getBlockHash(number?: BlockNumber): BlockHash | null {
    if (number === undefined) return this.#best.hash;
    return number <= this.#best.number ? (this.#canonical[number] ?? null) : null;
  }

  getHeader(hash?: BlockHash): HeaderJson | null {
    return (hash === undefined ? this.#best : this.#blocks.get(hash))?.headerJson ?? null;
  }

  getBlock(hash?: BlockHash): SignedBlockJson | null {
    const block = hash === undefined ? this.#best : this.#blocks.get(hash);
    return block ? blockToJson(block) : null;
  }

  getFinalizedHead(): BlockHash {
    return this.#best.hash;
  }

  subscribeNewHeads(listener: (header: HeaderJson) => void): Unsubscribe {
    return this.#subscribeHeads(this.#newHeads, listener);
  }

  subscribeFinalizedHeads(listener: (header: HeaderJson) => void): Unsubscribe {
    return this.#subscribeHeads(this.#finalizedHeads, listener);
  }

  subscribeAllHeads(listener: (header: HeaderJson) => void): Unsubscribe {
    return this.#subscribeHeads(this.#allHeads, listener);
  }

  #subscribeHeads(set: Set<(h: HeaderJson) => void>, listener: (h: HeaderJson) => void): Unsubscribe {
    listener(this.#best.headerJson);
    set.add(listener);
    return () => set.delete(listener);
  }

  // ---- ChainStateApi ------------------------------------------------------------------------------------------

  getStorage(key: Hex, at?: BlockHash): Hex | null {
    return this.#value(key, this.#versionAt(at));
  }

  getKeysPaged(prefix: Hex, count: number, startKey?: Hex, at?: BlockHash): Hex[] {
    const out: Hex[] = [];
    if (count <= 0) return out;
    for (const k of this.store.keys(prefix, this.#versionAt(at), startKey)) {
      out.push(k as Hex);
      if (out.length >= count) break;
    }
    return out;
  }

  queryStorageAt(keys: Hex[], at?: BlockHash): StorageChangeSetJson {
    const block = this.#blockAt(at);
    const version = this.#versionAt(block.hash);
    return { block: block.hash, changes: keys.map((k) => [k, this.#value(k, version)]) };
  }

  /** The runtime never changes: any block of the chain, pruned or not, answers; an unknown hash is an error. */
  #checkKnown(at: BlockHash | undefined): void {
    if (at !== undefined && !this.#blocks.has(at) && !this.#canonical.includes(at)) this.#blockAt(at);
  }

  getRuntimeVersion(at?: BlockHash): RuntimeVersionJson {
    this.#checkKnown(at);
    return {
      specName: runtimeVersion.specName,
      implName: runtimeVersion.implName,
      authoringVersion: runtimeVersion.authoringVersion,
      specVersion: runtimeVersion.specVersion,
      implVersion: runtimeVersion.implVersion,
      apis: runtimeVersion.apis.map(([id, v]) => [u8aToHex(id), v]),
      transactionVersion: runtimeVersion.transactionVersion,
      stateVersion: runtimeVersion.stateVersion,
    };
  }

  getMetadata(at?: BlockHash): Hex {
    this.#checkKnown(at);
    return u8aToHex(this.codec.metadataV14);
  }

  call(method: string, data: Hex, at?: BlockHash): Hex {
    const version = this.#versionAt(at);
    return callRuntimeApi(this.#apiHost(version), method, hexToU8a(data));
  }

  #apiHost(version: number): RuntimeApiHost {
    const session = this.#readContext().storage<Array<[AccountId, { aura: Uint8Array; grandpa: Uint8Array }]>>('Session', 'QueuedKeys').get();
    return {
      codec: this.codec,
      accountNonce: (account) => this.#nonceOf(account, version),
      feeOf: (bytes, length) => {
        const xt = this.#decode(bytes);
        const info = callInfo({ codec: this.codec, impls: this.impls }, xt.call);
        return { info, fee: computeFee(length, info, 0n), signed: xt.signed !== undefined };
      },
      validate: (bytes) => {
        try {
          const tx = this.#validate(this.#decode(bytes));
          // CheckNonce's tags: (who, nonce).encode(); a future nonce requires its predecessor.
          const tag = (n: number) => u8aConcat(tx.signer, Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24));
          return {
            Ok: {
              priority: tx.priority,
              requires: tx.future ? [tag(tx.nonce - 1)] : [],
              provides: [tag(tx.nonce)],
              longevity: BigInt(Number.isFinite(tx.death) ? tx.death - (this.#best.number + 1) : 2 ** 53),
              propagate: true,
            },
          };
        } catch (error) {
          if (error instanceof TransactionValidityError) return { Err: { [error.kind]: error.reason } };
          throw error;
        }
      },
      auraAuthorities: session.map(([, keys]) => keys.aura),
      grandpaAuthorities: session.map(([, keys]) => keys.grandpa),
    };
  }

  subscribeStorage(keys: Hex[] | undefined, listener: (changes: StorageChangeSetJson) => void): Unsubscribe {
    const sub: StorageSubscription = { keys: keys ? new Set(keys) : undefined, listener };
    if (keys) listener(this.queryStorageAt(keys));
    this.#storageSubs.add(sub);
    return () => this.#storageSubs.delete(sub);
  }

  subscribeRuntimeVersion(listener: (version: RuntimeVersionJson) => void): Unsubscribe {
    listener(this.getRuntimeVersion());
    return () => {};
  }

  // ---- ChainAuthorApi -----------------------------------------------------------------------------------------

  #decode(bytes: Uint8Array): DecodedExtrinsic {
    try {
      return decodeExtrinsic(this.codec, bytes);
    } catch (error) {
      if (error instanceof ExtrinsicFormatError) throw new RpcError(1001, `Extrinsic has invalid format: ${error.message}`);
      throw error;
    }
  }

  #validate(xt: DecodedExtrinsic, options: ValidationOptions = {}): ValidTransaction {
    return validateTransaction(this.#validationContext(), xt, options);
  }

  #validationContext(): ValidationContext {
    return {
      codec: this.codec,
      impls: this.impls,
      store: this.store,
      bestNumber: this.#best.number,
      genesisHash: hexToU8a(this.genesisHash),
      blockHash: (n) => {
        const h = this.#canonical[n];
        return h === undefined || n > this.#best.number ? undefined : hexToU8a(h);
      },
      log: this.log,
    };
  }

  /**
   * Decodes, validates and pools a transaction; refusals are Substrate's RPC errors. With verify workers the
   * signature is checked there first and the rest of admission runs, in arrival order, once it has a verdict.
   */
  #submit(extrinsic: Hex, listener?: TxListener): Hex | Promise<Hex> {
    const xt = this.#decode(hexToU8a(extrinsic));
    const verifier = this.#verifier;
    if (!verifier) return this.#admit(xt, listener);
    const payload = signedPayloadToVerify(this.#validationContext(), xt);
    return new Promise<Hex>((resolve, reject) => {
      const admission: Admission = {
        xt, listener, verdict: undefined, waiting: payload !== undefined, resolve, reject, after: [],
      };
      this.#admitting.push(admission);
      if (!payload) {
        this.#admitQueued();
        return;
      }
      const s = xt.signed!;
      void verifier.verify(s.signatureKind, s.signature, payload, s.signer!).then((valid) => {
        admission.verdict = { payload, valid };
        admission.waiting = false;
        this.#admitQueued();
      });
    });
  }

  #admitQueued(): void {
    while (this.#admitting.length > 0 && !this.#admitting[0]!.waiting) {
      const next = this.#admitting.shift()!;
      try {
        next.resolve(this.#admit(next.xt, next.listener, next.verdict));
      } catch (error) {
        next.reject(error);
      }
      for (const then of next.after) then();
    }
  }

  /**
   * Runs a dev control once the submissions that arrived before it are admitted (or refused), so that a client
   * pipelining author_submit* and dev_newBlock sees its transaction in the block, as with in-thread verification.
   */
  #afterAdmissions<T>(control: () => T): T | Promise<T> {
    const last = this.#admitting.at(-1);
    if (!last) return control();
    return new Promise<T>((resolve, reject) => {
      last.after.push(() => {
        try {
          resolve(control());
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  #admit(xt: DecodedExtrinsic, listener: TxListener | undefined, verdict?: Admission['verdict']): Hex {
    if (this.pool.has(xt.hash)) throw transactionAlreadyImported(xt.hash);
    if (this.pool.size >= MAX_POOL_SIZE) {
      throw new RpcError(POOL_IMMEDIATELY_DROPPED, 'Immediately Dropped', 'The transaction couldn\'t enter the pool because of the limit');
    }
    let tx: ValidTransaction;
    try {
      tx = this.#validate(xt, { verdict });
    } catch (error) {
      if (error instanceof TransactionValidityError) throw error.toRpcError();
      throw error;
    }
    const entry = this.pool.add(tx, tx.accountNonce ?? this.#nonceOf(tx.signer), listener);
    if (entry.state === 'ready') this.#onReady();
    return xt.hash;
  }

  /** Synchronous without verify workers; a promise with them. */
  submitExtrinsic(extrinsic: Hex): Hex | Promise<Hex> {
    return this.#submit(extrinsic);
  }

  submitAndWatchExtrinsic(
    extrinsic: Hex,
    listener: (status: TransactionStatusJson) => void,
  ): ExtrinsicWatch | Promise<ExtrinsicWatch> {
    let stopped = false;
    const forward: TxListener = (status) => {
      if (!stopped) listener(status);
    };
    const watch = (hash: Hex): ExtrinsicWatch => ({
      hash,
      unwatch: () => {
        stopped = true;
        this.pool.watch(hash, forward)();
      },
    });
    const submitted = this.#submit(extrinsic, forward);
    return typeof submitted === 'string' ? watch(submitted) : submitted.then(watch);
  }

  pendingExtrinsics(): Hex[] {
    return this.pool.pendingHex();
  }

  accountNextIndex(ss58Address: string): number {
    let who: Uint8Array;
    try {
      who = isHex(ss58Address) ? hexToU8a(ss58Address) : decodeAddress(ss58Address);
    } catch {
      throw invalidParams(`invalid address ${ss58Address.slice(0, 100)}`);
    }
    // An AccountId32; shorter SS58 forms (account indices) and odd hex decode fine but name no account.
    if (who.length !== 32) throw invalidParams(`invalid address ${ss58Address.slice(0, 100)}: not a 32-byte account id`);
    return this.pool.nextIndex(u8aToHex(who), this.#nonceOf(who));
  }

  // ---- ChainPaymentApi ----------------------------------------------------------------------------------------

  queryInfo(extrinsic: Hex, at?: BlockHash): RuntimeDispatchInfoJson {
    this.#versionAt(at);
    const bytes = hexToU8a(extrinsic);
    const xt = this.#decode(bytes);
    const info = callInfo({ codec: this.codec, impls: this.impls }, xt.call);
    const fee = xt.signed ? computeFee(bytes.length, info, 0n).inclusionFee : 0n;
    return {
      weight: { ref_time: info.weight.refTime, proof_size: info.weight.proofSize },
      class: info.class.toLowerCase() as RuntimeDispatchInfoJson['class'],
      partialFee: fee.toString(),
    };
  }

  queryFeeDetails(extrinsic: Hex, at?: BlockHash): FeeDetailsJson {
    this.#versionAt(at);
    const bytes = hexToU8a(extrinsic);
    const xt = this.#decode(bytes);
    const info = callInfo({ codec: this.codec, impls: this.impls }, xt.call);
    const fee = computeFee(bytes.length, info, 0n);
    const numberOrHex = (n: bigint): number | Hex => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : `0x${n.toString(16)}`);
    return {
      inclusionFee: xt.signed && fee.inclusionFee > 0n
        ? { baseFee: numberOrHex(fee.baseFee), lenFee: numberOrHex(fee.lenFee), adjustedWeightFee: numberOrHex(fee.adjustedWeightFee) }
        : null,
    };
  }

  // ---- ChainSystemApi -----------------------------------------------------------------------------------------

  bestNumber(): BlockNumber {
    return this.#best.number;
  }

  // ---- ChainDevApi --------------------------------------------------------------------------------------------

  #devApi(): ChainDevApi {
    return {
      newBlock: (options: NewBlockOptions) => this.#afterAdmissions(() => this.#devNewBlock(this.#notJumping(options))),
      timeTravel: (timestampMs: number) => this.#afterAdmissions(() => this.#timeTravel(this.#notJumping(timestampMs))),
      setBlockBuildMode: (mode: BlockBuildMode) => this.#afterAdmissions(() => this.setBlockMode(mode.toLowerCase() as BlockMode)),
      setStorage: (values: DevStorageValues, at?: BlockHash) => this.#afterAdmissions(() => this.#setStorage(this.#notJumping(values), at)),
      setHead: (target: BlockHash | number) => this.#afterAdmissions(() => this.#setHead(this.#notJumping(target))),
    };
  }

  /** Passes `value` through unless a time jump runs: controls that build blocks or move the head wait for its end. */
  #notJumping<T>(value: T): T {
    if (this.#jump) throw jumpInProgress(this.#jump, this.#best.number);
    return value;
  }

  /** A new block mode (and, when given, interval mode's block time); a running jump applies it when it ends. */
  setBlockMode(mode: BlockMode, blockTimeMs?: number): void {
    this.#mode = mode;
    if (blockTimeMs !== undefined) this.#blockTimeMs = blockTimeMs;
    this.#applyMode();
  }

  // ---- ChainTimeApi (gridbox_time*) ---------------------------------------------------------------------------

  #timeApi(): ChainTimeApi {
    return {
      timeStatus: () => this.timeStatus(),
      timeJump: async (seconds: number) => {
        const blocks = jumpBlocks(seconds);
        return await this.#afterAdmissions(() => this.#timeJump(blocks));
      },
      setTimeMode: (mode: BlockBuildMode, blockTimeMs?: number) => {
        const ms = blockTimeMs === undefined ? undefined : checkBlockTime(blockTimeMs);
        return this.#afterAdmissions(() => {
          this.setBlockMode(mode.toLowerCase() as BlockMode, ms);
          return this.timeStatus();
        });
      },
    };
  }

  /** Timestamp.Now of the best block (dev_timeTravel rewrites it in place; the next block follows it by a slot). */
  #chainNow(): number {
    return this.#nextTimestamp !== undefined ? this.#nextTimestamp - SLOT_MS : this.#best.timestamp;
  }

  timeStatus(): TimeStatusJson {
    const wallClock = Date.now();
    const best = this.#best;
    const timestamp = this.#chainNow();
    return {
      mode: this.#mode,
      blockTimeMs: this.#blockTimeMs,
      best: { number: best.number, hash: best.hash, timestamp },
      wallClock,
      aheadMs: timestamp - wallClock,
      jump: this.#jump ? { ...this.#jump, atBlock: best.number } : null,
    };
  }

  /** Lets a time jump pace itself on the RPC server's slowest WebSocket client (startChain wires this). */
  setClientBacklog(backlogBytes: () => number): void {
    this.#clientBacklog = backlogBytes;
  }

  /**
   * Builds `blocks` blocks one slot apart, as the chain would have in that time, so every billing cycle, grace
   * period and uptime window in between plays out with its own events. Blocks are built in slices of
   * JUMP_SLICE_MS: written without fdatasync, then synced once, announced in order (heads, storage subscriptions)
   * and the event loop let run, so clients see every block and RPC calls keep being answered. Transactions that
   * arrive meanwhile go into the next block, as on a running chain. On a failure the chain stays at the last block
   * announced.
   */
  async #timeJump(blocks: number): Promise<TimeJumpJson> {
    if (this.#jump) throw jumpInProgress(this.#jump, this.#best.number);
    const started = performance.now();
    const from = this.#best;
    const fromTime = this.#chainNow();
    const travelled = this.#nextTimestamp;
    const target = from.number + blocks;
    this.#jump = { fromBlock: from.number + 1, toBlock: target };
    this.#stopTimers();
    let announced = from;
    const publish = (pending: BuiltBlock[]): void => {
      if (pending.length === 0) return;
      this.#journal?.flush();
      for (const b of pending) this.#announce(b.record, b.included, b.dropped);
      announced = pending.at(-1)!.record;
      pending.length = 0;
    };
    try {
      while (this.#best.number < target) {
        const pending: BuiltBlock[] = [];
        const sliceEnd = performance.now() + JUMP_SLICE_MS;
        do {
          if (this.#closed) throw new RpcError(CALL_EXECUTION_FAILED, 'the chain stopped during the time jump');
          if (this.pool.hasReady()) {
            publish(pending);
            announced = this.buildBlock();
          } else {
            pending.push(this.#build([], false, false));
          }
        } while (this.#best.number < target && performance.now() < sliceEnd);
        publish(pending);
        await this.#letClientsRead();
      }
    } catch (error) {
      this.#stopJumpAt(announced, from, travelled, error);
      throw error instanceof RpcError ? error : new RpcError(CALL_EXECUTION_FAILED, `the time jump stopped at block #${announced.number}: ${(error as Error).message}`);
    } finally {
      this.#jump = undefined;
      this.#applyMode();
    }
    return {
      fromBlock: from.number, toBlock: this.#best.number, blocks: this.#best.number - from.number,
      fromTime, toTime: this.#best.timestamp, ms: Math.round(performance.now() - started),
    };
  }

  /** After a failed slice: back to the last block clients saw, on disk too if it can still be written. */
  #stopJumpAt(announced: BlockRecord, from: BlockRecord, travelled: number | undefined, error: unknown): void {
    this.log.error('time jump stopped', { atBlock: announced.number, error: String(error) });
    if (this.#best !== announced && !this.#closed) {
      this.#rewindTo(announced);
      try {
        this.#journal?.rewind(announced.number);
      } catch (rewindError) {
        this.log.error('could not record the rewind after a failed time jump', { error: String(rewindError) });
      }
    }
    if (announced === from) this.#nextTimestamp = travelled;
  }

  /** Between a jump's slices: one event-loop turn, then wait (bounded) while a WebSocket client lags far behind. */
  async #letClientsRead(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const deadline = performance.now() + JUMP_BACKLOG_WAIT_MS;
    while (!this.#closed && this.#clientBacklog() > JUMP_BACKLOG_BYTES && performance.now() < deadline) {
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
    }
  }

  #devNewBlock({ count, to, transactions }: NewBlockOptions): BlockHash {
    const extra = (transactions ?? []).map((hex) => {
      try {
        return this.#validate(this.#decode(hexToU8a(hex)));
      } catch (error) {
        if (error instanceof TransactionValidityError) throw error.toRpcError();
        throw error;
      }
    });
    const target = to !== undefined ? Math.max(to - this.#best.number, 0) : (count ?? 1);
    if (target > MAX_BLOCKS_PER_CALL) {
      throw invalidParams(`at most ${MAX_BLOCKS_PER_CALL} blocks per call (use dev_timeTravel)`);
    }
    let last = this.#best;
    for (let i = 0; i < target; i++) last = this.buildBlock(i === 0 ? extra : []);
    return last.hash;
  }

  /** Chopsticks' timeTravel: the head's Timestamp.Now (and Aura slot) become `timestampMs`; the next block follows. */
  #timeTravel(timestampMs: number): number {
    const slot = BigInt(Math.floor(timestampMs / SLOT_MS));
    const previous = this.#nextTimestamp;
    this.#nextTimestamp = timestampMs + SLOT_MS; // before the write, so that its journal record carries it
    try {
      this.#setStorage({ Timestamp: { Now: timestampMs }, Aura: { CurrentSlot: slot.toString() } });
    } catch (error) {
      this.#nextTimestamp = previous;
      throw error;
    }
    return timestampMs;
  }

  /** Writes into the best block's state in place, as Chopsticks does (no new block; its hash stays). */
  #setStorage(values: DevStorageValues, at?: BlockHash): BlockHash {
    const best = this.#best;
    if (at !== undefined && at !== best.hash) {
      throw invalidParams('dev_setStorage writes into the best block only');
    }
    const changes = Array.isArray(values)
      ? new Map(values.map(([k, v]) => [k.toLowerCase(), v === null ? null : hexToU8a(v)] as const))
      : namedStorageChanges(this.codec, values);
    const before = best.stateVersion;
    const { version, changed } = this.store.commit(changes);
    best.stateVersion = version;
    try {
      this.#journal?.amend(changes, this.#nextTimestamp ?? null);
    } catch (error) {
      this.store.revertTo(before);
      best.stateVersion = before;
      throw error;
    }
    this.#notifyStorage(best, changed);
    this.#revalidatePool(best.number);
    if (this.pool.hasReady()) this.#onReady();
    return best.hash;
  }

  /** Makes an earlier block the best (and finalized) again; the blocks after it are discarded. */
  #setHead(target: BlockHash | number): BlockHash {
    const number = typeof target === 'number' ? (target < 0 ? this.#best.number + target : target) : this.#blocks.get(target)?.number;
    const hash = number === undefined || number < 0 ? undefined : this.#canonical[number];
    const block = hash === undefined ? undefined : this.#blocks.get(hash);
    if (!block || number! > this.#best.number) throw invalidParams(`unknown block ${target}`);
    if (!this.store.isReadable(block.stateVersion)) throw clientError(`UnknownBlock: State already discarded for ${block.hash}`);
    this.#rewindTo(block);
    this.#journal?.rewind(block.number);
    this.#announceHead(block);
    return block.hash;
  }

  #rewindTo(block: BlockRecord): void {
    const before = this.#best;
    this.store.revertTo(block.stateVersion);
    for (let n = block.number + 1; n <= before.number; n++) {
      const h = this.#canonical[n];
      if (h) this.#blocks.delete(h);
    }
    this.#canonical.length = block.number + 1;
    this.#best = block;
    this.#nextTimestamp = undefined;
  }

  /** The best block changed other than by a new block (setHead, restore, reset): as after a reorg. */
  #announceHead(block: BlockRecord): void {
    for (const sub of [...this.#storageSubs]) {
      if (sub.keys) sub.listener(this.queryStorageAt([...sub.keys] as Hex[]));
    }
    for (const l of [...this.#allHeads]) l(block.headerJson);
    for (const l of [...this.#newHeads]) l(block.headerJson);
    for (const l of [...this.#finalizedHeads]) l(block.headerJson);
    this.#revalidatePool(block.number);
  }

  // ---- persistence and snapshots (persistence/) ---------------------------------------------------------------

  get genesisTime(): number {
    return this.#genesis.block.timestamp;
  }

  get historyDepth(): number {
    return this.store.historyDepth;
  }

  /** Where the chain is kept and the block it was loaded at (null: new); undefined for an in-memory chain. */
  get persistence(): Pick<ChainJournal, 'dataDir' | 'loadedAt' | 'stats'> | undefined {
    return this.#journal && { dataDir: this.#journal.dataDir, loadedAt: this.#journal.loadedAt, stats: this.#journal.stats };
  }

  attachJournal(journal: ChainJournal): void {
    this.#journal = journal;
  }

  #image(block: BlockRecord, state: ReadonlyArray<readonly [StorageKeyHex, Uint8Array]>): ChainImage {
    return {
      format: STORE_FORMAT,
      genesisHash: this.genesisHash,
      genesisTime: this.genesisTime,
      canonical: this.#canonical.slice(0, block.number + 1),
      head: { header: block.header, extrinsics: block.extrinsics.map((x) => hexToU8a(x)), timestamp: block.timestamp },
      nextTimestamp: block === this.#best ? (this.#nextTimestamp ?? null) : null,
      state,
      savedAt: Date.now(),
    };
  }

  headImage(): ChainImage {
    return this.#image(this.#best, [...this.store.entries()]);
  }

  imageAt(hash: BlockHash): ChainImage | undefined {
    const block = this.#blocks.get(hash);
    if (!block || !this.store.isReadable(block.stateVersion)) return undefined;
    if (block === this.#best) return this.headImage();
    const state: Array<[StorageKeyHex, Uint8Array]> = [];
    for (const key of this.store.keys('0x', block.stateVersion)) state.push([key, this.store.get(key, block.stateVersion)!]);
    return this.#image(block, state);
  }

  genesisImage(): ChainImage {
    const image = this.#image(this.#best, [...this.#genesis.state]);
    return { ...image, canonical: [this.genesisHash], head: this.#genesis.block, nextTimestamp: null };
  }

  /** Replaces blocks and state with `image` (no announcement): loading a checkpoint, restoring. */
  installImage(image: ChainImage): void {
    if (image.genesisHash !== this.genesisHash) throw new Error(`chain image of genesis ${image.genesisHash}, not ${this.genesisHash}`);
    const hash = u8aToHex(headerHash(image.head.header));
    if (hash !== image.canonical[image.head.header.number]) throw new Error(`chain image head ${hash} is not its canonical block`);
    const version = this.store.replaceAll(image.state);
    this.#blocks.clear();
    this.#canonical.length = 0;
    for (const h of image.canonical) this.#canonical.push(h);
    this.#best = this.#record(image.head.header, image.head.extrinsics, version, image.head.timestamp, []);
    this.#nextTimestamp = image.nextTimestamp ?? undefined;
  }

  /** Applies a journal record on load, exactly as the live change it records, without announcing it. */
  replay(record: ChainRecord): void {
    if (record.kind === 'block') {
      const { header } = record.block;
      if (header.number !== this.#best.number + 1 || u8aToHex(header.parentHash) !== this.#best.hash) {
        throw new Error(`block #${header.number} does not follow the best block #${this.#best.number}`);
      }
      this.#appendBlock(record.block, record.changes);
      this.#nextTimestamp = undefined;
    } else if (record.kind === 'rewind') {
      const hash = this.#canonical[record.number];
      const block = hash === undefined ? undefined : this.#blocks.get(hash);
      if (!block || record.number > this.#best.number || !this.store.isReadable(block.stateVersion)) {
        throw new Error(`cannot rewind to block #${record.number}`);
      }
      this.#rewindTo(block);
    } else {
      this.#best.stateVersion = this.store.commit(record.changes).version;
      this.#nextTimestamp = record.nextTimestamp ?? undefined;
    }
  }

  /** Snapshot restore and reset: the chain becomes `image`, on disk first, then announced like dev_setHead. */
  restoreImage(image: ChainImage): BlockHash {
    this.#notJumping(image);
    if (image.genesisHash !== this.genesisHash) throw new Error(`chain image of genesis ${image.genesisHash}, not ${this.genesisHash}`);
    this.#journal?.rebase(image);
    this.installImage(image);
    this.#announceHead(this.#best);
    return this.#best.hash;
  }
}
