// What the chain store writes: log records (one per block, rewind or in-place state write) and chain images (the
// full state at one block, for checkpoints and snapshots). Both carry only what cannot be recomputed cheaply; block
// hashes are recomputed from the headers on load and checked against the recorded ones.
import type { Hex } from '../../rpc/chain-api';
import type { Header } from '../block';
import type { ChangeSet, StorageKeyHex, StorageValue } from '../state/store';
import { ByteReader, ByteWriter, FormatError } from './bytes';

/** Bumped on any change to the layouts below; a data dir of another format is refused. */
export const STORE_FORMAT = 1;

export interface StoredBlock {
  readonly header: Header;
  readonly extrinsics: readonly Uint8Array[];
  /** The block's Timestamp.Now, ms. */
  readonly timestamp: number;
}

export type ChainRecord =
  | { readonly kind: 'block'; readonly block: StoredBlock; readonly changes: ChangeSet }
  /** dev_setHead: block `number` is the best again; later blocks are gone. */
  | { readonly kind: 'rewind'; readonly number: number }
  /** dev_setStorage / dev_timeTravel: the best block's state changed in place. */
  | { readonly kind: 'amend'; readonly changes: ChangeSet; readonly nextTimestamp: number | null };

/** The whole chain at one block: its state, its header and body, and the hashes of every block before it. */
export interface ChainImage {
  readonly format: number;
  readonly genesisHash: Hex;
  readonly genesisTime: number;
  /** Canonical hashes by number, 0 … head. */
  readonly canonical: readonly Hex[];
  readonly head: StoredBlock;
  /** A dev_timeTravel pending for the next block, if any. */
  readonly nextTimestamp: number | null;
  readonly state: ReadonlyArray<readonly [StorageKeyHex, StorageValue]>;
  /** Wall-clock ms when the image was taken. */
  readonly savedAt: number;
}

const BLOCK = 1;
const REWIND = 2;
const AMEND = 3;
const IMAGE_MAGIC = 'gridbox-chain-image';

function writeBlock(w: ByteWriter, b: StoredBlock): void {
  const h = b.header;
  w.bytes(h.parentHash).num(h.number).bytes(h.stateRoot).bytes(h.extrinsicsRoot).u32(h.logs.length);
  for (const l of h.logs) w.bytes(l);
  w.num(b.timestamp).u32(b.extrinsics.length);
  for (const x of b.extrinsics) w.bytes(x);
}

function readBlock(r: ByteReader): StoredBlock {
  const parentHash = r.bytes();
  const number = r.num();
  const stateRoot = r.bytes();
  const extrinsicsRoot = r.bytes();
  const logs = Array.from({ length: r.u32() }, () => r.bytes());
  const timestamp = r.num();
  const extrinsics = Array.from({ length: r.u32() }, () => r.bytes());
  return { header: { parentHash, number, stateRoot, extrinsicsRoot, logs }, extrinsics, timestamp };
}

function writeChanges(w: ByteWriter, changes: ChangeSet): void {
  w.u32(changes.size);
  for (const [k, v] of changes) {
    w.hex(k);
    if (v === null) w.u8(0);
    else w.u8(1).bytes(v);
  }
}

function readChanges(r: ByteReader): Map<StorageKeyHex, StorageValue | null> {
  const changes = new Map<StorageKeyHex, StorageValue | null>();
  for (let n = r.u32(); n > 0; n--) {
    const k = r.hex();
    changes.set(k, r.u8() === 0 ? null : r.bytes());
  }
  return changes;
}

const nullableNum = (n: number | null): number => n ?? -1;
const fromNullableNum = (n: number): number | null => (n < 0 ? null : n);

export function encodeRecord(rec: ChainRecord): Uint8Array {
  const w = new ByteWriter();
  switch (rec.kind) {
    case 'block':
      w.u8(BLOCK);
      writeBlock(w, rec.block);
      writeChanges(w, rec.changes);
      break;
    case 'rewind':
      w.u8(REWIND).num(rec.number);
      break;
    case 'amend':
      w.u8(AMEND).num(nullableNum(rec.nextTimestamp));
      writeChanges(w, rec.changes);
      break;
  }
  return w.finish();
}

export function decodeRecord(payload: Uint8Array): ChainRecord {
  const r = new ByteReader(payload);
  const kind = r.u8();
  let rec: ChainRecord;
  if (kind === BLOCK) {
    const block = readBlock(r);
    rec = { kind: 'block', block, changes: readChanges(r) };
  } else if (kind === REWIND) rec = { kind: 'rewind', number: r.num() };
  else if (kind === AMEND) {
    const nextTimestamp = fromNullableNum(r.num());
    rec = { kind: 'amend', nextTimestamp, changes: readChanges(r) };
  } else throw new FormatError(`unknown record kind ${kind}`);
  if (!r.done) throw new FormatError('trailing bytes after a record');
  return rec;
}

export function encodeImage(image: ChainImage): Uint8Array {
  const w = new ByteWriter().str(IMAGE_MAGIC).u32(image.format).hex(image.genesisHash).num(image.genesisTime)
    .num(image.savedAt).num(nullableNum(image.nextTimestamp));
  writeBlock(w, image.head);
  w.u32(image.canonical.length);
  for (const h of image.canonical) w.hex(h);
  w.u32(image.state.length);
  for (const [k, v] of image.state) w.hex(k).bytes(v);
  return w.finish();
}

export function decodeImage(data: Uint8Array): ChainImage {
  const r = new ByteReader(data);
  if (r.str() !== IMAGE_MAGIC) throw new FormatError('not a chain image');
  const format = r.u32();
  if (format !== STORE_FORMAT) throw new FormatError(`chain image format ${format}, this build reads format ${STORE_FORMAT}`);
  const genesisHash = r.hex() as Hex;
  const genesisTime = r.num();
  const savedAt = r.num();
  const nextTimestamp = fromNullableNum(r.num());
  const head = readBlock(r);
  const canonical = Array.from({ length: r.u32() }, () => r.hex() as Hex);
  const state = Array.from({ length: r.u32() }, () => [r.hex(), r.bytes()] as const);
  if (!r.done) throw new FormatError('trailing bytes after a chain image');
  return { format, genesisHash, genesisTime, canonical, head, nextTimestamp, state, savedAt };
}
