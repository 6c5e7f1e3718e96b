// The envelope codec and challenge against the installed @threefold/rmb_direct_client 2.9.2: its google-protobuf
// encoder produces the golden bytes, its ClientEnvelope computes the challenge and verifies our signatures, and
// our decoder reads what it writes (and the reverse).
import { describe, expect, it } from 'vitest';
import {
  decodeEnvelope, encodeEnvelope, envelopeChallenge, signEnvelope, verifyEnvelopeSignature, type Envelope,
} from '../../../simulator/rmb/envelope';
import { ProtobufError } from '../../../simulator/rmb/protobuf';
import { rmbClientModule, testTwin } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
const pb = rmbClientModule<any>('types/lib/types');
const ClientEnvelope = rmbClientModule<any>('envelope').default;

const request: Envelope = {
  uid: '6f1c1a4e-3a55-4d3f-9f39-5b3a4a1f7d2e',
  timestamp: 1_764_000_000,
  expiration: 1200,
  source: { twin: 7, connection: 'abcdefghij' },
  destination: { twin: 9 },
  message: { kind: 'request', command: 'zos.system.version' },
  schema: 'application/json',
  payload: { kind: 'plain', data: new TextEncoder().encode('{"a":1}') },
  relays: ['relay.local', 'relay2.local'],
};

function clientEncoding(): Uint8Array {
  const env = new pb.Envelope({
    uid: request.uid,
    timestamp: request.timestamp,
    expiration: request.expiration,
    source: new pb.Address({ twin: 7, connection: 'abcdefghij' }),
    destination: new pb.Address({ twin: 9 }),
    request: new pb.Request({ command: 'zos.system.version' }),
    schema: 'application/json',
    plain: request.payload!.data,
    relays: request.relays,
  });
  return env.serializeBinary();
}

describe('envelope codec', () => {
  it('encodes a request byte for byte as rmb_direct_client does', () => {
    expect(Buffer.from(encodeEnvelope(request)).toString('hex')).toBe(Buffer.from(clientEncoding()).toString('hex'));
  });

  it('decodes what rmb_direct_client encodes, and the client decodes what we encode', () => {
    expect(decodeEnvelope(clientEncoding())).toEqual(request);
    const errorEnv: Envelope = {
      uid: 'u1', timestamp: 5, expiration: 300, destination: { twin: 3, connection: 's1' },
      message: { kind: 'error', code: 7, message: 'relay info is not set for this twin' }, relays: [],
    };
    const back = pb.Envelope.deserializeBinary(encodeEnvelope(errorEnv));
    expect(back.error.code).toBe(7);
    expect(back.error.message).toBe('relay info is not set for this twin');
    expect(back.destination.connection).toBe('s1');
    expect(back.has_source).toBe(false);
  });

  it('round-trips every message kind and both payloads', () => {
    const kinds: Envelope['message'][] = [
      { kind: 'response' }, { kind: 'ping' }, { kind: 'pong' }, { kind: 'error', code: 0, message: 'x' },
    ];
    for (const message of kinds) {
      const env: Envelope = {
        uid: 'u', tags: 't', timestamp: 2 ** 40, expiration: 1, source: { twin: 2 ** 32 - 1 }, destination: { twin: 1 },
        message, signature: new Uint8Array(65).fill(1), federation: 'f', payload: { kind: 'cipher', data: new Uint8Array([0, 255]) },
        relays: [],
      };
      expect(decodeEnvelope(encodeEnvelope(env))).toEqual(env);
    }
    const pong = pb.Envelope.deserializeBinary(encodeEnvelope({ uid: 'p', timestamp: 1, expiration: 1, message: { kind: 'pong' }, relays: [] }));
    expect(pong.has_pong).toBe(true);
  });

  it('skips unknown fields of every wire type', () => {
    const known = encodeEnvelope(request);
    // field 30 varint, field 31 fixed64, field 32 length-delimited, field 33 fixed32
    const extra = Uint8Array.from([0xf0, 0x01, 0x96, 0x01, 0xf9, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x82, 0x02, 2, 9, 9, 0x8d, 0x02, 1, 2, 3, 4]);
    expect(decodeEnvelope(Uint8Array.from([...extra, ...known]))).toEqual(request);
  });

  it('refuses truncated and malformed input with a ProtobufError', () => {
    const bytes = encodeEnvelope(request);
    for (const bad of [bytes.subarray(0, bytes.length - 3), Uint8Array.from([0x0a, 0x05, 0x61]), Uint8Array.from([0x08]),
      Uint8Array.from([0x0b]), Uint8Array.from([0x00, 0x01]), Uint8Array.from([0x08, 0x01]) /* uid as varint */]) {
      expect(() => decodeEnvelope(bad)).toThrow(ProtobufError);
    }
  });
});

describe('envelope challenge and signature', () => {
  it('computes the same md5 challenge as ClientEnvelope', () => {
    const client = new ClientEnvelope(undefined, pb.Envelope.deserializeBinary(clientEncoding()), '', undefined, new Map());
    expect(Buffer.from(envelopeChallenge(request)).toString('hex')).toBe(Buffer.from(client.challenge()).toString('hex'));
  });

  for (const type of ['sr25519', 'ed25519'] as const) {
    it(`signs ${type} envelopes that rmb_direct_client verifies, and verifies its signatures`, async () => {
      const me = await testTwin(7, '//Alice', type);
      const signed = signEnvelope({ ...request, message: { kind: 'response' } }, me.identity);
      expect(verifyEnvelopeSignature(signed, me.pair.publicKey)).toBe(true);
      const tfclient = { twins: { get: async () => ({ id: 7, accountId: me.pair.address }) } };
      const received = new ClientEnvelope(undefined, pb.Envelope.deserializeBinary(encodeEnvelope(signed)), '', tfclient, new Map());
      expect(await received.verify()).toBe(true);

      // The other direction: the client signs, we verify; a changed byte breaks it.
      const clientSigned = new ClientEnvelope(me.pair, pb.Envelope.deserializeBinary(clientEncoding()), '', tfclient, new Map());
      clientSigned.signature = clientSigned.signEnvelope();
      const ours = decodeEnvelope(clientSigned.serializeBinary());
      expect(verifyEnvelopeSignature(ours, me.pair.publicKey)).toBe(true);
      expect(verifyEnvelopeSignature({ ...ours, uid: 'other' }, me.pair.publicKey)).toBe(false);
      const bob = await testTwin(8, '//Bob', type);
      expect(verifyEnvelopeSignature(ours, bob.pair.publicKey)).toBe(false);
    });
  }
});
