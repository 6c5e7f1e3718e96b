/**
 * JSON-RPC error objects, with the codes and texts a Substrate node (jsonrpsee 0.2x) sends.
 *
 * Clients match on these: polkadot-js formats an error as `${code}: ${message}${data ? ': ' + data : ''}` and
 * tfchain_client looks for e.g. "1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too
 * low" (polkadot-js rewrites the parentheses), so the texts below are copied character for character from
 * jsonrpsee-types `error.rs` and Substrate's `sc-rpc-api` / `sp-runtime`, not paraphrased.
 */

/** The JSON `error` member of a response. `data` is omitted (not null) when absent, as jsonrpsee does. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

// JSON-RPC 2.0 (the spec reserves -32768..-32000).
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
// jsonrpsee server errors (same numbers and texts as a Substrate node).
export const CALL_EXECUTION_FAILED = -32000;
export const TOO_MANY_SUBSCRIPTIONS = -32006;
export const OVERSIZED_REQUEST = -32007;
export const OVERSIZED_RESPONSE = -32008;
export const SERVER_IS_BUSY = -32009;
export const TOO_BIG_BATCH_REQUEST = -32010;
export const TOO_BIG_BATCH_RESPONSE = -32011;

export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  [PARSE_ERROR]: 'Parse error',
  [INVALID_REQUEST]: 'Invalid request',
  [METHOD_NOT_FOUND]: 'Method not found',
  [INVALID_PARAMS]: 'Invalid params',
  [INTERNAL_ERROR]: 'Internal error',
  [TOO_MANY_SUBSCRIPTIONS]: 'Too many subscriptions on the connection',
  [OVERSIZED_REQUEST]: 'Request is too big',
  [OVERSIZED_RESPONSE]: 'Response is too big',
  [SERVER_IS_BUSY]: 'Server is busy, try again later',
  [TOO_BIG_BATCH_REQUEST]: 'The batch request was too large',
  [TOO_BIG_BATCH_RESPONSE]: 'The batch response was too large',
};

/**
 * An error a handler throws on purpose; it reaches the client as is. Anything else a handler throws becomes
 * -32603 "Internal error" with no detail, so stack traces and internal messages never leave the process.
 */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message?: string, data?: unknown) {
    super(message ?? ERROR_MESSAGES[code] ?? 'Server error');
    this.name = 'RpcError';
    this.code = code;
    this.data = data;
  }

  toErrorObject(): RpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** A standard error object: the jsonrpsee text for `code`, with optional data. */
export function errorObject(code: number, data?: unknown): RpcErrorObject {
  return new RpcError(code, undefined, data).toErrorObject();
}

export const invalidParams = (detail?: string): RpcError => new RpcError(INVALID_PARAMS, undefined, detail);

/** jsonrpsee's `data` for every size or count limit. */
export const exceededLimit = (limit: number): string => `Exceeded max limit of ${limit}`;

/**
 * The error object for whatever a handler threw: an RpcError as is, anything else as a bare -32603. `report` sees
 * the unexpected ones (for the server log) so they are not lost.
 */
export function toErrorObject(thrown: unknown, report?: (error: unknown) => void): RpcErrorObject {
  if (thrown instanceof RpcError) return thrown.toErrorObject();
  report?.(thrown);
  return errorObject(INTERNAL_ERROR);
}

// ---- Transaction-pool errors of `author_submitExtrinsic` / `author_submitAndWatchExtrinsic` ----------------------
// sc-rpc-api `author/error.rs`: codes are 1000 + n.

export const AUTHOR_BAD_FORMAT = 1001;
export const AUTHOR_VERIFICATION_ERROR = 1002;
export const POOL_INVALID_TX = 1010;
export const POOL_UNKNOWN_VALIDITY = 1011;
export const POOL_TEMPORARILY_BANNED = 1012;
export const POOL_ALREADY_IMPORTED = 1013;
export const POOL_TOO_LOW_PRIORITY = 1014;
export const POOL_IMMEDIATELY_DROPPED = 1016;

/** sp-runtime `impl From<InvalidTransaction> for &'static str` (the `data` of a 1010 error). */
export const INVALID_TRANSACTION_REASONS = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
} as const;
export type InvalidTransactionReason = keyof typeof INVALID_TRANSACTION_REASONS;

/** 1010 "Invalid Transaction" with sp-runtime's reason text as data, exactly as a Substrate node answers. */
export function invalidTransaction(reason: InvalidTransactionReason): RpcError {
  return new RpcError(POOL_INVALID_TX, 'Invalid Transaction', INVALID_TRANSACTION_REASONS[reason]);
}

/** 1010 for `InvalidTransaction::Custom(n)`: Substrate puts "Custom error: n" in data. */
export function invalidTransactionCustom(code: number): RpcError {
  return new RpcError(POOL_INVALID_TX, 'Invalid Transaction', `Custom error: ${code}`);
}

/** 1013 "Transaction Already Imported"; data is the hash in Rust Debug form (the 0x hex string). */
export function transactionAlreadyImported(hash: string): RpcError {
  return new RpcError(POOL_ALREADY_IMPORTED, 'Transaction Already Imported', hash);
}

/** 1014 as Substrate words it when a same-nonce replacement does not pay a higher priority. */
export function priorityTooLow(old: bigint | number, replacement: bigint | number): RpcError {
  return new RpcError(
    POOL_TOO_LOW_PRIORITY,
    `Priority is too low: (${old} vs ${replacement})`,
    'The transaction has too low priority to replace another transaction already in the pool.',
  );
}
