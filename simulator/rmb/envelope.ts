/**
 * The RMB envelope (rmb-rs `proto/types.proto`), its wire codec and its signing challenge.
 * Field numbers and the challenge order are in shared/spec/grid-services.md §2.3–2.4.
 */
import { createHash } from 'node:crypto';
import { signPrefixed, verifyPrefixed, type RmbIdentity } from './identity';
import { ProtoWriter, ProtobufError, WIRE_LEN, WIRE_VARINT, decodeString, readFields, type ProtoField } from './protobuf';

export interface RmbAddress {
  twin: number;
  /** the peer's session id (JWT `sid`); absent for sid-less peers such as Zero-OS */
  connection?: string;
}

/** The `message` oneof. */
export type RmbMessage =
  | { kind: 'request'; command: string }
  | { kind: 'response' }
  | { kind: 'error'; code: number; message: string }
  | { kind: 'ping' }
  | { kind: 'pong' };

/** The `payload` oneof. */
export type RmbPayload = { kind: 'plain'; data: Uint8Array } | { kind: 'cipher'; data: Uint8Array };

export interface Envelope {
  uid: string;
  tags?: string;
  /** unix seconds */
  timestamp: number;
  /** seconds after `timestamp` */
  expiration: number;
  source?: RmbAddress;
  destination?: RmbAddress;
  message?: RmbMessage;
  signature?: Uint8Array;
  schema?: string;
  federation?: string;
  payload?: RmbPayload;
  relays: string[];
}

export const JSON_SCHEMA = 'application/json';

const F = {
  uid: 1, tags: 2, timestamp: 3, expiration: 4, source: 5, destination: 6, request: 7, response: 8,
  signature: 9, schema: 10, federation: 11, error: 12, plain: 13, cipher: 14, ping: 15, pong: 16, relays: 17,
} as const;

function addressWriter(a: RmbAddress): ProtoWriter {
  const w = new ProtoWriter();
  if (a.twin) w.uint(1, a.twin);
  if (a.connection !== undefined) w.string(2, a.connection);
  return w;
}

export function encodeEnvelope(env: Envelope): Uint8Array {
  const w = new ProtoWriter();
  // proto3 scalars at their default value are not written; optional fields are written whenever present.
  if (env.uid) w.string(F.uid, env.uid);
  if (env.tags !== undefined) w.string(F.tags, env.tags);
  if (env.timestamp) w.uint(F.timestamp, env.timestamp);
  if (env.expiration) w.uint(F.expiration, env.expiration);
  if (env.source) w.message(F.source, addressWriter(env.source));
  if (env.destination) w.message(F.destination, addressWriter(env.destination));
  const m = env.message;
  if (m?.kind === 'request') w.message(F.request, m.command ? new ProtoWriter().string(1, m.command) : new ProtoWriter());
  if (m?.kind === 'response') w.message(F.response, new ProtoWriter());
  if (m?.kind === 'error') {
    const e = new ProtoWriter();
    if (m.code) e.uint(1, m.code);
    if (m.message) e.string(2, m.message);
    w.message(F.error, e);
  }
  if (m?.kind === 'ping') w.message(F.ping, new ProtoWriter());
  if (m?.kind === 'pong') w.message(F.pong, new ProtoWriter());
  if (env.signature !== undefined) w.bytes(F.signature, env.signature);
  if (env.schema !== undefined) w.string(F.schema, env.schema);
  if (env.federation !== undefined) w.string(F.federation, env.federation);
  if (env.payload) w.bytes(env.payload.kind === 'plain' ? F.plain : F.cipher, env.payload.data);
  for (const r of env.relays) w.string(F.relays, r);
  return w.finish();
}

function expectWire(f: ProtoField, wire: number, name: string): void {
  if (f.wire !== wire) throw new ProtobufError(`${name} (field ${f.field}): wire type ${f.wire}, expected ${wire}`);
}

function decodeAddress(data: Uint8Array, name: string): RmbAddress {
  const a: RmbAddress = { twin: 0 };
  for (const f of readFields(data)) {
    if (f.field === 1) {
      expectWire(f, WIRE_VARINT, `${name}.twin`);
      a.twin = f.int;
    } else if (f.field === 2) {
      expectWire(f, WIRE_LEN, `${name}.connection`);
      a.connection = decodeString(f.data, `${name}.connection`);
    }
  }
  return a;
}

