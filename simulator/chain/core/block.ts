// Headers and blocks. The block hash is blake2_256 of the SCALE header exactly as polkadot-js encodes it from the JSON
// we serve (chain-rpc-notes trap 2: clients sign mortal transactions against the hash they compute themselves).
//
// Roots are not Substrate's tries, because no client verifies them (documented deviation):
// - stateRoot      = blake2_256(parent state root ++ the block's sorted changes as (key, Option<value>) pairs);
// - extrinsicsRoot = blake2_256(SCALE Vec<UncheckedExtrinsic> of the block's extrinsics).
// Both are deterministic, cheap (no O(state) work per block) and change whenever their content does.
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { BlockHash, HeaderJson, Hex, SignedBlockJson } from '../rpc/chain-api';
import type { ChangeSet } from './state/store';

export interface Header {
  readonly parentHash: Uint8Array;
  readonly number: number;
  readonly stateRoot: Uint8Array;
  readonly extrinsicsRoot: Uint8Array;
  /** Each log is one SCALE-encoded DigestItem. */
  readonly logs: readonly Uint8Array[];
}

export interface BlockRecord {
  readonly hash: BlockHash;
  readonly number: number;
  readonly parentHash: BlockHash;
  readonly header: Header;
  readonly headerJson: HeaderJson;
  /** Full encodings (Compact length prefix included); index 0 is the timestamp inherent except at genesis. */
  readonly extrinsics: readonly Hex[];
  /** The state version (StateStore) this block's state is. */
  stateVersion: number;
  /** Milliseconds, the block's Timestamp.Now (genesis: the chain's genesis time). */
  readonly timestamp: number;
  /** Storage keys this block changed (for state_subscribeStorage). */
  readonly changedKeys: readonly string[];
}

export const ZERO_HASH = new Uint8Array(32);

export function encodeHeader(h: Header): Uint8Array {
  return u8aConcat(
    h.parentHash,
    compactToU8a(h.number),
    h.stateRoot,
    h.extrinsicsRoot,
    compactToU8a(h.logs.length),
    ...h.logs,
  );
}

export const headerHash = (h: Header): Uint8Array => blake2AsU8a(encodeHeader(h), 256);

export function headerToJson(h: Header): HeaderJson {
  return {
    parentHash: u8aToHex(h.parentHash),
    number: `0x${h.number.toString(16)}`,
    stateRoot: u8aToHex(h.stateRoot),
    extrinsicsRoot: u8aToHex(h.extrinsicsRoot),
    digest: { logs: h.logs.map((l) => u8aToHex(l)) },
  };
}

export function blockToJson(b: BlockRecord): SignedBlockJson {
  return { block: { header: b.headerJson, extrinsics: [...b.extrinsics] }, justifications: null };
}

const AURA_ENGINE = Uint8Array.from([0x61, 0x75, 0x72, 0x61]);
const PRE_RUNTIME = 6;

/** `DigestItem::PreRuntime(*b"aura", Slot.encode())`, what an Aura author puts in every header. */
export function auraPreDigest(slot: number): Uint8Array {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setBigUint64(0, BigInt(slot), true);
  return u8aConcat([PRE_RUNTIME], AURA_ENGINE, compactToU8a(data.length), data);
}

export function extrinsicsRoot(extrinsics: readonly Uint8Array[]): Uint8Array {
  return blake2AsU8a(Buffer.concat([compactToU8a(extrinsics.length), ...extrinsics]), 256);
}

const NONE = Uint8Array.of(0);
const SOME = Uint8Array.of(1);

/** Root of a state given as (key, value) pairs or changes; keys must be hex strings, sorted here. */
export function stateRoot(parentRoot: Uint8Array, changes: ChangeSet): Uint8Array {
  const keys = [...changes.keys()].sort();
  const parts: Uint8Array[] = [parentRoot, compactToU8a(keys.length)];
  for (const k of keys) {
    const key = Buffer.from(k.slice(2), 'hex');
    const value = changes.get(k);
    parts.push(compactToU8a(key.length), key);
    if (value) parts.push(SOME, compactToU8a(value.length), value);
    else parts.push(NONE);
  }
  // Buffer.concat takes the array itself: spreading 100k+ parts into u8aConcat overflows the call stack.
  return blake2AsU8a(Buffer.concat(parts), 256);
}
