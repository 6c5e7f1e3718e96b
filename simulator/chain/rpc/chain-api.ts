/**
 * What the RPC groups need from the chain, as types only: the chain increment implements `ChainApi` and the groups
 * become thin adapters (param validation + these calls). Every value here is already in the JSON shape a Substrate
 * node sends, so groups never reshape results and clients decode them as they would from TFChain.
 *
 * Conventions (all as Substrate serializes them):
 * - Hashes, keys, storage values, extrinsics, metadata and `state_call` results: lower-case `0x` hex strings.
 * - Block numbers: plain JSON numbers in arguments and in SyncState, but a hex string (`"0x1a"`) inside a header.
 * - Balances in payment results: decimal strings (`serde_balance`), or NumberOrHex where noted.
 * - `at` / `hash` arguments that are undefined mean the best block.
 * - Listeners: `subscribe*` calls its listener once with the current value before it returns, then on every change,
 *   so a subscription can never see a newer value overtaken by an older one. It returns the function that stops it.
 *
 * Errors: a method throws an `RpcError` (see errors.ts) where Substrate answers with an error, e.g. the 1010/1014
 * pool errors of submit; anything else it throws becomes a bare -32603.
 */
import type { MaybePromise } from './group';

export type Hex = `0x${string}`;
/** H256, blake2-256 of the SCALE-encoded header. */
export type BlockHash = Hex;
export type BlockNumber = number;
export type Unsubscribe = () => void;

// ---- JSON shapes ----------------------------------------------------------------------------------------------

/**
 * `sp_runtime::generic::Header` as JSON: `{"parentHash":"0x…","number":"0x1a","stateRoot":"0x…",
 * "extrinsicsRoot":"0x…","digest":{"logs":["0x0661757261…"]}}`.
 * `number` is hex without leading zeros (`"0x0"` for genesis); each log is one SCALE-encoded `DigestItem`.
 * The block hash must equal blake2_256(parentHash ++ Compact(number) ++ stateRoot ++ extrinsicsRoot
 * ++ Vec<DigestItem>): polkadot-js recomputes it and signs against it (mortal era checkpoint).
 */
export interface HeaderJson {
  parentHash: BlockHash;
  number: Hex;
  stateRoot: Hex;
  extrinsicsRoot: Hex;
  digest: { logs: Hex[] };
}

/**
 * `chain_getBlock`: `{"block":{"header":{…},"extrinsics":["0x…",…]},"justifications":null}`.
 * Each extrinsic is the full encoding with its Compact length prefix; the timestamp inherent is index 0, and
 * `Phase::ApplyExtrinsic(i)` in the block's events must match these positions.
 */
export interface SignedBlockJson {
  block: { header: HeaderJson; extrinsics: Hex[] };
  /** Always null on the dev chain (no GRANDPA justifications). Substrate: `[[engineId, "0x…"]]` or null. */
  justifications: null;
}

/**
 * `state_getRuntimeVersion` / `state_runtimeVersion` notifications, e.g. for spec 152:
 * `{"specName":"substrate-threefold","implName":"substrate-threefold","authoringVersion":1,"specVersion":152,
 *   "implVersion":1,"apis":[["0xdf6acb689907609b",4],…],"transactionVersion":2,"stateVersion":0}`.
 * `apis` pairs an 8-byte API id (hex) with its version; see tfchain.md §1.1 for the list (and §7.1 on whether to
 * advertise the Metadata API).
 */
export interface RuntimeVersionJson {
  specName: string;
  implName: string;
  authoringVersion: number;
  specVersion: number;
  implVersion: number;
  apis: Array<[Hex, number]>;
  transactionVersion: number;
  stateVersion: number;
}

/**
 * `StorageChangeSet`: `{"block":"0x…","changes":[["0xkey","0xvalue"],["0xkey2",null]]}`; null = no value.
 * `state_queryStorageAt` answers an array holding one of these; `state_storage` notifications carry one each.
 */
export interface StorageChangeSetJson {
  block: BlockHash;
  changes: Array<[Hex, Hex | null]>;
}