function decodeMessage(f: ProtoField): RmbMessage {
  expectWire(f, WIRE_LEN, 'message');
  switch (f.field) {
    case F.request: {
      let command = '';
      for (const g of readFields(f.data)) {
        if (g.field === 1) {
          expectWire(g, WIRE_LEN, 'request.command');
          command = decodeString(g.data, 'request.command');
        }
      }
      return { kind: 'request', command };
    }
    case F.error: {
      const e = { kind: 'error' as const, code: 0, message: '' };
      for (const g of readFields(f.data)) {
        if (g.field === 1) {
          expectWire(g, WIRE_VARINT, 'error.code');
          e.code = g.int;
        } else if (g.field === 2) {
          expectWire(g, WIRE_LEN, 'error.message');
          e.message = decodeString(g.data, 'error.message');
        }
      }
      return e;
    }
    case F.response:
      return { kind: 'response' };
    case F.ping:
      return { kind: 'ping' };
    default:
      return { kind: 'pong' };
  }
}

/** Decodes an envelope; throws ProtobufError on malformed input. Unknown fields are skipped; in a oneof the last wins. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  const env: Envelope = { uid: '', timestamp: 0, expiration: 0, relays: [] };
  for (const f of readFields(bytes)) {
    switch (f.field) {
      case F.uid: expectWire(f, WIRE_LEN, 'uid'); env.uid = decodeString(f.data, 'uid'); break;
      case F.tags: expectWire(f, WIRE_LEN, 'tags'); env.tags = decodeString(f.data, 'tags'); break;
      case F.timestamp: expectWire(f, WIRE_VARINT, 'timestamp'); env.timestamp = f.int; break;
      case F.expiration: expectWire(f, WIRE_VARINT, 'expiration'); env.expiration = f.int; break;
      case F.source: expectWire(f, WIRE_LEN, 'source'); env.source = decodeAddress(f.data, 'source'); break;
      case F.destination:
        expectWire(f, WIRE_LEN, 'destination');
        env.destination = decodeAddress(f.data, 'destination');
        break;
      case F.request: case F.response: case F.error: case F.ping: case F.pong:
        env.message = decodeMessage(f);
        break;
      case F.signature: expectWire(f, WIRE_LEN, 'signature'); env.signature = f.data.slice(); break;
      case F.schema: expectWire(f, WIRE_LEN, 'schema'); env.schema = decodeString(f.data, 'schema'); break;
      case F.federation: expectWire(f, WIRE_LEN, 'federation'); env.federation = decodeString(f.data, 'federation'); break;
      case F.plain: expectWire(f, WIRE_LEN, 'plain'); env.payload = { kind: 'plain', data: f.data.slice() }; break;
      case F.cipher: expectWire(f, WIRE_LEN, 'cipher'); env.payload = { kind: 'cipher', data: f.data.slice() }; break;
      case F.relays: expectWire(f, WIRE_LEN, 'relays'); env.relays.push(decodeString(f.data, 'relays')); break;
      default: break;
    }
  }
  return env;
}

/**
 * The 16-byte md5 digest an envelope's signature covers (rmb-rs `Challengeable`, JS `ClientEnvelope.challenge`).
 * The signature field itself is not part of it.
 */
export function envelopeChallenge(env: Envelope): Uint8Array {
  const h = createHash('md5');
  const address = (a: RmbAddress | undefined): string => `${a?.twin ?? 0}${a?.connection ?? ''}`;
  h.update(env.uid);
  if (env.tags) h.update(env.tags);
  h.update(`${env.timestamp}`);
  h.update(`${env.expiration}`);
  h.update(address(env.source));
  h.update(address(env.destination));
  const m = env.message;
  if (m?.kind === 'request') h.update(m.command);
  else if (m?.kind === 'error') h.update(`${m.code}${m.message}`);
  if (env.schema) h.update(env.schema);
  if (env.federation) h.update(env.federation);
  if (env.payload) h.update(env.payload.data);
  for (const r of env.relays) h.update(r);
  return new Uint8Array(h.digest());
}

/** The JSON body of a plain payload; `undefined` when there is none. Throws SyntaxError on bad JSON. */
export function plainJson(env: Envelope): unknown {
  if (!env.payload || env.payload.kind !== 'plain' || env.payload.data.length === 0) return undefined;
  return JSON.parse(new TextDecoder().decode(env.payload.data));
}

/** A plain payload holding `value` as JSON (`null` for undefined); throws when `value` has no JSON form. */
export function jsonPayload(value: unknown): RmbPayload {
  const text = JSON.stringify(value ?? null) as string | undefined;
  if (text === undefined) throw new TypeError(`a ${typeof value} has no JSON form`);
  return { kind: 'plain', data: new TextEncoder().encode(text) };
}

/** Sets the envelope's signature: the source twin's prefixed signature of the challenge. */
export function signEnvelope(env: Envelope, identity: RmbIdentity): Envelope {
  env.signature = signPrefixed(identity, envelopeChallenge(env));
  return env;
}

/** Whether the envelope carries a valid signature by the account `accountId` (the source twin's). */
export function verifyEnvelopeSignature(env: Envelope, accountId: Uint8Array): boolean {
  return env.signature !== undefined && verifyPrefixed(envelopeChallenge(env), env.signature, accountId);
}
