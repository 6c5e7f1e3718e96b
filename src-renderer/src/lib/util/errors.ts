import { ApiError, type ErrorCode } from '../../../../src-main/api/errors';

/** What went wrong (the backend's own message) and, where we can tell, what to do about it. */
export interface Problem {
  code: ErrorCode;
  message: string;
  hint: string;
}

const HINTS: Partial<Record<ErrorCode, string>> = {
  wrong_password: 'Check the password and try again. Is Caps Lock on?',
  invalid_mnemonic: 'Check the words for typos and their order. A mnemonic has 12 or 24 words separated by spaces.',
  invalid_seed: 'A raw seed is 0x followed by 64 hexadecimal characters (0–9, a–f).',
  invalid_keystore:
    'Choose a JSON keystore exported from Gridbox, the ThreeFold Dashboard or polkadot{.js}, and check its password.',
  already_exists: 'This key is already in Gridbox: look for it in the account list.',
  not_found: 'The account may have been removed in another window. The list shows what is there now.',
  locked: 'Unlock the account first, then try again.',
  expired: 'Start over to get a new recovery phrase.',
  confirmation_failed: 'Compare with the words you wrote down and try again.',
  corrupt_file: 'The key file on disk is damaged. Restore it from a backup or re-import the account from its mnemonic.',
  forbidden: 'Development accounts are public test keys and cannot be changed.',
  unauthorized: 'Open Gridbox with the link printed in the terminal (it carries the access token).',
  invalid_params: 'Correct the highlighted input and try again.',
  rejected: 'The chain refused it: the message says which rule it broke.',
  conflict: 'Wait for the current operation to finish, then try again.',
  unavailable: 'Start the local grid first. If it failed, its logs are in the workspace folder shown on the Local grid page.',
};

export function describeError(err: unknown): Problem {
  const e = err instanceof ApiError ? err : new ApiError('internal', 'something went wrong');
  let hint = HINTS[e.code] ?? '';
  if (e.code === 'internal') {
    hint = /lost connection/i.test(e.message)
      ? 'Gridbox reconnects by itself. Try again in a moment.'
      : 'Try again. If it keeps happening, the Gridbox log has the details.';
  }
  return { code: e.code, message: sentence(e.message), hint };
}

function sentence(text: string): string {
  const t = text.trim() || 'Something went wrong';
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}
