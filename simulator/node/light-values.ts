/**
 * Values as polkadot-js shapes them, over the runtime declarations: the node agent reads storage and event data in
 * the form `codec.toPrimitive()` gives (camelCase fields, numbers up to 52 bits and decimal strings beyond, SS58
 * addresses, printable bytes as text and others as hex, `'Up'` for a field-less enum and `{ down: 5 }` otherwise) and
 * passes call arguments as it would to `api.tx` (SS58 addresses, text or hex for bytes, camelCase fields). The light
 * chain client (light-chain.ts) converts between those and the declarations' own value conventions
 * (simulator/chain/runtime/scale.ts) so that the agent runs unchanged on either client;
 * test/integration/node/light-chain.test.ts compares both clients' answers on a live chain.
 */
import { hexToU8a, isAscii, isHex, stringCamelCase, u8aToHex, u8aToString } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { OuterTypes } from '../chain/runtime/scale';
import { isOption } from '../chain/runtime/scale';
import type { Field, TypeDef, Variant, VariantType } from '../chain/runtime/types/dsl';

const MAX_NUMBER_BITS = 52;
const ACCOUNT_PATHS = new Set(['sp_core::crypto::AccountId32']);
const MULTI_ADDRESS = 'sp_runtime::multiaddress::MultiAddress';

const pathOf = (t: TypeDef): string => (t.kind === 'composite' || t.kind === 'variant' ? t.path.join('::') : '');
const isU8 = (t: TypeDef): boolean => t.kind === 'primitive' && t.primitive === 'u8';
const resolve = (t: TypeDef, outer: OuterTypes): TypeDef => (t.kind === 'outer' ? outer[t.name] : t);

/** A declared value in the shape `toPrimitive()` gives for the same bytes. */
export function toPrimitive(type: TypeDef, value: unknown, outer: OuterTypes, ss58: number): unknown {
  const t = resolve(type, outer);
  switch (t.kind) {
    case 'primitive':
      if (typeof value === 'bigint' || typeof value === 'number') return intPrimitive(BigInt(value));
      return value;
    case 'compact':
      return value === null ? null : intPrimitive(BigInt(value as number | bigint));
    case 'sequence':
    case 'array':
      if (isU8(t.inner)) return bytesPrimitive(value as Uint8Array);
      return (value as unknown[]).map((v) => toPrimitive(t.inner, v, outer, ss58));
    case 'tuple':
      return t.items.length === 0 ? null : (value as unknown[]).map((v, i) => toPrimitive(t.items[i]!, v, outer, ss58));
    case 'composite':
      if (ACCOUNT_PATHS.has(pathOf(t))) return encodeAddress(value as Uint8Array, ss58);
      return fieldsPrimitive(t.fields, value, outer, ss58);
    case 'variant': {
      if (isOption(t)) return value === null ? null : toPrimitive(t.variants[1]!.fields[0]!.type, value, outer, ss58);
      const basic = t.variants.every((v) => v.fields.length === 0);
      if (typeof value === 'string') return basic ? value : { [stringCamelCase(value)]: null };
      const [name, payload] = Object.entries(value as Record<string, unknown>)[0]!;
      const variant = t.variants.find((v) => v.name === name)!;
      return { [stringCamelCase(name)]: fieldsPrimitive(variant.fields, payload, outer, ss58) };
    }
    case 'outer':
      return value;
  }
}

/** The fields of a struct or variant as one value: an object (named), the inner value (one unnamed), an array. */
function fieldsPrimitive(fields: readonly Field[], value: unknown, outer: OuterTypes, ss58: number): unknown {
  if (fields.length === 0) return null;
  if (fields.every((f) => f.name !== undefined)) {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(fields.map((f) => [stringCamelCase(f.name!), toPrimitive(f.type, obj[f.name!], outer, ss58)]));
  }
  if (fields.length === 1) return toPrimitive(fields[0]!.type, value, outer, ss58);
  return (value as unknown[]).map((v, i) => toPrimitive(fields[i]!.type, v, outer, ss58));
}

/** An event's or call's fields as polkadot-js lists them (`event.data`, `method.args`): one value per field. */
export function fieldList(fields: readonly Field[], value: unknown, outer: OuterTypes, ss58: number): unknown[] {
  if (fields.length === 0) return [];
  if (fields.every((f) => f.name !== undefined)) {
    const obj = value as Record<string, unknown>;
    return fields.map((f) => toPrimitive(f.type, obj[f.name!], outer, ss58));
  }
  if (fields.length === 1) return [toPrimitive(fields[0]!.type, value, outer, ss58)];
  return (value as unknown[]).map((v, i) => toPrimitive(fields[i]!.type, v, outer, ss58));
}

function intPrimitive(n: bigint): number | string {
  const bits = n < 0n ? (-n).toString(2).length : n.toString(2).length;
  return bits > MAX_NUMBER_BITS ? n.toString() : Number(n);
}

