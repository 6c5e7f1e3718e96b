import { parseArgs, type ParseArgsConfig } from 'node:util';
import type * as z from 'zod';
import { methods, type MethodName, type ParamsOut } from '../api/contract';
import { ApiError } from '../api/errors';
import { UsageError } from './errors';
import type { CliIO } from './io';

export interface CliContext {
  io: CliIO;
  env: NodeJS.ProcessEnv;
}

/** A top-level command (`gridbox keys …`) or a subcommand (`gridbox keys new …`). */
export interface Command {
  /** One line for the parent's help. */
  summary: string;
  /** Full --help text. */
  help: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with usage errors that point at the right --help, and a fixed number of positionals. */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  { command, positionals = [] }: { command: string; positionals?: string[] },
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), command);
  }
  if (!(parsed.values as { help?: boolean }).help) {
    if (parsed.positionals.length > positionals.length) {
      throw new UsageError(`unexpected argument: ${parsed.positionals[positionals.length]!.slice(0, 80)}`, command);
    }
    if (parsed.positionals.length < positionals.length) {
      throw new UsageError(`missing ${positionals[parsed.positionals.length]}`, command);
    }
  }
  return parsed;
}

/** Runs the same request validation the app's API applies, so the CLI cannot do anything the UI could not. */
export function validateRequest<M extends MethodName>(method: M, params: unknown): ParamsOut<M> {
  const result = (methods[method].params as z.ZodType).safeParse(params);
  if (result.success) return result.data as ParamsOut<M>;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ApiError('invalid_params', `${where}${issue?.message ?? 'invalid request'}`);
}

/** A subcommand router: `gridbox <name> <sub> …` with generated help. */
export function commandGroup(name: string, summary: string, subcommands: Record<string, () => Promise<Command>>): Command {
  const help = async () => {
    const lines = await Promise.all(
      Object.entries(subcommands).map(async ([sub, load]) => `  ${sub.padEnd(10)} ${(await load()).summary}`),
    );
    return `Usage: gridbox ${name} <command> [options]\n\n${summary}\n\nCommands:\n${lines.join('\n')}\n\nRun 'gridbox ${name} <command> --help' for the options of a command.\n`;
  };
  return {
    summary,
    help: `Usage: gridbox ${name} <command> [options]\n`,
    async run(args, ctx) {
      const [sub, ...rest] = args;
      if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        if (sub === undefined) {
          ctx.io.err(await help());
          return 2;
        }
        ctx.io.out(await help());
        return 0;
      }
      const load = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
      if (!load) throw new UsageError(`unknown command: ${name} ${sub.slice(0, 40)}`, `gridbox ${name}`);
      const command = await load();
      if (rest.includes('--help') || rest.includes('-h')) {
        ctx.io.out(command.help);
        return 0;
      }
      return command.run(rest, ctx);
    },
  };
}
