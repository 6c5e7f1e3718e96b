// SCALE decoding into plain JS values against a declared TypeDef: the inverse of scale.ts, with its conventions, so
// what the runtime reads from storage or a call has the shape it writes (field names as declared, snake_case).
//
// Value shapes (as scale.ts accepts them):
//   u8/u16/u32, i8/i16/i32, char  number            u64 and wider   bigint (compacts follow their inner type)
//   bool / str                    boolean / string  Vec<u8>, [u8;N] Uint8Array (a view into the input: copy to keep)
//   Vec<T>, [T;N], tuples         arrays            ()              null
//   structs                       object by field name; a newtype is its inner value; a tuple struct an array
//   enums                         'Name' without fields, { Name: payload } with (payload shaped like a struct)
//   Option<T>                     null or the value
import type { OuterTypes } from './scale';
import { isOption } from './scale';
import type { Field, PrimitiveName, TypeDef, Variant, VariantType } from './types/dsl';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ScaleDecodeError extends Error {
  override readonly name = 'ScaleDecodeError';
}

/** A cursor over bytes; decoders advance `offset`. */
export class Reader {
  offset: number;
  constructor(readonly bytes: Uint8Array, offset = 0) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  take(n: number): Uint8Array {
    if (n > this.remaining) throw new ScaleDecodeError(`need ${n} bytes at offset ${this.offset}, have ${this.remaining}`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  byte(): number {
    if (this.remaining < 1) throw new ScaleDecodeError(`need 1 byte at offset ${this.offset}`);
    return this.bytes[this.offset++]!;
  }

  /** A SCALE compact integer, as a bigint. */
  compact(): bigint {
    const first = this.byte();
    switch (first & 3) {
      case 0:
        return BigInt(first >> 2);
      case 1:
        return BigInt((first | (this.byte() << 8)) >> 2);
      case 2: {
        const b = this.take(3);
        return BigInt(((first | (b[0]! << 8) | (b[1]! << 16) | (b[2]! << 24)) >>> 0) >>> 2);
      }
      default: {
        const len = (first >> 2) + 4;
        const b = this.take(len);
        let n = 0n;
        for (let i = len - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
        return n;
      }
    }
  }

  /** A compact that must fit a JS number (lengths, u32 values). */
  compactNumber(): number {
    const n = this.compact();
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ScaleDecodeError(`compact ${n} is too large here`);
    return Number(n);
  }
}

const INT: Partial<Record<PrimitiveName, [bytes: number, signed: boolean]>> = {
  u8: [1, false], u16: [2, false], u32: [4, false], u64: [8, false], u128: [16, false], u256: [32, false],
  i8: [1, true], i16: [2, true], i32: [4, true], i64: [8, true], i128: [16, true], i256: [32, true],
  char: [4, false],
};

function readInt(r: Reader, bytes: number, signed: boolean): number | bigint {
  const b = r.take(bytes);
  if (bytes <= 4) {
    let n = 0;
    for (let i = bytes - 1; i >= 0; i--) n = n * 256 + b[i]!;
    if (signed && n >= 2 ** (bytes * 8 - 1)) n -= 2 ** (bytes * 8);
    return n;
  }
  let n = 0n;
  for (let i = bytes - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  if (signed && n >= 1n << BigInt(bytes * 8 - 1)) n -= 1n << BigInt(bytes * 8);
  return n;
}

const isU8 = (t: TypeDef): boolean => t.kind === 'primitive' && t.primitive === 'u8';

/** The widest primitive under a compact decides whether it decodes to a number or a bigint. */
function compactIsNumber(inner: TypeDef): boolean {
  if (inner.kind === 'primitive') return ['u8', 'u16', 'u32'].includes(inner.primitive);
  if (inner.kind === 'composite' && inner.fields.length === 1) return compactIsNumber(inner.fields[0]!.type);
  return false;
}

const variantsByIndex = new WeakMap<VariantType, Map<number, Variant>>();
function variantAt(t: VariantType, index: number): Variant | undefined {
  let byIndex = variantsByIndex.get(t);
  if (!byIndex) {
    byIndex = new Map(t.variants.map((v) => [v.index, v]));
    variantsByIndex.set(t, byIndex);
  }
  return byIndex.get(index);
}

function readFields(r: Reader, fields: readonly Field[], outer?: OuterTypes): unknown {
  if (fields.length === 0) return {};
  if (fields.every((f) => f.name !== undefined)) {
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f.name!] = read(r, f.type, outer);
    return out;
  }
  if (fields.length === 1) return read(r, fields[0]!.type, outer);
  return fields.map((f) => read(r, f.type, outer));
}

/** Reads one `type` at the reader's position. */
export function read(r: Reader, type: TypeDef, outer?: OuterTypes): unknown {
  switch (type.kind) {
    case 'primitive': {
      if (type.primitive === 'bool') {
        const b = r.byte();
        if (b > 1) throw new ScaleDecodeError(`invalid bool byte ${b}`);
        return b === 1;
      }
      if (type.primitive === 'str') return utf8.decode(r.take(r.compactNumber()));
      const [bytes, signed] = INT[type.primitive]!;
      return readInt(r, bytes, signed);
    }
    case 'compact': {
      if (type.inner.kind === 'tuple' && type.inner.items.length === 0) return null;
      const n = r.compact();
      return compactIsNumber(type.inner) ? Number(n) : n;
    }
    case 'sequence': {
      const len = r.compactNumber();
      if (isU8(type.inner)) return r.take(len);
      // Every element takes at least a byte, except zero-sized ones: refuse lengths the input cannot hold.
      if (len > r.remaining && !(type.inner.kind === 'tuple' && type.inner.items.length === 0)) {
        throw new ScaleDecodeError(`sequence of ${len} items with ${r.remaining} bytes left`);
      }
      const out = new Array<unknown>(len);
      for (let i = 0; i < len; i++) out[i] = read(r, type.inner, outer);
      return out;
    }
    case 'array': {
      if (isU8(type.inner)) return r.take(type.len);
      const out = new Array<unknown>(type.len);
      for (let i = 0; i < type.len; i++) out[i] = read(r, type.inner, outer);
      return out;
    }
    case 'tuple':
      return type.items.length === 0 ? null : type.items.map((t) => read(r, t, outer));
    case 'composite':
      return readFields(r, type.fields, outer);
    case 'variant': {
      const index = r.byte();
      if (isOption(type)) {
        if (index === 0) return null;
        if (index === 1) return read(r, type.variants[1]!.fields[0]!.type, outer);
        throw new ScaleDecodeError(`invalid Option byte ${index}`);
      }
      const v = variantAt(type, index);
      if (!v) throw new ScaleDecodeError(`${type.path.join('::') || 'enum'} has no variant with index ${index}`);
      return v.fields.length === 0 ? v.name : { [v.name]: readFields(r, v.fields, outer) };
    }
    case 'outer':
      if (!outer) throw new ScaleDecodeError(`${type.name} can only be decoded once the runtime is assembled`);
      return read(r, outer[type.name], outer);
  }
}

/** Decodes all of `bytes` as `type`; trailing bytes are an error, as in Substrate's `decode_all`. */
export function decode(type: TypeDef, bytes: Uint8Array, outer?: OuterTypes): unknown {
  const r = new Reader(bytes);
  const value = read(r, type, outer);
  if (r.remaining !== 0) throw new ScaleDecodeError(`${r.remaining} trailing byte(s) after the value`);
  return value;
}
