import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApiError } from '../../../api/errors';
import { writeFileAtomic } from '../../../backend/store/atomic-file';
import type { Command } from '../../command';
import { parseCommandArgs, validateRequest } from '../../command';
import { COMMON_HELP, COMMON_OPTIONS, existingPassword, openVault, printJson } from './shared';

const NAME = 'gridbox keys export';

export const exportCommand: Command = {
  summary: 'export an account as a polkadot-js JSON keystore',
  help: `Usage: ${NAME} ADDRESS [--out FILE|DIR] [--json]

Writes the account's keystore in the polkadot-js format (importable in the polkadot{.js} extension, polkadot.js apps
and Gridbox), still encrypted with the account's password. The password is checked first: it comes from
GRIDBOX_PASSWORD, else a hidden prompt, else the first line of stdin.

Without --out the keystore JSON is printed on stdout. With --out it is written to FILE (readable by you only); given
a folder, the file is named after the account. An existing file is never overwritten.

Options:
  --out PATH   where to write the keystore
${COMMON_HELP}
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { ...COMMON_OPTIONS, out: { type: 'string' } }, { command: NAME, positionals: ['ADDRESS'] });
    const out = values.out === undefined ? undefined : resolve(values.out);
    const intoFolder = out !== undefined && (await stat(out).catch(() => undefined))?.isDirectory() === true;
    // Checked before the password is asked for, and again once the file name is known.
    if (out !== undefined && !intoFolder) await refuseExisting(out);
    const vault = openVault(ctx, values.data, NAME);
    try {
      const password = await existingPassword(ctx, 'GRIDBOX_PASSWORD', 'Password of the account (hidden): ');
      const request = validateRequest('keys.export', { address: positionals[0], password });
      const { json, filename } = await vault.export(request.address, request.password);
      if (out === undefined) {
        ctx.io.out(`${json}\n`);
        return 0;
      }
      const path = intoFolder ? join(out, filename) : out;
      await refuseExisting(path);
      await writeFileAtomic(path, `${json}\n`, 0o600);
      if (values.json) printJson(ctx, { file: path });
      else ctx.io.out(`Exported to ${path}\n`);
      return 0;
    } finally {
      vault.dispose();
    }
  },
};

async function refuseExisting(path: string): Promise<void> {
  if (await stat(path).catch(() => undefined)) {
    throw new ApiError('already_exists', `${path} already exists: choose another file name`);
  }
}
