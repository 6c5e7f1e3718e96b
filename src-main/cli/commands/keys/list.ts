import type { Command } from '../../command';
import { parseCommandArgs } from '../../command';
import { COMMON_HELP, COMMON_OPTIONS, openVault, printJson } from './shared';

const NAME = 'gridbox keys list';

export const listCommand: Command = {
  summary: 'list saved accounts and the development accounts (no password needed)',
  help: `Usage: ${NAME} [--json]

Lists the saved accounts (oldest first) and the public development accounts //Alice … //Ferdie.
Files in the keys folder that cannot be read are skipped and reported on stderr; they are never changed.

Options:
${COMMON_HELP}
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, COMMON_OPTIONS, { command: NAME });
    const vault = openVault(ctx, values.data, NAME);
    try {
      const [accounts, problems] = await Promise.all([vault.list(), vault.listProblems()]);
      for (const problem of problems) ctx.io.err(`gridbox: warning: skipped ${problem.file}: ${problem.reason}\n`);
      if (values.json) {
        printJson(ctx, accounts);
        return 0;
      }
      const rows = accounts.map((a) => [a.name, a.address, a.type, a.dev ? 'development (public test key)' : a.hasMnemonic ? 'recovery phrase kept' : '']);
      const widths = [0, 1, 2].map((i) => Math.max(...[['NAME', 'ADDRESS', 'TYPE'][i]!.length, ...rows.map((r) => r[i]!.length)]));
      const format = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd();
      ctx.io.out([format(['NAME', 'ADDRESS', 'TYPE', '']), ...rows.map(format), ''].join('\n'));
      return 0;
    } finally {
      vault.dispose();
    }
  },
};
