// TfgridModule: entities, the legacy identity records (tfchain.md §3.1.5; pallet-tfgrid lib.rs, v2.7). Current
// clients never use them; they are here so that every TfgridModule call behaves rather than being filtered.
//
// Signatures travel as 128 ASCII hex characters (a 64-byte ed25519 or sr25519 signature) and are checked against the
// signer's public key as the pallet does: ed25519 first, then sr25519 (context "substrate"), over
// `name ‖ country ‖ city` for create_entity and `entity_id (u32 BE) ‖ twin_id (u32 BE)` for add_twin_entity.
import { hexToU8a, u8aConcat, u8aEq, u8aToString } from '@polkadot/util';
import { ed25519Verify, sr25519Verify } from '@polkadot/util-crypto';
import type { DispatchContext } from '../../core/dispatch/context';
import type { AccountId } from '../../core/dispatch/types';
import { INPUT_BOUNDS } from './tfgrid-rules';
import { getTwin, sameAccount, type CallTable, type TwinValue } from './tfgrid-support.impl';

export const ENTITY_VERSION = 1;

export interface EntityValue {
  version: number;
  id: number;
  name: Uint8Array;
  account_id: AccountId;
  country: Uint8Array;
  city: Uint8Array;
}

interface EntityArgs { name: Uint8Array; country: Uint8Array; city: Uint8Array }

const HEX_SIGNATURE = /^[0-9a-fA-F]{128}$/;

/**
 * `verify_signature(from_hex(signature), account, message)`. The pallet checks the length first
 * (SignatureLengthIsIncorrect); 128 characters that are not hex make its `from_hex(..).expect(..)` panic, which a
 * simulator cannot reproduce: they are reported as a signature that does not match.
 */
export function entitySignatureValid(signature: Uint8Array, account: AccountId, message: Uint8Array): boolean {
  const text = u8aToString(signature);
  if (!HEX_SIGNATURE.test(text)) return false;
  const raw = hexToU8a(`0x${text}`);
  // Not util-crypto's signatureVerify: it also accepts a signature over `<Bytes>message</Bytes>`, the chain does not.
  for (const verify of [ed25519Verify, sr25519Verify]) {
    try {
      if (verify(message, raw, account)) return true;
    } catch {
      // a key that is not a valid point for this scheme: try the next one
    }
  }
  return false;
}

/** City 1..=58 and country 2..=56 bytes (node.rs CityName / CountryName, shared with node locations). */
function checkCountryCity(ctx: DispatchContext, { country, city }: Pick<EntityArgs, 'country' | 'city'>): void {
  if (country.length < 2) ctx.fail('CountryNameTooShort');
  if (country.length > INPUT_BOUNDS.country) ctx.fail('CountryNameTooLong');
  if (city.length < 1) ctx.fail('CityNameTooShort');
  if (city.length > INPUT_BOUNDS.city) ctx.fail('CityNameTooLong');
}

function checkSignatureLength(ctx: DispatchContext, signature: Uint8Array): void {
  if (signature.length !== 128) ctx.fail('SignatureLengthIsIncorrect');
}

const u32be = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
};

/** The signer's twin, which it must own (TwinNotExists, UnauthorizedToUpdateTwin). */
function ownTwin(ctx: DispatchContext, twinId: number): TwinValue {
  const twin = getTwin(ctx, twinId);
  if (!twin) ctx.fail('TwinNotExists');
  if (!sameAccount(twin.account_id, ctx.ensureSigned())) ctx.fail('UnauthorizedToUpdateTwin');
  return twin;
}