/**
 * `author_extrinsicUpdate` notification results (`TransactionStatus`, camelCase, v1 form):
 * `"future"`, `"ready"`, `{"broadcast":["peerId",…]}`, `{"inBlock":"0xblock"}`, `{"retracted":"0xblock"}`,
 * `{"finalityTimeout":"0xblock"}`, `{"finalized":"0xblock"}`, `{"usurped":"0xtx"}`, `"dropped"`, `"invalid"`.
 * After `finalized`, `usurped`, `dropped`, `invalid` or `finalityTimeout` the subscription ends.
 */
export type TransactionStatusJson =
  | 'future'
  | 'ready'
  | 'dropped'
  | 'invalid'
  | { broadcast: string[] }
  | { inBlock: BlockHash }
  | { retracted: BlockHash }
  | { finalityTimeout: BlockHash }
  | { finalized: BlockHash }
  | { usurped: Hex };

/**
 * `payment_queryInfo`: `RuntimeDispatchInfo` = `{"weight":{"ref_time":123,"proof_size":0},"class":"normal",
 * "partialFee":"1234567"}` (weight fields in snake_case, the fee a decimal string).
 */
export interface RuntimeDispatchInfoJson {
  weight: { ref_time: number; proof_size: number };
  class: 'normal' | 'operational' | 'mandatory';
  partialFee: string;
}

/**
 * `payment_queryFeeDetails`: `{"inclusionFee":{"baseFee":…,"lenFee":…,"adjustedWeightFee":…}}` or
 * `{"inclusionFee":null}` for unsigned; each fee is NumberOrHex (a JSON number when it fits u64, else hex).
 */
export interface FeeDetailsJson {
  inclusionFee: { baseFee: number | Hex; lenFee: number | Hex; adjustedWeightFee: number | Hex } | null;
}

/** `dev_newBlock` params (Chopsticks' names, so scripts written for it work). */
export interface NewBlockOptions {
  /** Blocks to build (default 1). */
  count?: number;
  /** Build until the best block has this number (overrides count). */
  to?: BlockNumber;
  /** Extrinsics to include, in this order, besides the pool's. */
  transactions?: Hex[];
}

/**
 * `dev_setBlockBuildMode`: Instant (a block as soon as extrinsics arrive, batching those that arrive together), Batch
 * (debounced), Manual (dev_newBlock only), Interval (a block every block time, empty or not, like a real node).
 */
export type BlockBuildMode = 'Instant' | 'Batch' | 'Manual' | 'Interval';

/**
 * `dev_setStorage` values: raw `[[key, value | null], …]`, or Chopsticks' named form
 * `{"System":{"Account":[[["5Grw…"],{"data":{"free":…}}]]}}` that the chain encodes with its own metadata.
 */
export type DevStorageValues = Array<[Hex, Hex | null]> | Record<string, Record<string, unknown>>;

// ---- What each group needs -------------------------------------------------------------------------------------

/** chain_* */
export interface ChainBlocksApi {
  /** chain_getBlockHash / chain_getHead: hash of block `number` on the best chain (undefined: best); null if none. */
  getBlockHash(number?: BlockNumber): MaybePromise<BlockHash | null>;
  /** chain_getHeader: null for an unknown hash. */
  getHeader(hash?: BlockHash): MaybePromise<HeaderJson | null>;
  /** chain_getBlock: null for an unknown hash. */
  getBlock(hash?: BlockHash): MaybePromise<SignedBlockJson | null>;
  /** chain_getFinalizedHead / chain_getFinalisedHead. */
  getFinalizedHead(): MaybePromise<BlockHash>;
  /** chain_subscribeNewHeads (+ aliases) → `chain_newHead`: the best block's header, current one first. */
  subscribeNewHeads(listener: (header: HeaderJson) => void): Unsubscribe;
  /** chain_subscribeFinalizedHeads → `chain_finalizedHead`. */
  subscribeFinalizedHeads(listener: (header: HeaderJson) => void): Unsubscribe;
  /** chain_subscribeAllHeads → `chain_allHead`: every imported block (forks included after dev_setHead). */
  subscribeAllHeads(listener: (header: HeaderJson) => void): Unsubscribe;
}

