import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/errors';
import { describeError } from '../../../src-renderer/src/lib/util/errors';
import { matchesQuery, searchKey } from '../../../src-renderer/src/lib/util/filter';
import { shortAddress } from '../../../src-renderer/src/lib/util/format';
import { passwordStrength } from '../../../src-renderer/src/lib/util/password';
import { safeFilename } from '../../../src-renderer/src/lib/util/format';
import { validateNewAccount } from '../../../src-renderer/src/pages/accounts/actions';

describe('renderer utilities', () => {
  it('shortens addresses around an ellipsis', () => {
    expect(shortAddress('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')).toBe('5Grwva…GKutQY');
    expect(shortAddress('short')).toBe('short');
  });

  it('filters on name and address, every term, case-insensitively', () => {
    const key = searchKey('Farm Wallet', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    expect(matchesQuery(key, 'farm')).toBe(true);
    expect(matchesQuery(key, '  WALLET 5grw ')).toBe(true);
    expect(matchesQuery(key, 'farm bob')).toBe(false);
    expect(matchesQuery(key, '')).toBe(true);
  });

  it('grades passwords', () => {
    expect(passwordStrength('').score).toBe(0);
    expect(passwordStrength('abc').label).toBe('Too short');
    expect(passwordStrength('password123').label).toBe('Weak');
    expect(passwordStrength('correct horse battery staple').score).toBeGreaterThanOrEqual(3);
  });

  it('validates a new account like the backend does', () => {
    expect(validateNewAccount({ name: ' ', password: 'x', confirm: 'x' })).toMatchObject({
      name: expect.any(String),
      password: expect.any(String),
    });
    expect(validateNewAccount({ name: 'a', password: '12345678', confirm: '1234567' }).confirm).toBeTruthy();
    expect(validateNewAccount({ name: 'a', password: '12345678', confirm: '12345678' })).toEqual({});
  });

  it('keeps backend file names to a plain name', () => {
    expect(safeFilename('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFilename('Farm-5Gx.json')).toBe('Farm-5Gx.json');
    expect(safeFilename('')).toBe('keystore.json');
  });

  it('says what happened and what to do', () => {
    const p = describeError(new ApiError('wrong_password', 'wrong password'));
    expect(p.message).toBe('Wrong password.');
    expect(p.hint).toMatch(/Caps Lock/);
    expect(describeError(new Error('boom')).code).toBe('internal');
  });
});
