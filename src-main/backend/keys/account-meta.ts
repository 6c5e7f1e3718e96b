/**
 * What Gridbox keeps in a keystore's `meta`. Meta sits outside the encryption (polkadot-js reads `name` from it without
 * a password), so only non-secret fields go here in the clear; the mnemonic is itself a sealed blob.
 */
import type { SealedJson } from './keystore-format';

/** How an account came to Gridbox; decides what `revealMnemonic` can say when there is no mnemonic. */
export type AccountOrigin = 'generated' | 'mnemonic' | 'seed' | 'json';
const ORIGINS: readonly AccountOrigin[] = ['generated', 'mnemonic', 'seed', 'json'];

export interface GridboxMeta {
  origin?: AccountOrigin;
  mnemonic?: SealedJson;
  /**
   * The RMB encryption key a twin announces (`pk`, 33-byte compressed secp256k1 as 0x hex), derived from the mnemonic
   * as grid_client derives it; public (it goes on chain), kept so a twin can be created without the password.
   */
  rmbPk?: string;
}

export type Meta = Record<string, unknown>;

export function metaName(meta: Meta): string {
  const name = typeof meta.name === 'string' ? meta.name.trim() : '';
  return name ? name.slice(0, 64) : 'Unnamed account';
}

export function metaCreatedAt(meta: Meta): number | undefined {
  const when = meta.whenCreated;
  return typeof when === 'number' && Number.isFinite(when) && when >= 0 ? when : undefined;
}

export function metaGridbox(meta: Meta): GridboxMeta {
  const raw = meta.gridbox;
  if (!raw || typeof raw !== 'object') return {};
  const { origin, mnemonic, rmbPk } = raw as Record<string, unknown>;
  return {
    ...(ORIGINS.includes(origin as AccountOrigin) ? { origin: origin as AccountOrigin } : {}),
    ...(isSealedJson(mnemonic) ? { mnemonic } : {}),
    ...(typeof rmbPk === 'string' && /^0x0[23][0-9a-f]{64}$/.test(rmbPk) ? { rmbPk } : {}),
  };
}

/** The meta other wallets should see: Gridbox's own section is ours alone. */
export function metaForExport(meta: Meta): Meta {
  const { gridbox: _gridbox, ...rest } = meta;
  return rest;
}

export function isSealedJson(value: unknown): value is SealedJson {
  if (!value || typeof value !== 'object') return false;
  const { encoded, encoding } = value as Record<string, unknown>;
  if (typeof encoded !== 'string' || !encoding || typeof encoding !== 'object') return false;
  const { content, type, version } = encoding as Record<string, unknown>;
  return Array.isArray(content) && Array.isArray(type) && typeof version === 'string';
}
