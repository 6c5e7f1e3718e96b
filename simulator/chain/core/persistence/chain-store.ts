// The chain's data directory: a checkpoint (a full chain image, written atomically) plus the log segments written
// since, one record per block, rewind or in-place state write. Every record is durable before the chain announces
// what it records, so whatever a client saw (a new head, InBlock) is there after kill -9.
//
// Every `segmentRecords` records the log moves to a new segment and the checkpoint moves up to the start of the
// segment just finished, which is then the only one replayed before the new one. Reopening therefore replays between
// segmentRecords and 2 × segmentRecords records, and those blocks keep their full state history; older blocks keep
// their hashes only (their bodies and state read as pruned).
//
//   <dataDir>/meta.json             format version, genesis hash, genesis time
//   <dataDir>/checkpoint.bin        first segment to replay + the chain image to replay it on
//   <dataDir>/log-00000042.bin      records, each [length][CRC-32][payload]
//   <dataDir>/snapshots/<name>/     named snapshots (snapshots.ts)
//   <dataDir>/LOCK                  pid of the chain using the directory
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockHash, Hex } from '../../rpc/chain-api';
import type { ChainLogger } from '../dispatch/env';
import type { ChangeSet } from '../state/store';
import { readFileAtomic, writeFileAtomic } from './atomic-file';
import { ByteReader, ByteWriter, FormatError } from './bytes';
import { lockDataDir } from './lock';
import { LogFile } from './log-file';
import { decodeImage, decodeRecord, encodeImage, encodeRecord, STORE_FORMAT, type ChainImage, type ChainRecord, type StoredBlock } from './records';
import { DirSnapshots, type ChainSnapshots } from './snapshots';

export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';
}

interface StoreMeta {
  readonly format: number;
  readonly genesisHash: Hex;
  readonly genesisTime: number;
}

/** What the store needs from the chain it loads and then records. */
export interface PersistHost {
  readonly genesisHash: Hex;
  readonly genesisTime: number;
  readonly best: { readonly hash: BlockHash; readonly number: number };
  readonly historyDepth: number;
  readonly log: ChainLogger;
  readonly snapshots: ChainSnapshots;
  /** The image of a block whose state is still readable; undefined otherwise. */
  imageAt(hash: BlockHash): ChainImage | undefined;
  headImage(): ChainImage;
  installImage(image: ChainImage): void;
  /** Applies a logged record without announcing it; throws if it does not fit the chain. */
  replay(record: ChainRecord): void;
  attachJournal(journal: ChainJournal): void;
}

/** The chain's hooks into the store, each called before the change it records is announced. */
export interface ChainJournal {
  readonly dataDir: string;
  /** The best block number found on disk when the chain was opened; null if the directory was new (or reset). */
  readonly loadedAt: number | null;
  /** Records written since the chain was opened, their bytes and the ms spent writing (fdatasync included). */
  readonly stats: WriteStats;
  /** `durable: false` leaves the fdatasync to the next `flush()` (a time jump's run of blocks shares one). */
  block(block: StoredBlock, changes: ChangeSet, durable?: boolean): void;
  /** Makes the blocks written with `durable: false` durable. */
  flush(): void;
  rewind(number: number): void;
  amend(changes: ChangeSet, nextTimestamp: number | null): void;
  /** The chain became `image` (snapshot restore, reset): it is the new checkpoint, the logs start over. */
  rebase(image: ChainImage): void;
  close(): void;
}

export interface WriteStats {
  records: number;
  bytes: number;
  ms: number;
}

const META = 'meta.json';
const CHECKPOINT = 'checkpoint.bin';
const SEGMENT = /^log-(\d{8})\.bin$/;
const segmentName = (seq: number): string => `log-${String(seq).padStart(8, '0')}.bin`;

export interface ChainStoreOptions {
  readonly reset?: boolean;
  /** Records per log segment; default half the chain's historyDepth, at most 2048. */
  readonly segmentRecords?: number;
}

export class ChainStore implements ChainJournal {
  readonly meta: StoreMeta | undefined;
  readonly stats: WriteStats = { records: 0, bytes: 0, ms: 0 };
  #loadedAt: number | null = null;
  #host: PersistHost | undefined;
  #segment: LogFile | undefined;
  #seq = 0;
  /** Records in the current segment, and the block it starts from. */
  #count = 0;
  #base: BlockHash | undefined;
  /** Block number of the checkpoint's head: a rewind below it cannot be replayed and rebases instead. */
  #checkpointNumber = 0;
  #release: (() => void) | undefined;

