// The BlockBuilder runtime API over `state_call`, for tools that drive block production themselves. The dev chain
// builds its own blocks (core/executive.ts), so only the two pure methods are served: `inherent_extrinsics` turns
// the inherent data into the block's unsigned Timestamp.set, and `check_inherents` checks a block's timestamp
// against the given time as pallet_timestamp does (at most 30 s ahead). `apply_extrinsic` and `finalize_block` need a
// block under construction in the runtime, which `state_call` never has here: they fail with a runtime-call error
// that says so.
import { compactToU8a, u8aConcat, u8aEq, u8aToBigInt } from '@polkadot/util';
import type { RuntimeCodec } from './codec';
import { decodeExtrinsic } from './extrinsic';

/** `sp_timestamp::INHERENT_IDENTIFIER`. */
const TIMESTAMP_INHERENT = new TextEncoder().encode('timstap0');
/** pallet_timestamp's `MAX_TIMESTAMP_DRIFT_MILLIS`. */
const MAX_TIMESTAMP_DRIFT_MS = 30_000n;
/** `sp_timestamp::InherentError::TooFarInFuture`, SCALE-encoded. */
const TOO_FAR_IN_FUTURE = Uint8Array.of(1);

type InherentEntries = Array<[Uint8Array, Uint8Array]>;

/** `InherentData` as decoded: `{ data: BTreeMap }`, the map as its pairs. */
const entriesOf = (inherent: unknown): InherentEntries => ((inherent as { data: InherentEntries }).data ?? []);

/** The timestamp in the inherent data (u64 LE), or the Substrate-like reason it is missing. */
function inherentTimestamp(inherent: unknown): bigint {
  const entry = entriesOf(inherent).find(([id]) => u8aEq(id, TIMESTAMP_INHERENT));
  if (!entry || entry[1].length < 8) throw new Error('Timestamp inherent data must be provided');
  return u8aToBigInt(entry[1].subarray(0, 8), { isLe: true });
}

/** `BlockBuilder_inherent_extrinsics`: `[Timestamp.set(now)]` as an unsigned extrinsic (no length prefix). */
export function inherentExtrinsics(codec: RuntimeCodec, inherent: unknown): Uint8Array[] {
  const now = inherentTimestamp(inherent);
  const call = codec.encodeCall({ Timestamp: { set: { now } } });
  return [u8aConcat([codec.runtime.extrinsic.version], call)];
}

/** `BlockBuilder_check_inherents`: the block's Timestamp.set may not be more than 30 s after the given time. */
export function checkInherents(codec: RuntimeCodec, block: unknown, inherent: unknown): unknown {
  const now = inherentTimestamp(inherent);
  const extrinsics = (block as { extrinsics: Uint8Array[] }).extrinsics;
  for (const body of extrinsics) {
    const xt = decodeExtrinsic(codec, u8aConcat(compactToU8a(body.length), body));
    if (xt.signed) continue;
    const set = (xt.call as { Timestamp?: { set?: { now: bigint } } }).Timestamp?.set;
    if (set && set.now > now + MAX_TIMESTAMP_DRIFT_MS) {
      return { okay: false, fatal_error: true, errors: { data: [[TIMESTAMP_INHERENT, TOO_FAR_IN_FUTURE]] } };
    }
  }
  return { okay: true, fatal_error: false, errors: { data: [] } };
}
