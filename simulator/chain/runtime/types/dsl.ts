// A small DSL that describes SCALE types the way Rust's scale-info describes them: a definition (primitive,
// composite, variant, sequence, …) plus, for nominal types, the Rust path and the generic parameters.
//
// Type identity is object identity: the metadata builder gives one registry id per TypeDef object, so a
// declared struct used in several places is one type, as in the real runtime. The anonymous structural
// constructors (compact, vec, array, tuple) and the std generics (Option, Result, BoundedVec, …) are
// memoised, so `option(u32)` written in two pallets is the same object and therefore the same id.

export type PrimitiveName =
  | 'bool' | 'char' | 'str'
  | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256'
  | 'i8' | 'i16' | 'i32' | 'i64' | 'i128' | 'i256';

/** Types that only the runtime as a whole knows; pallets point at them and the metadata builder resolves them. */
export type OuterName = 'RuntimeCall' | 'RuntimeEvent' | 'OriginCaller';

export interface Field {
  readonly name?: string;
  readonly type: TypeDef;
  readonly typeName?: string;
  readonly docs?: readonly string[];
}

export interface Variant {
  readonly name: string;
  readonly index: number;
  readonly fields: readonly Field[];
  readonly docs?: readonly string[];
}

/** A generic parameter; `type` is absent for parameters Rust skips (`#[scale_info(skip_type_params(T))]`). */
export interface TypeParam {
  readonly name: string;
  readonly type?: TypeDef;
}

export interface PrimitiveType { readonly kind: 'primitive'; readonly primitive: PrimitiveName }
export interface CompactType { readonly kind: 'compact'; readonly inner: TypeDef }
export interface SequenceType { readonly kind: 'sequence'; readonly inner: TypeDef }
export interface ArrayType { readonly kind: 'array'; readonly inner: TypeDef; readonly len: number }
export interface TupleType { readonly kind: 'tuple'; readonly items: readonly TypeDef[] }
export interface CompositeType {
  readonly kind: 'composite';
  readonly path: readonly string[];
  readonly params: readonly TypeParam[];
  readonly fields: readonly Field[];
  readonly docs?: readonly string[];
}
export interface VariantType {
  readonly kind: 'variant';
  readonly path: readonly string[];
  readonly params: readonly TypeParam[];
  readonly variants: readonly Variant[];
  readonly docs?: readonly string[];
}
export interface OuterType { readonly kind: 'outer'; readonly name: OuterName }

export type TypeDef =
  | PrimitiveType | CompactType | SequenceType | ArrayType | TupleType | CompositeType | VariantType | OuterType;

const KINDS = new Set(['primitive', 'compact', 'sequence', 'array', 'tuple', 'composite', 'variant', 'outer']);

export function isTypeDef(x: unknown): x is TypeDef {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string'
    && KINDS.has((x as { kind: string }).kind);
}

// ---- identity and memoisation --------------------------------------------------------------------------------

const uids = new WeakMap<object, number>();
let nextUid = 0;
function uid(t: TypeDef): number {
  let id = uids.get(t);
  if (id === undefined) uids.set(t, (id = nextUid++));
  return id;
}

const memo = new Map<string, TypeDef>();
function memoised<T extends TypeDef>(key: string, make: () => T): T {
  const known = memo.get(key);
  if (known) return known as T;
  const made: T = Object.freeze(make()) as T;
  memo.set(key, made);
  return made;
}

// ---- primitives -----------------------------------------------------------------------------------------------

const prim = (primitive: PrimitiveName): PrimitiveType => Object.freeze({ kind: 'primitive', primitive });
export const bool = prim('bool');
export const char = prim('char');
export const str = prim('str');
export const u8 = prim('u8');
export const u16 = prim('u16');
export const u32 = prim('u32');
export const u64 = prim('u64');
export const u128 = prim('u128');
export const u256 = prim('u256');
export const i8 = prim('i8');
export const i16 = prim('i16');
export const i32 = prim('i32');
export const i64 = prim('i64');
export const i128 = prim('i128');
export const i256 = prim('i256');

// ---- structural types -----------------------------------------------------------------------------------------

export const compact = (inner: TypeDef): CompactType =>
  memoised(`compact:${uid(inner)}`, () => ({ kind: 'compact', inner }));
export const vec = (inner: TypeDef): SequenceType =>
  memoised(`vec:${uid(inner)}`, () => ({ kind: 'sequence', inner }));
export const array = (inner: TypeDef, len: number): ArrayType =>
  memoised(`array:${uid(inner)}:${len}`, () => ({ kind: 'array', inner, len }));
export const tuple = (...items: TypeDef[]): TupleType =>
  memoised(`tuple:${items.map(uid).join(',')}`, () => ({ kind: 'tuple', items: Object.freeze([...items]) }));

/** `()`: the empty tuple. */
export const unit = tuple();
/** `Vec<u8>`. */
export const bytes = vec(u8);

export const outer = (name: OuterName): OuterType => memoised(`outer:${name}`, () => ({ kind: 'outer', name }));

