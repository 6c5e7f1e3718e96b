/**
 * Errors that cross the API boundary. Each carries a stable code the UI and the CLI can branch on, and a message
 * written for the person using the app: what went wrong and, where it helps, what to do.
 */
export const ERROR_CODES = [
  'invalid_params',
  'unknown_method',
  'unauthorized',
  'not_found',
  'already_exists',
  'wrong_password',
  'invalid_mnemonic',
  'invalid_seed',
  'invalid_keystore',
  'corrupt_file',
  'locked',
  'forbidden',
  'expired',
  'confirmation_failed',
  /** the request clashes with work under way (the local grid is already starting or running) */
  'conflict',
  /** what the request needs is not running (no local grid) or failed */
  'unavailable',
  /** the chain refused a transaction; the message names the pallet error */
  'rejected',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
  static from(payload: unknown): ApiError {
    const p = payload as Partial<ErrorPayload> | null;
    const code = (ERROR_CODES as readonly string[]).includes(String(p?.code)) ? (p!.code as ErrorCode) : 'internal';
    return new ApiError(code, typeof p?.message === 'string' ? p.message : 'unknown error');
  }
}

/** Turns anything thrown by a handler into a payload that is safe to send: unexpected errors lose their detail. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof ApiError) return err.toPayload();
  return { code: 'internal', message: 'internal error: see the Gridbox log for details' };
}

/** The shape every call answers with, on every transport. */
export type Envelope<R> = { ok: true; result: R } | { ok: false; error: ErrorPayload };
