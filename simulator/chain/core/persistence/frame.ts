// Record framing for the append-only log: [u32 payload length][u32 CRC-32 of the payload][payload], little-endian.
// A kill -9 or power loss can leave the last record half written; reading stops at the first frame that is cut short
// or whose checksum does not match, and everything from there on is treated as never written.
import { crc32 } from 'node:zlib';

const HEADER = 8;
/** No record comes near this; a larger length field is garbage, not a record to wait for. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32(payload), true);
  out.set(payload, HEADER);
  return out;
}

export interface Unframed {
  readonly payloads: Uint8Array[];
  /** Bytes up to the end of the last good frame: where the file should be cut. */
  readonly validLength: number;
  /** Why reading stopped before the end of the data (undefined: it all parsed). */
  readonly problem?: 'torn' | 'checksum' | 'length';
}

export function unframe(data: Uint8Array): Unframed {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const payloads: Uint8Array[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (data.length - pos < HEADER) return { payloads, validLength: pos, problem: 'torn' };
    const length = view.getUint32(pos, true);
    if (length > MAX_RECORD_BYTES) return { payloads, validLength: pos, problem: 'length' };
    if (data.length - pos - HEADER < length) return { payloads, validLength: pos, problem: 'torn' };
    const payload = data.subarray(pos + HEADER, pos + HEADER + length);
    if (crc32(payload) !== view.getUint32(pos + 4, true)) return { payloads, validLength: pos, problem: 'checksum' };
    payloads.push(payload);
    pos += HEADER + length;
  }
  return { payloads, validLength: pos };
}