  private constructor(readonly dataDir: string, private readonly options: ChainStoreOptions) {
    mkdirSync(dataDir, { recursive: true });
    this.#release = lockDataDir(dataDir);
    try {
      if (options.reset) this.#wipe();
      this.meta = this.#readMeta();
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  /** Locks the directory (creating it) and reads its meta data; `reset` first removes the chain kept there. */
  static open(dataDir: string, options: ChainStoreOptions = {}): ChainStore {
    return new ChainStore(dataDir, options);
  }

  get loadedAt(): number | null {
    return this.#loadedAt;
  }

  #wipe(): void {
    for (const name of readdirSync(this.dataDir)) {
      if (name === META || name === CHECKPOINT || name === `${CHECKPOINT}.tmp` || SEGMENT.test(name)) rmSync(join(this.dataDir, name), { force: true });
    }
  }

  #readMeta(): StoreMeta | undefined {
    const path = join(this.dataDir, META);
    if (!existsSync(path)) return undefined;
    let meta: StoreMeta;
    try {
      meta = JSON.parse(Buffer.from(readFileAtomic(path)).toString('utf8')) as StoreMeta;
    } catch {
      throw new PersistenceError(`${path} is not readable chain data; start with --reset to replace it`);
    }
    if (meta.format !== STORE_FORMAT) {
      throw new PersistenceError(`${this.dataDir} holds chain data of format ${meta.format}, this build reads format ${STORE_FORMAT}; start with --reset to replace it`);
    }
    return meta;
  }

