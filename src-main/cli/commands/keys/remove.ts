import { ApiError } from '../../../api/errors';
import { canonicalAddress } from '../../../backend/keys/address';
import type { Command } from '../../command';
import { parseCommandArgs, validateRequest } from '../../command';
import { UsageError } from '../../errors';
import { COMMON_HELP, COMMON_OPTIONS, describeAccount, openVault, printJson } from './shared';

const NAME = 'gridbox keys remove';

export const removeCommand: Command = {
  summary: 'delete an account\'s key file',
  help: `Usage: ${NAME} ADDRESS [--yes] [--json]

Deletes the account's key file. Without the recovery phrase or an exported keystore the account cannot be recovered.
On a terminal you are asked to type the account's name to confirm; elsewhere --yes is required.

Options:
  --yes        do not ask for confirmation
${COMMON_HELP}
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { ...COMMON_OPTIONS, yes: { type: 'boolean' } }, { command: NAME, positionals: ['ADDRESS'] });
    const { address: input } = validateRequest('keys.remove', { address: positionals[0] });
    const address = canonicalAddress(input);
    const vault = openVault(ctx, values.data, NAME);
    try {
      const account = (await vault.list()).find((a) => a.address === address);
      if (!values.yes && account && !account.dev) {
        if (!ctx.io.interactive) throw new UsageError('not on a terminal: add --yes to remove without confirmation', NAME);
        ctx.io.err(`This deletes the key file of ${describeAccount(account)}.\n`);
        const typed = await ctx.io.ask(`Type the account name (${account.name}) to remove it: `);
        if (typed.trim() !== account.name) throw new ApiError('confirmation_failed', 'the name does not match: nothing was removed');
      }
      await vault.remove(address);
      if (values.json) printJson(ctx, { removed: address });
      else ctx.io.out(`Removed ${account ? describeAccount(account) : address}\n`);
      return 0;
    } finally {
      vault.dispose();
    }
  },
};
