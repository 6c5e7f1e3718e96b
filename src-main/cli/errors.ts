import { ApiError, type ErrorPayload } from '../api/errors';
import type { CliIO } from './io';
import { InterruptedError } from './io';

/** Wrong arguments: exit code 2 and a pointer to the command's --help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly helpCommand = 'gridbox',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Prints one line on stderr (and, with --json, the error object on stdout) and returns the exit code. Only messages
 * written for users are shown: library errors can quote their input, and input here may be a secret.
 */
export function reportError(err: unknown, io: CliIO, json: boolean): number {
  const { payload, exitCode, hint } = classify(err);
  io.err(`gridbox: ${payload.message}\n`);
  if (hint) io.err(`${hint}\n`);
  if (json) io.out(`${JSON.stringify({ error: payload })}\n`);
  return exitCode;
}

function classify(err: unknown): { payload: ErrorPayload; exitCode: number; hint?: string } {
  if (err instanceof UsageError) {
    return { payload: { code: 'invalid_params', message: err.message }, exitCode: 2, hint: `Run '${err.helpCommand} --help' for usage.` };
  }
  if (err instanceof InterruptedError) return { payload: { code: 'invalid_params', message: 'cancelled' }, exitCode: 130 };
  if (err instanceof ApiError) return { payload: err.toPayload(), exitCode: 1 };
  const errno = err as NodeJS.ErrnoException | undefined;
  if (errno && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    // File system errors name a path and a reason, never file contents.
    return { payload: { code: 'internal', message: errno.message }, exitCode: 1 };
  }
  if (process.env.GRIDBOX_DEBUG) console.error(err);
  return { payload: { code: 'internal', message: 'unexpected error (set GRIDBOX_DEBUG=1 for details)' }, exitCode: 1 };
}