  #segments(): number[] {
    return readdirSync(this.dataDir).flatMap((n) => {
      const m = SEGMENT.exec(n);
      return m ? [Number(m[1])] : [];
    }).sort((a, b) => a - b);
  }

  /** Brings the chain (built at genesis) to what the directory holds, then records it from now on. */
  loadInto(host: PersistHost): void {
    this.#host = host;
    const started = performance.now();
    if (this.meta && this.meta.genesisHash !== host.genesisHash) {
      throw new PersistenceError(`${this.dataDir} holds a chain with genesis ${this.meta.genesisHash}, not ${host.genesisHash} `
        + '(another --genesis-time or runtime); start with --reset to replace it, or use another --data directory');
    }
    if (this.meta && this.meta.genesisTime !== host.genesisTime) {
      throw new PersistenceError(`${this.dataDir} holds a chain whose genesis time is ${new Date(this.meta.genesisTime).toISOString()}; `
        + 'leave out --genesis-time to continue it, or start with --reset to replace it');
    }
    if (!this.meta) writeFileAtomic(join(this.dataDir, META), Buffer.from(JSON.stringify({ format: STORE_FORMAT, genesisHash: host.genesisHash, genesisTime: host.genesisTime })));
    // A checkpoint.tmp is a checkpoint whose write was interrupted: the previous one is still whole.
    rmSync(join(this.dataDir, `${CHECKPOINT}.tmp`), { force: true });

    let first = 0;
    const checkpointPath = join(this.dataDir, CHECKPOINT);
    if (existsSync(checkpointPath)) {
      let image: ChainImage;
      try {
        const r = new ByteReader(readFileAtomic(checkpointPath));
        first = r.u32();
        image = decodeImage(r.bytes());
      } catch (error) {
        if (!(error instanceof FormatError)) throw error;
        throw new PersistenceError(`${checkpointPath} cannot be read (${error.message}); start with --reset to replace the chain kept there`);
      }
      host.installImage(image);
      this.#checkpointNumber = image.head.header.number;
    }
    let replayed = 0;
    const segments = this.#segments().filter((seq) => {
      if (seq >= first) return true;
      rmSync(join(this.dataDir, segmentName(seq)), { force: true });
      return false;
    });
    if (segments.length === 0) segments.push(first);
    for (let i = 0; i < segments.length; i++) {
      const seq = segments[i]!;
      this.#seq = seq;
      this.#base = host.best.hash;
      const complete = this.#replaySegment(seq);
      replayed += this.#count;
      if (!complete) {
        // What followed a damaged record cannot be applied on top of it.
        for (const later of segments.slice(i + 1)) rmSync(join(this.dataDir, segmentName(later)), { force: true });
        break;
      }
      if (i < segments.length - 1) this.#segment!.close();
    }
    if (this.meta) this.#loadedAt = host.best.number;
    host.snapshots.useBacking(new DirSnapshots(join(this.dataDir, 'snapshots')));
    host.attachJournal(this);
    host.log.info(this.meta ? `chain loaded from ${this.dataDir} at block #${host.best.number}` : `chain data created in ${this.dataDir}`, {
      replayedRecords: replayed, ms: Math.round(performance.now() - started),
    });
  }

  /** Replays one segment into the host; false when it had to be cut short. */
  #replaySegment(seq: number): boolean {
    const host = this.#host!;
    const path = join(this.dataDir, segmentName(seq));
    const { log, records, cut } = LogFile.open(path);
    this.#segment = log;
    this.#count = 0;
    if (cut) host.log.warn(`cut a ${cut.problem} record off the end of ${path} (${cut.bytes} bytes): the block being written when the chain stopped`);
    let offset = 0;
    for (const payload of records) {
      try {
        host.replay(decodeRecord(payload));
      } catch (error) {
        host.log.error(`${path}: record ${this.#count} does not apply (${(error as Error).message}); it and everything after it are dropped`);
        log.truncate(offset);
        return false;
      }
      offset += 8 + payload.length;
      this.#count++;
    }
    return cut === undefined;
  }

  // ---- ChainJournal -------------------------------------------------------------------------------------------

  #append(record: ChainRecord, durable = true): void {
    if (!this.#segment) throw new PersistenceError(`the chain store in ${this.dataDir} is closed`);
    const started = performance.now();
    const bytes = this.#segment.append(encodeRecord(record), durable);
    this.#count++;
    this.stats.records++;
    this.stats.bytes += bytes;
    const limit = this.options.segmentRecords ?? Math.max(1, Math.min(2048, Math.floor(this.#host!.historyDepth / 2)));
    if (this.#count >= limit) this.#rotate();
    this.stats.ms += performance.now() - started;
  }

  block(block: StoredBlock, changes: ChangeSet, durable = true): void {
    this.#append({ kind: 'block', block, changes }, durable);
  }

  flush(): void {
    const started = performance.now();
    this.#segment?.sync();
    this.stats.ms += performance.now() - started;
  }

  rewind(number: number): void {
    if (number < this.#checkpointNumber) this.rebase(this.#host!.headImage());
    else this.#append({ kind: 'rewind', number });
  }

  amend(changes: ChangeSet, nextTimestamp: number | null): void {
    this.#append({ kind: 'amend', changes, nextTimestamp });
  }

  /** Starts segment seq + 1, checkpointing the start of the one just finished (or, if its state is gone, the head). */
  #rotate(): void {
    const host = this.#host!;
    const baseImage = this.#base === undefined ? undefined : host.imageAt(this.#base);
    if (baseImage) this.#startSegment(baseImage, this.#seq, host.best.hash);
    else this.#startSegment(host.headImage(), this.#seq + 1, host.best.hash);
  }

  rebase(image: ChainImage): void {
    this.#startSegment(image, this.#seq + 1, image.canonical.at(-1)!);
  }

  /**
   * Opens segment #seq + 1 (its records follow block `base`) for appends, then checkpoints `image` as the state
   * that segment `first` replays on, and removes the segments before `first`.
   */
  #startSegment(image: ChainImage, first: number, base: BlockHash): void {
    this.#segment?.close();
    this.#seq += 1;
    this.#segment = LogFile.open(join(this.dataDir, segmentName(this.#seq))).log;
    this.#count = 0;
    this.#base = base;
    const payload = encodeImage(image);
    writeFileAtomic(join(this.dataDir, CHECKPOINT), new ByteWriter().u32(first).bytes(payload).finish());
    this.#checkpointNumber = image.head.header.number;
    for (const seq of this.#segments()) if (seq < first) rmSync(join(this.dataDir, segmentName(seq)), { force: true });
  }

  close(): void {
    this.#segment?.close();
    this.#segment = undefined;
    this.#release?.();
    this.#release = undefined;
  }
}
