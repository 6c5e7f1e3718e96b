// Pallet declarations: what a FRAME pallet contributes to the runtime's metadata and, later, to its behaviour
// (storage layout, call and event indices, error indices, constants). A declaration is plain data so the
// metadata builder, the storage-key helpers and the dispatcher can all read the same source.
import { encode, zeroValue } from './scale';
import { enumType, type TypeDef, type VariantSpec, type VariantType } from './types/dsl';

export type Hasher =
  | 'Blake2_128' | 'Blake2_256' | 'Blake2_128Concat' | 'Twox128' | 'Twox256' | 'Twox64Concat' | 'Identity';

export interface StorageKey {
  readonly hasher: Hasher;
  readonly type: TypeDef;
}

export interface StorageItem {
  readonly name: string;
  /** `Optional`: absent keys read as `None`. `Default`: absent keys read as `fallback`. */
  readonly modifier: 'Optional' | 'Default';
  /** Empty for a plain value; one entry per key for (n-)maps, in key order. */
  readonly keys: readonly StorageKey[];
  readonly value: TypeDef;
  /** The metadata fallback: `0x00` (None) for Optional items, the encoded default for Default items. */
  readonly fallback: Uint8Array;
  /** The default as a JS value (Default items only), for the runtime to use without decoding `fallback`. */
  readonly defaultValue?: unknown;
  readonly docs: readonly string[];
}

export interface Constant {
  readonly name: string;
  readonly type: TypeDef;
  readonly value: Uint8Array;
  readonly docs: readonly string[];
}

export interface Pallet {
  readonly name: string;
  readonly index: number;
  /** The Rust crate, e.g. `pallet_tfgrid`; the Call/Event/Error enums live at `<crate>::pallet::…`. */
  readonly crate: string;
  /** Storage prefix (the pallet name as given to construct_runtime). */
  readonly storagePrefix: string;
  /** Storage items in declaration order; `undefined` when the pallet has no storage in the metadata. */
  readonly storage?: readonly StorageItem[];
  readonly calls?: VariantType;
  readonly events?: VariantType;
  readonly errors?: VariantType;
  readonly constants: readonly Constant[];
  /** The pallet's `Origin` type, when it has one (a variant of the runtime's OriginCaller). */
  readonly origin?: TypeDef;
  readonly docs: readonly string[];
}

// ---- storage declarations -------------------------------------------------------------------------------------

export const blake2_128Concat = (type: TypeDef): StorageKey => ({ hasher: 'Blake2_128Concat', type });
export const twox64Concat = (type: TypeDef): StorageKey => ({ hasher: 'Twox64Concat', type });
export const identity = (type: TypeDef): StorageKey => ({ hasher: 'Identity', type });

export interface StorageOpts {
  /** OptionQuery: absent keys read as `None`. Without it the item is a ValueQuery. */
  readonly optional?: boolean;
  /** ValueQuery default as a JS value (see scale.ts); omitted means Rust's `Default` (zeroes, empty, first variant). */
  readonly default?: unknown;
  readonly docs?: readonly string[];
}

/** An item not yet named: the name is the key it gets in the pallet's `storage` object. */
export interface StorageSpec {
  readonly keys: readonly StorageKey[];
  readonly value: TypeDef;
  readonly opts: StorageOpts;
}

export const plain = (value: TypeDef, opts: StorageOpts = {}): StorageSpec => ({ keys: [], value, opts });

export const map = (keys: StorageKey | readonly StorageKey[], value: TypeDef, opts: StorageOpts = {}): StorageSpec =>
  ({ keys: Array.isArray(keys) ? keys : [keys as StorageKey], value, opts });

function toStorageItem(pallet: string, name: string, { keys, value, opts }: StorageSpec): StorageItem {
  const what = `${pallet}.${name}`;
  const docs = opts.docs ?? [];
  if (opts.optional) {
    if (opts.default !== undefined) throw new Error(`${what}: an Optional item has no default`);
    return { name, modifier: 'Optional', keys, value, fallback: new Uint8Array([0]), docs };
  }
  const defaultValue = opts.default !== undefined ? opts.default : zeroValue(value, what);
  return { name, modifier: 'Default', keys, value, fallback: encode(value, defaultValue, what), defaultValue, docs };
}