// ---- nominal types --------------------------------------------------------------------------------------------

export interface NominalOpts {
  /** Generic parameters in declaration order; `null` marks a parameter that scale-info skips. */
  readonly params?: Readonly<Record<string, TypeDef | null>>;
  readonly docs?: readonly string[];
}

const splitPath = (path: string): string[] => (path === '' ? [] : path.split('::'));

function toParams(params: NominalOpts['params']): TypeParam[] {
  return Object.entries(params ?? {}).map(([name, type]) => (type ? { name, type } : { name }));
}

/** A struct with named fields (object key order is field order, which is encoding order). */
export function struct(path: string, fields: Readonly<Record<string, TypeDef>>, opts: NominalOpts = {}): CompositeType {
  return Object.freeze({
    kind: 'composite',
    path: splitPath(path),
    params: toParams(opts.params),
    fields: Object.entries(fields).map(([name, type]) => ({ name, type })),
    ...(opts.docs ? { docs: opts.docs } : {}),
  });
}

/** A tuple struct (`struct X(A, B)`); fields are unnamed. */
export function tupleStruct(path: string, items: readonly TypeDef[], opts: NominalOpts = {}): CompositeType {
  return Object.freeze({
    kind: 'composite',
    path: splitPath(path),
    params: toParams(opts.params),
    fields: items.map((type) => ({ type })),
    ...(opts.docs ? { docs: opts.docs } : {}),
  });
}

/** A newtype (`struct X(Inner)`). */
export const newtype = (path: string, inner: TypeDef, opts: NominalOpts = {}): CompositeType =>
  tupleStruct(path, [inner], opts);

/**
 * How a variant is written: `Name: 3` (no fields), `Name: [3, A, B]` (unnamed fields) or
 * `Name: [3, { a: A, b: B }]` (named fields). Indices are explicit because TFChain has gaps.
 */
export type VariantSpec =
  | number
  | readonly [number, ...TypeDef[]]
  | readonly [number, Readonly<Record<string, TypeDef>>];

export function toVariant(name: string, spec: VariantSpec): Variant {
  if (typeof spec === 'number') return { name, index: spec, fields: [] };
  const [index, ...rest] = spec;
  const first = rest[0];
  if (rest.length === 1 && first !== undefined && !isTypeDef(first)) {
    return { name, index, fields: Object.entries(first).map(([n, type]) => ({ name: n, type })) };
  }
  return { name, index, fields: (rest as TypeDef[]).map((type) => ({ type })) };
}

export function enumType(path: string, variants: Readonly<Record<string, VariantSpec>>, opts: NominalOpts = {}): VariantType {
  const list = Object.entries(variants).map(([name, spec]) => toVariant(name, spec));
  const seen = new Set<number>();
  for (const v of list) {
    if (seen.has(v.index)) throw new Error(`${path}: variant index ${v.index} used twice`);
    seen.add(v.index);
  }
  return Object.freeze({
    kind: 'variant',
    path: splitPath(path),
    params: toParams(opts.params),
    variants: list,
    ...(opts.docs ? { docs: opts.docs } : {}),
  });
}

// ---- generic types ---------------------------------------------------------------------------------------------

/**
 * Turns a constructor of a generic Rust type into one memoised per type argument, so that each instantiation
 * (`Option<u32>`, `PerDispatchClass<Weight>`, …) is a single type, as in scale-info's registry.
 */
export function generic<A extends TypeDef[], R extends TypeDef>(name: string, make: (...args: A) => R): (...args: A) => R {
  return (...args: A) => memoised(`${name}<${args.map(uid).join(',')}>`, () => make(...args));
}

export const option = generic('Option', (t: TypeDef) =>
  enumType('Option', { None: 0, Some: [1, t] }, { params: { T: t } }));

export const result = generic('Result', (ok: TypeDef, err: TypeDef) =>
  enumType('Result', { Ok: [0, ok], Err: [1, err] }, { params: { T: ok, E: err } }));

/** `BoundedVec<T, S>`: encodes like `Vec<T>`; the bound `S` is a skipped parameter. */
export const boundedVec = generic('BoundedVec', (t: TypeDef) =>
  newtype('bounded_collections::bounded_vec::BoundedVec', vec(t), { params: { T: t, S: null } }));

export const weakBoundedVec = generic('WeakBoundedVec', (t: TypeDef) =>
  newtype('bounded_collections::weak_bounded_vec::WeakBoundedVec', vec(t), { params: { T: t, S: null } }));

export const btreeMap = generic('BTreeMap', (k: TypeDef, v: TypeDef) =>
  newtype('BTreeMap', vec(tuple(k, v)), { params: { K: k, V: v } }));

export const cow = generic('Cow', (t: TypeDef) => newtype('Cow', t, { params: { T: t } }));

/** `Box<T>` is transparent in scale-info. */
export const box = (t: TypeDef): TypeDef => t;

/** A bounded byte string (`BoundedVec<u8, S>`); encodes like `Vec<u8>`. */
export const boundedBytes = boundedVec(u8);
