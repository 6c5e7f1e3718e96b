/**
 * `gridbox …`: the command-line entry. Top-level commands are loaded on demand from this table, so adding one
 * (up, status, logs, down) is one line here and one module under commands/.
 */
import { readFileSync } from 'node:fs';
import type { Command, CliContext } from './command';
import { reportError, UsageError } from './errors';
import { processIO, type CliIO } from './io';

const COMMANDS: Record<string, () => Promise<Command>> = {
  keys: async () => (await import('./commands/keys/index')).keysCommand,
  chain: async () => (await import('./commands/chain')).chainCommand,
  up: async () => (await import('./commands/up')).upCommand,
  status: async () => (await import('./commands/status')).statusCommand,
  logs: async () => (await import('./commands/logs')).logsCommand,
  down: async () => (await import('./commands/down')).downCommand,
  node: async () => (await import('./commands/node')).nodeCommand,
  time: async () => (await import('./commands/time')).timeCommand,
  workspace: async () => (await import('./commands/workspace')).workspaceCommand,
  snapshot: async () => (await import('./commands/snapshot')).snapshotCommand,
  reset: async () => (await import('./commands/snapshot')).resetCommand,
  images: async () => (await import('./commands/images')).imagesCommand,
};

export async function main(argv: string[], io: CliIO = processIO(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ctx: CliContext = { io, env };
  try {
    const [name, ...rest] = argv;
    if (name === '--version' || name === '-v') {
      io.out(`${version()}\n`);
      return 0;
    }
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const text = await topLevelHelp();
      if (name === undefined) io.err(text);
      else io.out(text);
      return name === undefined ? 2 : 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new UsageError(`unknown command: ${name.slice(0, 40)}`);
    return await (await load()).run(rest, ctx);
  } catch (err) {
    return reportError(err, io, argv.includes('--json'));
  } finally {
    io.close();
  }
}

async function topLevelHelp(): Promise<string> {
  const lines = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(10)} ${(await load()).summary}`));
  return [
    'Usage: gridbox <command> [options]',
    '',
    'Gridbox from the command line. Uses the same data folder as the app (GRIDBOX_DATA_DIR overrides it).',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'gridbox <command> --help' for more.",
    '',
  ].join('\n');
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