// ---- constants ------------------------------------------------------------------------------------------------

export interface ConstantSpec {
  readonly type: TypeDef;
  readonly value: unknown;
  readonly docs?: readonly string[];
}

export const constant = (type: TypeDef, value: unknown, docs?: readonly string[]): ConstantSpec =>
  ({ type, value, ...(docs ? { docs } : {}) });

// ---- the pallet -----------------------------------------------------------------------------------------------

/** A call: `[index]` / `index` without arguments, or `[index, { arg: Type, … }]` (argument order = encoding order). */
export type CallSpec = number | readonly [number] | readonly [number, Readonly<Record<string, TypeDef>>];

export interface PalletSpec {
  readonly name: string;
  readonly index: number;
  readonly crate: string;
  /** Instance type name for instantiable pallets (`Instance1`): adds the skipped `I` parameter to the enums. */
  readonly instance?: string;
  readonly storage?: Readonly<Record<string, StorageSpec>>;
  readonly calls?: Readonly<Record<string, CallSpec>>;
  readonly events?: Readonly<Record<string, VariantSpec>>;
  /** Error names in index order (FRAME errors are always contiguous from 0). */
  readonly errors?: readonly string[];
  readonly constants?: Readonly<Record<string, ConstantSpec>>;
  readonly origin?: TypeDef;
  readonly docs?: readonly string[];
}

export function definePallet(spec: PalletSpec): Pallet {
  const { name, index, crate } = spec;
  if (!Number.isInteger(index) || index < 0 || index > 255) throw new Error(`${name}: bad pallet index ${index}`);
  // `#[pallet::call]` etc. derive TypeInfo with `skip_type_params(T[, I])`: the params are listed, without types.
  const params: Record<string, null> = spec.instance ? { T: null, I: null } : { T: null };
  const palletEnum = (kind: string, variants: Readonly<Record<string, VariantSpec>>) =>
    enumType(`${crate}::pallet::${kind}`, variants, { params });

  return Object.freeze({
    name,
    index,
    crate,
    storagePrefix: name,
    ...(spec.storage
      ? { storage: Object.entries(spec.storage).map(([item, s]) => toStorageItem(name, item, s)) }
      : {}),
    ...(spec.calls ? { calls: palletEnum('Call', spec.calls as Record<string, VariantSpec>) } : {}),
    ...(spec.events ? { events: palletEnum('Event', spec.events) } : {}),
    ...(spec.errors ? { errors: palletEnum('Error', Object.fromEntries(spec.errors.map((e, i) => [e, i]))) } : {}),
    constants: Object.entries(spec.constants ?? {}).map(([cname, c]) => ({
      name: cname,
      type: c.type,
      value: encode(c.type, c.value, `${name}.${cname}`),
      docs: c.docs ?? [],
    })),
    ...(spec.origin ? { origin: spec.origin } : {}),
    docs: spec.docs ?? [],
  });
}

// ---- lookups the runtime will use -----------------------------------------------------------------------------

export function storageItem(pallet: Pallet, name: string): StorageItem {
  const item = pallet.storage?.find((s) => s.name === name);
  if (!item) throw new Error(`${pallet.name} has no storage item ${name}`);
  return item;
}

function variantIndex(pallet: Pallet, enumType: VariantType | undefined, kind: string, name: string): number {
  const v = enumType?.variants.find((x) => x.name === name);
  if (!v) throw new Error(`${pallet.name} has no ${kind} ${name}`);
  return v.index;
}

export const callIndex = (p: Pallet, name: string): number => variantIndex(p, p.calls, 'call', name);
export const eventIndex = (p: Pallet, name: string): number => variantIndex(p, p.events, 'event', name);
export const errorIndex = (p: Pallet, name: string): number => variantIndex(p, p.errors, 'error', name);
