// TfgridModule entities: hex-encoded ed25519 / sr25519 signatures over the pallet's messages, name and key
// uniqueness, twin proofs.
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entitySignatureValid } from '../../../simulator/chain/runtime/pallets/tfgrid-entities.impl';
import { harness, ready, text, type Harness } from './harness';

let h: Harness;
let ed: KeyringPair;
let sr: KeyringPair;
let user: KeyringPair;

/** The signature as the pallet takes it: 128 hex characters as bytes. */
const hexSig = (pair: KeyringPair, message: Uint8Array) => text(u8aToHex(pair.sign(message)).slice(2));
const u32be = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const okOf = (r: { ok: boolean; error?: unknown }) => (r.ok ? 'ok' : r.error);

beforeAll(async () => {
  await ready();
  ed = new Keyring({ type: 'ed25519' }).addFromUri('//tfgrid-entity-ed');
  sr = new Keyring({ type: 'sr25519' }).addFromUri('//tfgrid-entity-sr');
  user = new Keyring({ type: 'sr25519' }).addFromUri('//tfgrid-entity-user');
});

beforeEach(() => {
  h = harness();
});

function entityArgs(pair: KeyringPair, name: string, signer = pair) {
  const [n, country, city] = [text(name), text('Belgium'), text('Ghent')];
  return { target: pair.publicKey, name: n, country, city, signature: hexSig(signer, u8aConcat(n, country, city)) };
}

describe('entity signatures', () => {
  it('accepts ed25519 and sr25519 signatures of the raw message only', () => {
    const m = text('message');
    expect(entitySignatureValid(hexSig(ed, m), ed.publicKey, m)).toBe(true);
    expect(entitySignatureValid(hexSig(sr, m), sr.publicKey, m)).toBe(true);
    expect(entitySignatureValid(hexSig(sr, m), ed.publicKey, m)).toBe(false);
    // polkadot-js also accepts <Bytes>-wrapped signatures; the chain does not.
    expect(entitySignatureValid(hexSig(sr, u8aConcat(text('<Bytes>'), m, text('</Bytes>'))), sr.publicKey, m)).toBe(false);
    expect(entitySignatureValid(text('zz'.repeat(64)), sr.publicKey, m)).toBe(false);
  });
});

describe('entities', () => {
  it('creates, updates and deletes an entity with its name and account indexes', () => {
    const r = h.call(user.publicKey, 'create_entity', entityArgs(ed, 'acme'));
    expect(r.events).toEqual([{ name: 'EntityStored', data: {
      version: 1, id: 1, name: text('acme'), account_id: ed.publicKey, country: text('Belgium'), city: text('Ghent'),
    } }]);
    expect(h.read('EntityIdByName', text('acme'))).toBe(1);
    expect(h.read('EntityIdByAccountID', ed.publicKey)).toBe(1);
    expect(okOf(h.call(user.publicKey, 'create_entity', entityArgs(sr, 'acme')))).toEqual(h.error('EntityWithNameExists'));
    expect(okOf(h.call(user.publicKey, 'create_entity', entityArgs(ed, 'other')))).toEqual(h.error('EntityWithPubkeyExists'));
    expect(okOf(h.call(user.publicKey, 'create_entity', entityArgs(sr, 'other', ed)))).toEqual(h.error('EntitySignatureDoesNotMatch'));
    expect(okOf(h.call(user.publicKey, 'create_entity', { ...entityArgs(sr, 'other'), signature: text('ab') })))
      .toEqual(h.error('SignatureLengthIsIncorrect'));

    const upd = h.call(ed.publicKey, 'update_entity', { name: text('acme2'), country: text('BE'), city: text('Gent') });
    expect(upd.events[0]).toMatchObject({ name: 'EntityUpdated', data: { id: 1, name: text('acme2'), country: text('BE') } });
    expect(h.read('EntityIdByName', text('acme'))).toBe(0);
    expect(okOf(h.call(sr.publicKey, 'update_entity', { name: text('x'), country: text('BE'), city: text('G') })))
      .toEqual(h.error('EntityNotExists'));
    expect(h.call(ed.publicKey, 'delete_entity').events).toEqual([{ name: 'EntityDeleted', data: 1 }]);
    expect(h.read('Entities', 1)).toBeNull();
    expect(h.read('EntityIdByAccountID', ed.publicKey)).toBeNull();
  });

  it('adds a signed entity proof to a twin once, and removes it', () => {
    h.call(user.publicKey, 'create_entity', entityArgs(sr, 'acme'));
    h.call(user.publicKey, 'user_accept_tc', { document_link: text('http://zos.tf/terms/v0.1'), document_hash: text('abc') });
    h.call(user.publicKey, 'create_twin', { relay: null, pk: null });
    const signature = hexSig(sr, u8aConcat(u32be(1), u32be(1)));
    expect(okOf(h.call(sr.publicKey, 'add_twin_entity', { twin_id: 1, entity_id: 1, signature })))
      .toEqual(h.error('UnauthorizedToUpdateTwin'));
    const r = h.call(user.publicKey, 'add_twin_entity', { twin_id: 1, entity_id: 1, signature });
    expect(r.events).toEqual([{ name: 'TwinEntityStored', data: [1, 1, signature] }]);
    expect(h.read('Twins', 1)).toMatchObject({ entities: [{ entity_id: 1, signature }] });
    expect(okOf(h.call(user.publicKey, 'add_twin_entity', { twin_id: 1, entity_id: 1, signature })))
      .toEqual(h.error('EntityWithSignatureAlreadyExists'));
    const wrong = hexSig(sr, u8aConcat(u32be(1), u32be(2)));
    expect(okOf(h.call(user.publicKey, 'add_twin_entity', { twin_id: 1, entity_id: 1, signature: wrong })))
      .toEqual(h.error('EntitySignatureDoesNotMatch'));
    expect(h.call(user.publicKey, 'delete_twin_entity', { twin_id: 1, entity_id: 1 }).events)
      .toEqual([{ name: 'TwinEntityRemoved', data: [1, 1] }]);
    expect(okOf(h.call(user.publicKey, 'delete_twin_entity', { twin_id: 1, entity_id: 1 }))).toEqual(h.error('EntityNotExists'));
  });
});
