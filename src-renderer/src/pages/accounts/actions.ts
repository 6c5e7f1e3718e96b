import type { AccountInfo } from '../../../../src-main/api/contract';
import { MIN_PASSWORD_LENGTH } from '../../lib/util/password';

export type AccountAction = 'unlock' | 'lock' | 'reveal' | 'export' | 'rename' | 'delete';

/** Which dialog (if any) the Accounts page shows. Only the address is kept: the list stays the source of truth. */
export type AccountDialog =
  | { kind: 'create' }
  | { kind: 'import' }
  | { kind: Exclude<AccountAction, 'lock'>; address: string };

/** Development accounts are public test keys: they can be used, not changed, exported or deleted. */
export function canManage(account: AccountInfo): boolean {
  return !account.dev;
}

export interface NewAccountErrors {
  name?: string;
  password?: string;
  confirm?: string;
}

export const MAX_NAME_LENGTH = 64;

export function validateName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Give the account a name, for example "Farm wallet".';
  if (n.length > MAX_NAME_LENGTH) return `Use at most ${MAX_NAME_LENGTH} characters.`;
  // eslint-disable-next-line no-control-regex -- the backend's rule, mirrored
  if (/[\u0000-\u001f\u007f]/.test(n)) return 'A name cannot contain control characters.';
  return undefined;
}

/** The same rules the backend applies, checked first so most mistakes never cost a round trip. */
export function validateNewAccount(v: { name: string; password: string; confirm: string }): NewAccountErrors {
  const errors: NewAccountErrors = {};
  const name = validateName(v.name);
  if (name) errors.name = name;
  if (v.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  } else if (v.password.length > 1024) {
    errors.password = 'Use at most 1024 characters.';
  }
  if (!errors.password && v.confirm !== v.password) errors.confirm = "The passwords don't match. Type the same password twice.";
  return errors;
}

export function hasErrors(errors: object): boolean {
  return Object.values(errors).some(Boolean);
}
