import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../../api/errors';
import type { CliContext, Command } from '../../command';
import { parseCommandArgs, validateRequest } from '../../command';
import { UsageError } from '../../errors';
import { COMMON_HELP, COMMON_OPTIONS, describeAccount, existingPassword, newPassword, openVault, printJson, secretInput } from './shared';

const NAME = 'gridbox keys import';
const SOURCES = ['mnemonic', 'seed', 'json'] as const;
const MAX_KEYSTORE_BYTES = 64 * 1024;

export const importCommand: Command = {
  summary: 'import an account from a recovery phrase, a raw seed or a polkadot-js JSON file',
  help: `Usage: ${NAME} --name NAME --from mnemonic|seed|json [--file FILE] [--type sr25519|ed25519] [--json]

Imports an existing account and saves it encrypted with your password.

  --from mnemonic  the recovery phrase (12-24 words) is read from a hidden prompt, or the first line of stdin
  --from seed      the raw seed (0x + 64 hex characters) likewise
  --from json      a polkadot-js keystore file given with --file; its own password comes from
                   GRIDBOX_KEYSTORE_PASSWORD, else a hidden prompt, else the next line of stdin

Secrets are never taken from the command line, where other programs can read them.
The new password comes from GRIDBOX_PASSWORD, else a hidden prompt (asked twice), else the next line of stdin.
It needs at least 8 characters.

Options:
  --name NAME  the account's name (required)
  --from KIND  mnemonic, seed or json (required)
  --file FILE  the keystore to import (only with --from json)
  --type T     sr25519 (default) or ed25519; a JSON keystore states its own type
${COMMON_HELP}
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs(
      args,
      { ...COMMON_OPTIONS, name: { type: 'string' }, from: { type: 'string' }, file: { type: 'string' }, type: { type: 'string' } },
      { command: NAME },
    );
    if (values.name === undefined) throw new UsageError('--name is required', NAME);
    const from = values.from;
    if (!SOURCES.includes(from as (typeof SOURCES)[number])) throw new UsageError('--from is mnemonic, seed or json', NAME);
    if (from === 'json' && values.file === undefined) throw new UsageError('--from json needs --file FILE', NAME);
    if (from !== 'json' && values.file !== undefined) {
      throw new UsageError(`--file is only for --from json; the ${from} is read from stdin or a prompt`, NAME);
    }
    if (from === 'json' && values.type !== undefined) throw new UsageError('a JSON keystore states its own key type: drop --type', NAME);
    // Name and type are checked before any secret is asked for; the placeholders stand in for what comes next.
    validateRequest('keys.import', {
      name: values.name,
      password: 'validated-later',
      source: { kind: 'seed', seed: 'pending', ...(values.type !== undefined ? { type: values.type } : {}) },
    });

    const source = from === 'json' ? await jsonSource(ctx, values.file!) : await secretSource(ctx, from as 'mnemonic' | 'seed', values.type);
    const password = await newPassword(ctx);
    const request = validateRequest('keys.import', { name: values.name, password, source });
    const vault = openVault(ctx, values.data, NAME);
    try {
      const account = await vault.import(request);
      if (values.json) printJson(ctx, account);
      else ctx.io.out(`Imported ${describeAccount(account)}, ${account.type}\n`);
      return 0;
    } finally {
      vault.dispose();
    }
  },
};

async function secretSource(ctx: CliContext, kind: 'mnemonic' | 'seed', type: string | undefined) {
  const secret =
    kind === 'mnemonic'
      ? await secretInput(ctx, 'Recovery phrase (hidden): ', 'the recovery phrase')
      : await secretInput(ctx, 'Raw seed, 0x + 64 hex characters (hidden): ', 'the seed');
  const typed = type !== undefined ? { type } : {};
  return kind === 'mnemonic' ? { kind, mnemonic: secret, ...typed } : { kind, seed: secret, ...typed };
}

async function jsonSource(ctx: CliContext, file: string) {
  const path = resolve(file);
  let json: string;
  try {
    if ((await stat(path)).size > MAX_KEYSTORE_BYTES) throw new ApiError('invalid_keystore', `${file} is too large to be a keystore`);
    json = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('not_found', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const jsonPassword = await existingPassword(ctx, 'GRIDBOX_KEYSTORE_PASSWORD', 'Password of the keystore file (hidden): ');
  return { kind: 'json' as const, json, jsonPassword };
}
