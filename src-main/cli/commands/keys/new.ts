import type { Command } from '../../command';
import { parseCommandArgs, validateRequest } from '../../command';
import { UsageError } from '../../errors';
import { COMMON_HELP, COMMON_OPTIONS, newPassword, openVault, printJson } from './shared';

const NAME = 'gridbox keys new';

export const newCommand: Command = {
  summary: 'create an account from a fresh recovery phrase',
  help: `Usage: ${NAME} --name NAME [--words 12|24] [--type sr25519|ed25519] [--json]

Creates an account from a new BIP39 recovery phrase, encrypts it with your password and saves it in the keys folder.
The phrase is printed once: write it down and keep it offline. Anyone who has it controls the account.
There is no word challenge here (the app asks for one); --json prints the phrase in the "mnemonic" field.

The password comes from GRIDBOX_PASSWORD, else a hidden prompt (asked twice), else the first line of stdin.
It needs at least 8 characters.

Options:
  --name NAME  the account's name (required)
  --words N    12 (default) or 24 words
  --type T     sr25519 (default; TFChain twins and farms) or ed25519
${COMMON_HELP}
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs(
      args,
      { ...COMMON_OPTIONS, name: { type: 'string' }, words: { type: 'string' }, type: { type: 'string' } },
      { command: NAME },
    );
    if (values.name === undefined) throw new UsageError('--name is required', NAME);
    if (values.words !== undefined && values.words !== '12' && values.words !== '24') {
      throw new UsageError('--words is 12 or 24', NAME);
    }
    const begin = validateRequest('keys.createBegin', { words: Number(values.words ?? 12), type: values.type ?? 'sr25519' });
    // The name is checked before the password is asked for; the placeholders stand in for what comes next.
    validateRequest('keys.createConfirm', { draftId: 'pending', name: values.name, password: 'validated-later', words: {} });

    const password = await newPassword(ctx);
    const vault = openVault(ctx, values.data, NAME);
    try {
      const draft = vault.createBegin(begin);
      // Nobody is here to answer the word challenge: the phrase is printed below for the user to keep.
      const words = draft.mnemonic.split(' ');
      const answers = Object.fromEntries(draft.challenge.map((p) => [String(p), words[p - 1]!]));
      const confirm = validateRequest('keys.createConfirm', { draftId: draft.draftId, name: values.name, password, words: answers });
      const account = await vault.createConfirm(confirm);
      if (values.json) {
        printJson(ctx, { address: account.address, mnemonic: draft.mnemonic, publicKey: account.publicKey, type: account.type, name: account.name });
      } else {
        const numbered = words.map((w, i) => `${String(i + 1).padStart(2)}. ${w}`);
        const rows: string[] = [];
        for (let i = 0; i < numbered.length; i += 4) rows.push(`  ${numbered.slice(i, i + 4).map((c) => c.padEnd(16)).join('')}`.trimEnd());
        ctx.io.out(
          [
            `Created "${account.name}" (${account.type})`,
            `  address:    ${account.address}`,
            `  public key: ${account.publicKey}`,
            '',
            'Recovery phrase. Write it down now and keep it offline: anyone who has it controls the account, and',
            'without it (or an exported backup) a forgotten password means a lost account.',
            '',
            ...rows,
            '',
          ].join('\n'),
        );
      }
      return 0;
    } finally {
      vault.dispose();
    }
  },
};