/** state_* (storage at any past block: clients read events at the InBlock hash). */
export interface ChainStateApi {
  /** state_getStorage: the raw value, null when absent. Size and hash methods derive from it. */
  getStorage(key: Hex, at?: BlockHash): MaybePromise<Hex | null>;
  /**
   * state_getKeysPaged: up to `count` keys starting with `prefix`, strictly after `startKey`, in byte order.
   * The RPC layer refuses count > 1000 as Substrate does.
   */
  getKeysPaged(prefix: Hex, count: number, startKey?: Hex, at?: BlockHash): MaybePromise<Hex[]>;
  /** state_queryStorageAt: the values of `keys` at one block (the RPC wraps it in a one-element array). */
  queryStorageAt(keys: Hex[], at?: BlockHash): MaybePromise<StorageChangeSetJson>;
  /** state_getRuntimeVersion / chain_getRuntimeVersion. */
  getRuntimeVersion(at?: BlockHash): MaybePromise<RuntimeVersionJson>;
  /** state_getMetadata: the `RuntimeMetadataPrefixed` bytes ("meta" magic + V14). */
  getMetadata(at?: BlockHash): MaybePromise<Hex>;
  /**
   * state_call / state_callAt: a runtime API call, SCALE in and out (`Metadata_metadata_versions`,
   * `AccountNonceApi_account_nonce`, `TransactionPaymentApi_query_info`, …). Unknown methods throw an RpcError.
   */
  call(method: string, data: Hex, at?: BlockHash): MaybePromise<Hex>;
  /**
   * state_subscribeStorage → `state_storage`: first the current values of all `keys` at the best block, then after
   * each new best block the keys whose value changed in it. `keys` undefined: every change, no initial set.
   */
  subscribeStorage(keys: Hex[] | undefined, listener: (changes: StorageChangeSetJson) => void): Unsubscribe;
  /** state_subscribeRuntimeVersion (+ chain_ alias) → `state_runtimeVersion`: current version first. */
  subscribeRuntimeVersion(listener: (version: RuntimeVersionJson) => void): Unsubscribe;
}

/** What `submitAndWatchExtrinsic` hands back once the pool accepted the extrinsic. */
export interface ExtrinsicWatch {
  /** blake2_256 of the extrinsic bytes as submitted (length prefix included), as author_submitExtrinsic returns. */
  hash: Hex;
  /** Stops status updates (author_unwatchExtrinsic, or the connection closed); the extrinsic stays in the pool. */
  unwatch: Unsubscribe;
}

/** author_* and the nonce query that clients make before each transaction. */
export interface ChainAuthorApi {
  /**
   * author_submitExtrinsic: validates (decode, signature, nonce, fees) and queues it; resolves with its hash.
   * Refusals throw RpcErrors as Substrate words them: 1010 `invalidTransaction('Payment' | 'Stale' | 'BadProof' |
   * 'Future' …)`, 1011 unknown validity, 1013 already imported, 1014 priority too low, 1001 for undecodable bytes.
   */
  submitExtrinsic(extrinsic: Hex): MaybePromise<Hex>;
  /**
   * author_submitAndWatchExtrinsic: as submitExtrinsic, then `listener` receives "ready" (or "future"),
   * `{inBlock}`, `{finalized}`, … The listener may already be called before this resolves (an instant chain);
   * the RPC layer holds those notifications until the subscription id has been sent.
   * The RPC layer also delays `{finalized}` for a connection until it has read that block's events (see
   * chain-rpc-notes.md); the chain just reports statuses as they happen.
   */
  submitAndWatchExtrinsic(
    extrinsic: Hex,
    listener: (status: TransactionStatusJson) => void,
  ): MaybePromise<ExtrinsicWatch>;
  /** author_pendingExtrinsics: the pool's extrinsics. */
  pendingExtrinsics(): MaybePromise<Hex[]>;
  /** system_accountNextIndex / account_nextIndex: the account's nonce plus its ready transactions in the pool. */
  accountNextIndex(ss58Address: string): MaybePromise<number>;
}

/** payment_* (polkadot-js 16 prefers `state_call TransactionPaymentApi_*`; these serve older clients). */
export interface ChainPaymentApi {
  queryInfo(extrinsic: Hex, at?: BlockHash): MaybePromise<RuntimeDispatchInfoJson>;
  queryFeeDetails(extrinsic: Hex, at?: BlockHash): MaybePromise<FeeDetailsJson>;
}

