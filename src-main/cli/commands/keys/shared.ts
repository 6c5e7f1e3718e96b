import { join, resolve } from 'node:path';
import type { AccountInfo } from '../../../api/contract';
import { ApiError } from '../../../api/errors';
import { TopicBus } from '../../../backend/events';
import { KeyVault } from '../../../backend/keys/vault';
import { defaultDataDir } from '../../../backend/store/data-dir';
import type { CliContext } from '../../command';
import { UsageError } from '../../errors';

export const MIN_PASSWORD_LENGTH = 8;

/** Options every `gridbox keys` command takes. */
export const COMMON_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const COMMON_HELP = `  --data DIR   use this data folder instead of the app's (default: GRIDBOX_DATA_DIR, else the app's folder)
  --json       machine-readable output; errors also print {"error":{"code","message"}} on stdout`;

/** The vault over the app's keys folder; the CLI keeps nothing unlocked beyond its own run. */
export function openVault(ctx: CliContext, data: string | undefined, command: string): KeyVault {
  if (data !== undefined && data.trim() === '') throw new UsageError('--data needs a folder', command);
  const dataDir = data === undefined ? defaultDataDir(ctx.env) : resolve(data);
  return new KeyVault({ dir: join(dataDir, 'keys'), bus: new TopicBus(), autoLockMinutes: 15 });
}

/**
 * The password of a new key file: GRIDBOX_PASSWORD, else typed twice at a hidden prompt, else the next stdin line.
 */
export async function newPassword(ctx: CliContext): Promise<string> {
  const fromEnv = ctx.env.GRIDBOX_PASSWORD;
  let password: string;
  if (fromEnv) {
    password = fromEnv;
  } else if (ctx.io.interactive) {
    password = await ctx.io.askHidden('Password for the key file: ');
    checkPasswordLength(password);
    if ((await ctx.io.askHidden('Repeat the password: ')) !== password) {
      throw new ApiError('invalid_params', 'the two passwords do not match');
    }
  } else {
    password = await requireLine(ctx, 'a password (set GRIDBOX_PASSWORD or pass it on stdin)');
  }
  checkPasswordLength(password);
  return password;
}

/** A password that already exists (of a key file, or of a keystore being imported). */
export async function existingPassword(ctx: CliContext, envName: string, question: string): Promise<string> {
  const fromEnv = ctx.env[envName];
  if (fromEnv) return fromEnv;
  if (ctx.io.interactive) return ctx.io.askHidden(question);
  return requireLine(ctx, `a password (set ${envName} or pass it on stdin)`);
}

/** A secret typed at a hidden prompt, or the next stdin line: never an argument, which `ps` would show. */
export async function secretInput(ctx: CliContext, question: string, what: string): Promise<string> {
  if (ctx.io.interactive) return ctx.io.askHidden(question);
  return requireLine(ctx, `${what} on stdin`);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.io.out(`${JSON.stringify(value, null, 2)}\n`);
}

export function describeAccount(account: Pick<AccountInfo, 'name' | 'address'>): string {
  return `"${account.name}" (${account.address})`;
}

function checkPasswordLength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new ApiError('invalid_params', `the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

async function requireLine(ctx: CliContext, what: string): Promise<string> {
  const line = await ctx.io.nextLine();
  if (line === undefined) throw new ApiError('invalid_params', `missing ${what}`);
  return line;
}