function bytesPrimitive(bytes: Uint8Array): string {
  if (isAscii(bytes)) {
    const text = u8aToString(bytes);
    if (isAscii(text)) return text;
  }
  return u8aToHex(bytes);
}

/** A value given as polkadot-js takes it (`api.tx.x.y(...args)`, storage keys) as the declarations encode it. */
export function fromInput(type: TypeDef, input: unknown, outer: OuterTypes, what: string): unknown {
  const t = resolve(type, outer);
  switch (t.kind) {
    case 'primitive':
      if (t.primitive === 'bool' || t.primitive === 'str') return input;
      return toInteger(input, what);
    case 'compact':
      return t.inner.kind === 'tuple' ? null : toInteger(input, what);
    case 'sequence':
    case 'array':
      if (isU8(t.inner)) return toBytes(input, what);
      if (!Array.isArray(input)) throw new Error(`${what}: expected an array`);
      return input.map((v, i) => fromInput(t.inner, v, outer, `${what}[${i}]`));
    case 'tuple':
      if (t.items.length === 0) return null;
      if (!Array.isArray(input)) throw new Error(`${what}: expected a tuple`);
      return input.map((v, i) => fromInput(t.items[i]!, v, outer, `${what}.${i}`));
    case 'composite':
      if (ACCOUNT_PATHS.has(pathOf(t))) return toAccount(input, what);
      return fieldsInput(t.fields, input, outer, what);
    case 'variant': {
      if (isOption(t)) return input === null || input === undefined ? null : fromInput(t.variants[1]!.fields[0]!.type, input, outer, what);
      if (pathOf(t) === MULTI_ADDRESS && (typeof input === 'string' || input instanceof Uint8Array)) return { Id: toAccount(input, what) };
      return variantInput(t, input, outer, what);
    }
    case 'outer':
      return input;
  }
}

function fieldsInput(fields: readonly Field[], input: unknown, outer: OuterTypes, what: string): unknown {
  if (fields.length === 0) return {};
  if (fields.every((f) => f.name !== undefined)) {
    if (typeof input !== 'object' || input === null) throw new Error(`${what}: expected an object`);
    const given = input as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const key = f.name! in given ? f.name! : stringCamelCase(f.name!);
      out[f.name!] = fromInput(f.type, given[key], outer, `${what}.${key}`);
    }
    return out;
  }
  if (fields.length === 1) return fromInput(fields[0]!.type, input, outer, what);
  if (!Array.isArray(input)) throw new Error(`${what}: expected ${fields.length} values`);
  return input.map((v, i) => fromInput(fields[i]!.type, v, outer, `${what}.${i}`));
}

function variantInput(t: VariantType, input: unknown, outer: OuterTypes, what: string): unknown {
  const find = (name: string): Variant => {
    const wanted = name.toLowerCase();
    const v = t.variants.find((x) => x.name.toLowerCase() === wanted || stringCamelCase(x.name).toLowerCase() === wanted);
    if (!v) throw new Error(`${what}: ${pathOf(t)} has no variant ${name}`);
    return v;
  };
  if (typeof input === 'string') {
    const v = find(input);
    return v.fields.length === 0 ? v.name : { [v.name]: fieldsInput(v.fields, null, outer, what) };
  }
  if (typeof input !== 'object' || input === null || Object.keys(input).length !== 1) throw new Error(`${what}: expected 'Variant' or { variant: value }`);
  const [name, payload] = Object.entries(input as Record<string, unknown>)[0]!;
  const v = find(name);
  return v.fields.length === 0 ? v.name : { [v.name]: fieldsInput(v.fields, payload, outer, `${what}.${name}`) };
}

function toInteger(input: unknown, what: string): number | bigint {
  if (typeof input === 'number' || typeof input === 'bigint') return input;
  if (typeof input === 'string' && /^-?\d+$/.test(input)) return BigInt(input);
  if (typeof input === 'string' && isHex(input)) return BigInt(input);
  if (typeof input === 'boolean') return input ? 1 : 0;
  throw new Error(`${what}: expected an integer, got ${String(input)}`);
}

function toBytes(input: unknown, what: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string') return isHex(input) ? hexToU8a(input) : new TextEncoder().encode(input);
  if (Array.isArray(input)) return Uint8Array.from(input as number[]);
  throw new Error(`${what}: expected bytes, got ${typeof input}`);
}

function toAccount(input: unknown, what: string): Uint8Array {
  if (input instanceof Uint8Array && input.length === 32) return input;
  if (typeof input === 'string') {
    try {
      return isHex(input) ? hexToU8a(input) : decodeAddress(input);
    } catch (error) {
      throw new Error(`${what}: not an address: ${(error as Error).message}`);
    }
  }
  throw new Error(`${what}: expected an address`);
}