/** dev_* (Chopsticks-compatible names and results). */
export interface ChainDevApi {
  /** dev_newBlock: builds blocks now (at most 10,000 per call); resolves with the hash of the last one. */
  newBlock(options: NewBlockOptions): MaybePromise<BlockHash>;
  /**
   * dev_timeTravel, as Chopsticks: the best block's Timestamp.Now becomes `timestampMs` at once and the next block
   * follows it by one slot; resolves with it.
   */
  timeTravel(timestampMs: number): MaybePromise<number>;
  /** dev_setBlockBuildMode. */
  setBlockBuildMode(mode: BlockBuildMode): MaybePromise<void>;
  /**
   * dev_setStorage, as Chopsticks: writes into the state of the best block (`at` must be it when given) in place, no
   * new block; resolves with that block's hash.
   */
  setStorage(values: DevStorageValues, at?: BlockHash): MaybePromise<BlockHash>;
  /** dev_setHead: makes a block (by hash, or number; negative = that many back from best) the best; its hash. */
  setHead(target: BlockHash | number): MaybePromise<BlockHash>;
}

/** A named snapshot (gridbox_snapshotList). */
export interface SnapshotInfoJson {
  readonly name: string;
  readonly blockNumber: BlockNumber;
  readonly blockHash: BlockHash;
  /** Wall-clock ms when it was saved. */
  readonly savedAt: number;
}

/** gridbox_*: named snapshots and reset to genesis (Gridbox's own methods; no Substrate node has them). */
export interface ChainSnapshotApi {
  snapshotSave(name: string): MaybePromise<SnapshotInfoJson>;
  snapshotList(): MaybePromise<SnapshotInfoJson[]>;
  /** Makes the snapshot's head the best block, announced like dev_setHead; resolves with its hash. */
  snapshotRestore(name: string): MaybePromise<BlockHash>;
  snapshotDelete(name: string): MaybePromise<boolean>;
  /** Back to the genesis block and state, announced like dev_setHead; resolves with the genesis hash. */
  reset(): MaybePromise<BlockHash>;
}

/** gridbox_timeStatus: how blocks are made and where chain time stands against the wall clock. */
export interface TimeStatusJson {
  readonly mode: 'instant' | 'interval' | 'manual' | 'batch';
  /** Interval mode's wall-clock ms between blocks. */
  readonly blockTimeMs: number;
  readonly best: { readonly number: BlockNumber; readonly hash: BlockHash; readonly timestamp: number };
  /** The chain process's wall clock (ms) when it answered. */
  readonly wallClock: number;
  /** best.timestamp − wallClock: how far chain time runs ahead (negative: behind). */
  readonly aheadMs: number;
  /** The time jump in progress, if any: its first and last block and the block it has reached. */
  readonly jump: { readonly fromBlock: BlockNumber; readonly toBlock: BlockNumber; readonly atBlock: BlockNumber } | null;
}

/** gridbox_timeJump's answer. */
export interface TimeJumpJson {
  readonly fromBlock: BlockNumber;
  readonly toBlock: BlockNumber;
  readonly blocks: number;
  /** Chain time (ms) of the block before the jump and of its last block. */
  readonly fromTime: number;
  readonly toTime: number;
  /** Wall-clock ms the jump took. */
  readonly ms: number;
}

/**
 * gridbox_time*: Gridbox's time control. A jump builds every block in between, one slot (6 s) apart, so that block-
 * driven rules (billing every BillingFrequency blocks, the grace period in blocks) play out as on a live chain.
 */
export interface ChainTimeApi {
  timeStatus(): MaybePromise<TimeStatusJson>;
  /** Moves chain time forward by at least `seconds` (whole slots); resolves when the last block is announced. */
  timeJump(seconds: number): MaybePromise<TimeJumpJson>;
  /** The block mode, and with 'Interval' optionally a new block time (ms). */
  setTimeMode(mode: BlockBuildMode, blockTimeMs?: number): MaybePromise<TimeStatusJson>;
}

/** system_syncState needs the best block number; the rest of system_* is static (see groups/system.ts). */
export interface ChainSystemApi {
  bestNumber(): MaybePromise<BlockNumber>;
}

/** Everything: what the chain increment implements. */
export type ChainApi = ChainBlocksApi &
  ChainStateApi &
  ChainAuthorApi &
  ChainPaymentApi &
  ChainSystemApi & { dev: ChainDevApi; snapshots?: ChainSnapshotApi; time?: ChainTimeApi };
