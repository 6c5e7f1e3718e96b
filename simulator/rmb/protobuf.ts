/**
 * Minimal protobuf wire format (proto3): enough for the RMB envelope without a protobuf runtime dependency.
 * Integers up to 2^53 are exact; wider uint64 values lose precision (timestamps and TTLs never get there).
 */

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export class ProtoWriter {
  private chunks: number[] = [];

  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new ProtobufError(`not an unsigned integer: ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.chunks.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.chunks.push(v);
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  uint(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.varint(value.length);
    for (const b of value) this.chunks.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8Encoder.encode(value));
  }

  message(field: number, body: ProtoWriter): this {
    return this.bytes(field, body.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

export interface ProtoField {
  field: number;
  wire: number;
  /** varint value (WIRE_VARINT) */
  int: number;
  /** the field's bytes (WIRE_LEN); empty for other wire types */
  data: Uint8Array;
}

/** Iterates over the fields of one message; fixed-width fields are skipped over, groups are refused. */
export function* readFields(buf: Uint8Array): Generator<ProtoField> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new ProtobufError('truncated varint');
      const b = buf[pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw new ProtobufError('field number 0');
    switch (wire) {
      case WIRE_VARINT:
        yield { field, wire, int: varint(), data: EMPTY };
        break;
      case WIRE_LEN: {
        const len = varint();
        if (pos + len > buf.length) throw new ProtobufError(`field ${field}: length ${len} past the end`);
        const data = buf.subarray(pos, pos + len);
        pos += len;
        yield { field, wire, int: 0, data };
        break;
      }
      case WIRE_I64:
      case WIRE_I32: {
        const len = wire === WIRE_I64 ? 8 : 4;
        if (pos + len > buf.length) throw new ProtobufError(`field ${field}: truncated fixed-width value`);
        pos += len;
        yield { field, wire, int: 0, data: EMPTY };
        break;
      }
      default:
        throw new ProtobufError(`field ${field}: unsupported wire type ${wire}`);
    }
  }
}

const EMPTY = new Uint8Array(0);

export function decodeString(data: Uint8Array, what: string): string {
  try {
    return utf8Decoder.decode(data);
  } catch {
    throw new ProtobufError(`${what}: invalid UTF-8`);
  }
}
