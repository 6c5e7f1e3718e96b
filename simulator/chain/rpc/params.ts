/**
 * Turning raw JSON params into typed arguments, with -32602 "Invalid params" on any mismatch.
 *
 * jsonrpsee accepts params positionally or as an object keyed by the Rust parameter names (snake_case, with a
 * camelCase alias); Option parameters may be missing or null. The helpers here reproduce that, so handlers only ever
 * see a positional array and validate it with one zod tuple.
 */
import * as z from 'zod';
import { invalidParams } from './errors';
import type { RpcParams } from './group';
import type { RawParams } from './jsonrpc';

const toSnake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Positional params; object params are mapped by `names` (unknown keys are ignored, as serde does). */
export function positionalParams(params: RawParams, names: readonly string[] | undefined): RpcParams {
  if (Array.isArray(params)) return params;
  if (!names) throw invalidParams('this method takes its parameters as an array');
  const object = params as Readonly<Record<string, unknown>>;
  const values = names.map((name) => {
    for (const key of [name, toSnake(name), toCamel(name)]) if (Object.hasOwn(object, key)) return object[key];
    return undefined;
  });
  // Trailing absent values are dropped so "missing" looks the same as in a short positional array.
  while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
  return values;
}

/** Validates positional params against a zod tuple; the first problem becomes the error's data text. */
export function parseParams<T extends z.ZodTuple>(params: RpcParams, schema: T): z.output<T> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `param ${issue.path.join('.')}: ` : '';
  throw invalidParams(`${where}${issue?.message ?? 'invalid parameters'}`);
}

// Schemas the chain-facing groups share.

/** `0x`-prefixed hex with an even number of digits (Substrate's `Bytes`). */
export const zHex = z
  .string()
  .regex(/^0x([0-9a-fA-F]{2})*$/, 'expected 0x-prefixed hex bytes')
  .transform((s) => s.toLowerCase() as `0x${string}`);

/** A 32-byte hash (`H256`). */
export const zHash = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 0x-prefixed 32-byte hash')
  .transform((s) => s.toLowerCase() as `0x${string}`);

/** Substrate's `NumberOrHex` for block numbers: a u32 given as a number or as a hex string. */
export const zBlockNumber = z.union([
  z.number().int().min(0).max(0xffff_ffff),
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{1,8}$/, 'expected a block number')
    .transform((s) => Number.parseInt(s.slice(2), 16)),
]);

/** An `Option<T>` parameter: absent or null both mean None (undefined here). */
export const zOption = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((v) => (v === null ? undefined : v))
    .optional();