export const entityCalls: CallTable = {
  /** Anyone may submit it; the entity's account (`target`) proves consent by signing name ‖ country ‖ city. */
  create_entity: (ctx: DispatchContext, { target, name, country, city, signature }: EntityArgs & { target: AccountId; signature: Uint8Array }) => {
    ctx.ensureSigned();
    if (ctx.storage('EntityIdByName').exists(name)) ctx.fail('EntityWithNameExists');
    if (ctx.storage('EntityIdByAccountID').exists(target)) ctx.fail('EntityWithPubkeyExists');
    checkSignatureLength(ctx, signature);
    if (!entitySignatureValid(signature, target, u8aConcat(name, country, city))) ctx.fail('EntitySignatureDoesNotMatch');
    checkCountryCity(ctx, { country, city });
    const id = ctx.storage<number>('EntityID').get() + 1;
    const entity: EntityValue = { version: ENTITY_VERSION, id, name, account_id: target, country, city };
    ctx.storage('Entities').set(id, entity);
    ctx.storage('EntityIdByName').set(name, id);
    ctx.storage('EntityIdByAccountID').set(target, id);
    ctx.storage('EntityID').set(id);
    ctx.depositEvent('EntityStored', entity);
  },

  update_entity: (ctx: DispatchContext, { name, country, city }: EntityArgs) => {
    const who = ctx.ensureSigned();
    const id = ctx.storage<number | null>('EntityIdByAccountID').get(who);
    if (id == null) ctx.fail('EntityNotExists');
    if (ctx.storage('EntityIdByName').exists(name)) ctx.fail('EntityWithNameExists');
    const entity = ctx.storage<EntityValue | null>('Entities').get(id);
    if (!entity) ctx.fail('EntityNotExists');
    if (!u8aEq(entity.account_id, who)) ctx.fail('CannotUpdateEntity');
    checkCountryCity(ctx, { country, city });
    ctx.storage('EntityIdByName').remove(entity.name);
    const updated: EntityValue = { ...entity, name, country, city };
    ctx.storage('Entities').set(id, updated);
    ctx.storage('EntityIdByName').set(name, id);
    ctx.depositEvent('EntityUpdated', updated);
  },

  delete_entity: (ctx: DispatchContext) => {
    const who = ctx.ensureSigned();
    const id = ctx.storage<number | null>('EntityIdByAccountID').get(who);
    if (id == null) ctx.fail('EntityNotExists');
    const entity = ctx.storage<EntityValue | null>('Entities').get(id);
    if (!entity) ctx.fail('EntityNotExists');
    if (!u8aEq(entity.account_id, who)) ctx.fail('CannotDeleteEntity');
    ctx.storage('EntityIdByName').remove(entity.name);
    ctx.storage('EntityIdByAccountID').remove(who);
    ctx.storage('Entities').remove(id);
    ctx.depositEvent('EntityDeleted', id);
  },

  /** The entity signs entity_id ‖ twin_id (big-endian u32s); the proof is appended to the twin once. */
  add_twin_entity: (ctx: DispatchContext, { twin_id, entity_id, signature }: { twin_id: number; entity_id: number; signature: Uint8Array }) => {
    const twin = ownTwin(ctx, twin_id);
    const entity = ctx.storage<EntityValue | null>('Entities').get(entity_id);
    if (!entity) ctx.fail('EntityNotExists');
    checkSignatureLength(ctx, signature);
    if (!entitySignatureValid(signature, entity.account_id, u8aConcat(u32be(entity_id), u32be(twin_id)))) {
      ctx.fail('EntitySignatureDoesNotMatch');
    }
    if (twin.entities.some((p) => p.entity_id === entity_id && u8aEq(p.signature, signature))) {
      ctx.fail('EntityWithSignatureAlreadyExists');
    }
    twin.entities.push({ entity_id, signature });
    ctx.storage('Twins').set(twin.id, twin);
    ctx.depositEvent('TwinEntityStored', [twin_id, entity_id, signature]);
  },

  delete_twin_entity: (ctx: DispatchContext, { twin_id, entity_id }: { twin_id: number; entity_id: number }) => {
    const twin = ownTwin(ctx, twin_id);
    const index = twin.entities.findIndex((p) => p.entity_id === entity_id);
    if (index < 0) ctx.fail('EntityNotExists');
    twin.entities.splice(index, 1);
    ctx.storage('Twins').set(twin.id, twin);
    ctx.depositEvent('TwinEntityRemoved', [twin_id, entity_id]);
  },
};
