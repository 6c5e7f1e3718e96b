// The runtime's codec, built once at start: SCALE encode/decode of plain JS values against the runtime declarations
// (runtime/scale.ts, runtime/scale-decode.ts) with RuntimeCall/RuntimeEvent resolved, helpers for calls, events and
// module errors, the metadata bytes, and a @polkadot/types registry loaded from that same metadata.
//
// Why two codecs: the runtime's hot paths (storage values, events, call arguments) use the declaration codec, which
// reads and writes plain values (bigint balances, field names as declared) without allocating Codec objects; the
// declarations are also what the metadata is generated from, so the two cannot drift apart (test/unit/chain-core
// cross-checks every storage type against @polkadot/types). The registry serves what is naturally polkadot-js-shaped:
// dev_setStorage's named form (Chopsticks' JSON values, SS58 addresses, partial structs) and client-side checks.
import { Metadata, TypeRegistry } from '@polkadot/types';
import { buildMetadataWithLookup } from '../metadata';
import { palletByIndex, palletByName, type Runtime } from '../runtime';
import { errorIndex, eventIndex, type Pallet } from '../runtime/pallet';
import { encode, type OuterTypes } from '../runtime/scale';
import { decode, read, type Reader } from '../runtime/scale-decode';
import type { TypeDef } from '../runtime/types/dsl';

/** A decoded call: `{ Balances: { transfer: { dest, value } } }`, or `{ CouncilMembership: 'clear_prime' }`. */
export type CallValue = Readonly<Record<string, unknown>>;

export interface CallParts {
  readonly pallet: Pallet;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** A `sp_runtime::DispatchError` as a plain value ('BadOrigin', { Module: { index, error } }, { Token: … }, …). */
export type DispatchErrorValue = string | Readonly<Record<string, unknown>>;

/** ContractIdProvides contributes no bytes; declaring it keeps polkadot-js from guessing (and warning). */
export const USER_EXTENSIONS = { ContractIdProvides: { extrinsic: {}, payload: {} } };

export class RuntimeCodec {
  readonly outer: OuterTypes;
  /** `state_getMetadata`: "meta" ++ V14. */
  readonly metadataV14: Uint8Array;
  /** `Metadata_metadata_at_version(15)`. */
  readonly metadataV15: Uint8Array;
  readonly #idOf: (t: TypeDef) => number;
  #registry: TypeRegistry | undefined;

  constructor(readonly runtime: Runtime) {
    this.outer = runtime.outer;
    const v14 = buildMetadataWithLookup(runtime, 14);
    this.metadataV14 = v14.bytes;
    this.#idOf = v14.idOf;
    this.metadataV15 = buildMetadataWithLookup(runtime, 15).bytes;
  }

  /**
   * @polkadot/types loaded with our V14 metadata. Built on first use (dev_setStorage's named form, block logs): decoding
   * the metadata into a registry costs a few hundred ms of a chain's start, and blocks never need it.
   */
  get registry(): TypeRegistry {
    if (!this.#registry) {
      const registry = new TypeRegistry();
      registry.setMetadata(new Metadata(registry, this.metadataV14), undefined, USER_EXTENSIONS);
      this.#registry = registry;
    }
    return this.#registry;
  }

  encode(type: TypeDef, value: unknown, what?: string): Uint8Array {
    return encode(type, value, what, this.outer);
  }

  decode<T = unknown>(type: TypeDef, bytes: Uint8Array): T {
    return decode(type, bytes, this.outer) as T;
  }

  read<T = unknown>(reader: Reader, type: TypeDef): T {
    return read(reader, type, this.outer) as T;
  }

  /** The polkadot-js type name of a declared type (`Lookup<id>`), for `registry.createType`. */
  lookupName(type: TypeDef): string {
    return this.registry.createLookupType(this.#idOf(type));
  }

  pallet(name: string): Pallet {
    return palletByName(this.runtime, name);
  }

  palletAt(index: number): Pallet | undefined {
    return palletByIndex(this.runtime, index);
  }

  decodeCall(bytes: Uint8Array): CallValue {
    return this.decode<CallValue>(this.runtime.outer.RuntimeCall, bytes);
  }

  encodeCall(call: CallValue): Uint8Array {
    return this.encode(this.runtime.outer.RuntimeCall, call, 'call');
  }

  /** Pallet, call name and arguments of a decoded call. */
  callParts(call: CallValue): CallParts {
    const [palletName, inner] = Object.entries(call)[0] ?? [];
    if (palletName === undefined) throw new Error('empty call value');
    const pallet = this.pallet(palletName);
    if (typeof inner === 'string') return { pallet, name: inner, args: {} };
    const [name, args] = Object.entries(inner as Record<string, unknown>)[0] ?? [];
    if (name === undefined) throw new Error(`${palletName}: empty call value`);
    return { pallet, name, args: (args ?? {}) as Record<string, unknown> };
  }

  /** A RuntimeEvent value; throws for an event the pallet does not declare (a programming error). */
  event(pallet: Pallet, name: string, fields?: unknown): Readonly<Record<string, unknown>> {
    eventIndex(pallet, name);
    return { [pallet.name]: fields === undefined ? name : { [name]: fields } };
  }

  /** `DispatchError::Module { index, error: [i, 0, 0, 0] }` for an error the pallet declares. */
  moduleError(pallet: Pallet, name: string): DispatchErrorValue {
    return { Module: { index: pallet.index, error: Uint8Array.of(errorIndex(pallet, name), 0, 0, 0) } };
  }
}
