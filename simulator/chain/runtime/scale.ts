// SCALE encoding of plain JS values against a declared TypeDef. The declarations need it for storage defaults
// and constant values (metadata bytes), and the runtime will need it for storage keys; it is deliberately
// independent of @polkadot/types so that a pallet module can be evaluated without building a registry first.
//
// Value conventions:
//   integers           number | bigint (range-checked)
//   bool / str         boolean / string (UTF-8)
//   Vec<u8>, [u8; N]   Uint8Array (or number[]); a string is taken as UTF-8 text
//   Vec<T>, tuples     arrays
//   structs            object keyed by field name; tuple structs take an array, newtypes the inner value
//   enums              'Name' for a field-less variant, { Name: payload } otherwise (payload shaped like a struct)
//   Option<T>          null | undefined for None, the value itself for Some
import { compactToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import type { CompositeType, Field, OuterName, PrimitiveName, TypeDef, Variant, VariantType } from './types/dsl';

/** The runtime-level types (`RuntimeCall`, …) that `outer(…)` placeholders stand for, once the runtime is assembled. */
export type OuterTypes = Readonly<Record<OuterName, TypeDef>>;

const INT_BITS: Partial<Record<PrimitiveName, [bits: number, signed: boolean]>> = {
  u8: [8, false], u16: [16, false], u32: [32, false], u64: [64, false], u128: [128, false], u256: [256, false],
  i8: [8, true], i16: [16, true], i32: [32, true], i64: [64, true], i128: [128, true], i256: [256, true],
  char: [32, false],
};

function toBigInt(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new Error(`${what}: expected an integer, got ${String(value)}`);
}

function encodeInt(value: unknown, bits: number, signed: boolean, what: string): Uint8Array {
  let n = toBigInt(value, what);
  const max = signed ? 1n << BigInt(bits - 1) : 1n << BigInt(bits);
  const min = signed ? -max : 0n;
  if (n < min || n >= max) throw new Error(`${what}: ${n} does not fit in ${signed ? 'i' : 'u'}${bits}`);
  if (n < 0n) n += 1n << BigInt(bits);
  const out = new Uint8Array(bits / 8);
  for (let i = 0; i < out.length; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

function toBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return stringToU8a(value);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  throw new Error(`${what}: expected bytes, got ${typeof value}`);
}

const isU8 = (t: TypeDef): boolean => t.kind === 'primitive' && t.primitive === 'u8';

const label = (t: CompositeType | VariantType): string => t.path.join('::') || t.kind;

export const isOption = (t: TypeDef): boolean => t.kind === 'variant' && t.path.length === 1 && t.path[0] === 'Option';

function encodeFields(fields: readonly Field[], value: unknown, what: string, outer?: OuterTypes): Uint8Array[] {
  if (fields.length === 0) return [];
  if (fields.every((f) => f.name !== undefined)) {
    if (typeof value !== 'object' || value === null) throw new Error(`${what}: expected an object`);
    const obj = value as Record<string, unknown>;
    // Unknown keys are refused: they are almost always a misspelt field in a declaration's default.
    const unknown = Object.keys(obj).filter((k) => !fields.some((f) => f.name === k));
    if (unknown.length) throw new Error(`${what}: unknown field(s) ${unknown.join(', ')}`);
    return fields.map((f) => {
      if (!(f.name! in obj)) throw new Error(`${what}: missing field ${f.name}`);
      return encode(f.type, obj[f.name!], `${what}.${f.name}`, outer);
    });
  }
  const first = fields[0];
  if (fields.length === 1 && first) return [encode(first.type, value, what, outer)];
  if (!Array.isArray(value) || value.length !== fields.length) throw new Error(`${what}: expected ${fields.length} values`);
  return fields.map((f, i) => encode(f.type, value[i], `${what}.${i}`, outer));
}

function pickVariant(t: VariantType, value: unknown, what: string): [Variant, unknown] {
  let name: string;
  let payload: unknown;
  if (typeof value === 'string') {
    name = value;
  } else if (typeof value === 'object' && value !== null && Object.keys(value).length === 1) {
    name = Object.keys(value)[0]!;
    payload = (value as Record<string, unknown>)[name];
  } else {
    throw new Error(`${what}: expected 'Variant' or { Variant: payload }`);
  }
  const v = t.variants.find((x) => x.name === name);
  if (!v) throw new Error(`${what}: ${label(t)} has no variant ${name}`);
  return [v, payload];
}

/**
 * SCALE-encodes `value` as `type`. `what` names the value in error messages; `outer` resolves `RuntimeCall` & co.
 * (without it, values containing them cannot be encoded: the declarations alone do not know the whole runtime).
 */
export function encode(type: TypeDef, value: unknown, what = 'value', outer?: OuterTypes): Uint8Array {
  switch (type.kind) {
    case 'primitive': {
      if (type.primitive === 'bool') {
        if (typeof value !== 'boolean') throw new Error(`${what}: expected a boolean`);
        return new Uint8Array([value ? 1 : 0]);
      }
      if (type.primitive === 'str') {
        if (typeof value !== 'string') throw new Error(`${what}: expected a string`);
        const b = stringToU8a(value);
        return u8aConcat(compactToU8a(b.length), b);
      }
      const [bits, signed] = INT_BITS[type.primitive]!;
      return encodeInt(value, bits, signed, what);
    }
    case 'compact':
      // `Compact<()>` (MultiAddress::Index with AccountIndex = ()) encodes as nothing in parity-scale-codec.
      if (type.inner.kind === 'tuple' && type.inner.items.length === 0) return new Uint8Array();
      return compactToU8a(toBigInt(value, what));
    case 'sequence': {
      if (isU8(type.inner)) {
        const b = toBytes(value, what);
        return u8aConcat(compactToU8a(b.length), b);
      }
      if (!Array.isArray(value)) throw new Error(`${what}: expected an array`);
      return u8aConcat(compactToU8a(value.length), ...value.map((v, i) => encode(type.inner, v, `${what}[${i}]`, outer)));
    }
    case 'array': {
      if (isU8(type.inner)) {
        const b = toBytes(value, what);
        if (b.length !== type.len) throw new Error(`${what}: expected ${type.len} bytes, got ${b.length}`);
        return b;
      }
      if (!Array.isArray(value) || value.length !== type.len) throw new Error(`${what}: expected ${type.len} items`);
      return u8aConcat(...value.map((v, i) => encode(type.inner, v, `${what}[${i}]`, outer)));
    }
    case 'tuple': {
      if (type.items.length === 0) return new Uint8Array();
      if (!Array.isArray(value) || value.length !== type.items.length) {
        throw new Error(`${what}: expected a ${type.items.length}-tuple`);
      }
      return u8aConcat(...type.items.map((t, i) => encode(t, value[i], `${what}.${i}`, outer)));
    }
    case 'composite':
      return u8aConcat(...encodeFields(type.fields, value, what, outer));
    case 'variant': {
      if (isOption(type)) {
        const some = type.variants[1]!.fields[0]!.type;
        return value === null || value === undefined ? new Uint8Array([0]) : u8aConcat([1], encode(some, value, what, outer));
      }
      const [v, payload] = pickVariant(type, value, what);
      return u8aConcat([v.index], ...encodeFields(v.fields, payload, `${what}.${v.name}`, outer));
    }
    case 'outer':
      if (outer) return encode(outer[type.name], value, what, outer);
      throw new Error(`${what}: ${type.name} can only be encoded once the runtime is assembled`);
  }
}

function zeroFields(fields: readonly Field[], what: string): unknown {
  if (fields.length === 0) return {};
  if (fields.every((f) => f.name !== undefined)) {
    return Object.fromEntries(fields.map((f) => [f.name!, zeroValue(f.type, `${what}.${f.name}`)]));
  }
  const values = fields.map((f, i) => zeroValue(f.type, `${what}.${i}`));
  return values.length === 1 ? values[0] : values;
}

/**
 * The value Rust's `Default` gives for most types: zeroes, empty collections, `None`, and the first variant of a
 * field-less enum. Enums whose default is another variant must be given explicitly by the caller.
 */
export function zeroValue(type: TypeDef, what = 'value'): unknown {
  switch (type.kind) {
    case 'primitive':
      return type.primitive === 'bool' ? false : type.primitive === 'str' ? '' : 0;
    case 'compact':
      return 0;
    case 'sequence':
      return isU8(type.inner) ? new Uint8Array() : [];
    case 'array':
      return isU8(type.inner) ? new Uint8Array(type.len) : Array.from({ length: type.len }, () => zeroValue(type.inner, what));
    case 'tuple':
      return type.items.map((t, i) => zeroValue(t, `${what}.${i}`));
    case 'composite':
      return zeroFields(type.fields, what);
    case 'variant': {
      if (isOption(type)) return null;
      const first = type.variants[0];
      if (!first || first.fields.length > 0) throw new Error(`${what}: ${label(type)} needs an explicit default`);
      return first.name;
    }
    case 'outer':
      throw new Error(`${what}: ${type.name} has no default`);
  }
}
