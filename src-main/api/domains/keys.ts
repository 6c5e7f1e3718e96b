/** The key vault: accounts, their creation, import, export and signing. Secrets never leave the backend. */
import * as z from 'zod';
import { address, empty, method, name, newPassword, password, topic } from '../decl';

export const KEY_TYPES = ['sr25519', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export interface AccountInfo {
  address: string;
  publicKey: string;
  name: string;
  type: KeyType;
  /** ms since epoch; 0 for development accounts */
  createdAt: number;
  /** //Alice … //Ferdie: well-known, never saved, always usable without a password */
  dev: boolean;
  locked: boolean;
  /** true when the account was created or imported from a mnemonic that Gridbox keeps (encrypted) */
  hasMnemonic: boolean;
}

export interface CreateDraft {
  draftId: string;
  address: string;
  publicKey: string;
  type: KeyType;
  mnemonic: string;
  /** 1-based word positions the user must re-enter to prove the mnemonic was written down */
  challenge: number[];
  /** ms since epoch after which the draft is forgotten */
  expiresAt: number;
}

export interface Signature {
  signature: string;
  publicKey: string;
  type: KeyType;
}

const keyType = z.enum(KEY_TYPES);

const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mnemonic'), mnemonic: z.string().min(1).max(1024), type: keyType.default('sr25519') }),
  z.object({ kind: z.literal('seed'), seed: z.string().min(1).max(256), type: keyType.default('sr25519') }),
  z.object({ kind: z.literal('json'), json: z.string().min(2).max(64 * 1024), jsonPassword: z.string().max(1024) }),
]);

export const keysMethods = {
  'keys.list': method<AccountInfo[]>()(empty),
  /** Step 1 of creation: a fresh mnemonic held in the backend until confirmed. Nothing is written yet. */
  'keys.createBegin': method<CreateDraft>()(
    z.object({ words: z.union([z.literal(12), z.literal(24)]).default(12), type: keyType.default('sr25519') }).strict(),
  ),
  /** Step 2: the user re-enters the challenged words; only then is the keystore encrypted and written. */
  'keys.createConfirm': method<AccountInfo>()(
    z
      .object({
        draftId: z.string().min(1).max(64),
        name,
        password: newPassword,
        words: z.record(z.string().regex(/^\d{1,2}$/), z.string().max(32)),
      })
      .strict(),
  ),
  'keys.createCancel': method<null>()(z.object({ draftId: z.string().min(1).max(64) }).strict()),
  'keys.import': method<AccountInfo>()(z.object({ name, password: newPassword, source: importSource }).strict()),
  'keys.revealMnemonic': method<{ mnemonic: string }>()(z.object({ address, password }).strict()),
  'keys.export': method<{ json: string; filename: string }>()(z.object({ address, password }).strict()),
  'keys.rename': method<AccountInfo>()(z.object({ address, name }).strict()),
  'keys.remove': method<null>()(z.object({ address }).strict()),
  'keys.unlock': method<AccountInfo>()(z.object({ address, password }).strict()),
  /** Lock one account, or every account when no address is given. */
  'keys.lock': method<null>()(z.object({ address: address.optional() }).strict()),
  /** Signs bytes (0x-hex) or UTF-8 text with an unlocked account. The secret never leaves the backend. */
  'keys.sign': method<Signature>()(
    z.object({ address, message: z.string().max(1024 * 1024), encoding: z.enum(['hex', 'utf8']).default('utf8') }).strict(),
  ),
} as const;

export const keysTopics = {
  /** The full account list, sent whenever an account is added, renamed, removed, locked or unlocked. */
  'keys.changed': topic<AccountInfo[]>()(empty),
} as const;
