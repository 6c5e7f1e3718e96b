/**
 * The building blocks of the typed contract: a method or topic declaration, and the request schemas several
 * domains share. Each domain of the contract (domains/*.ts) declares its methods with these; contract.ts joins them.
 */
import * as z from 'zod';

/** A declaration pairs a runtime schema for the request with a compile-time-only response type. */
export interface MethodDecl<P extends z.ZodType, R> {
  readonly params: P;
  /** Phantom: carries the response type; never set at runtime. */
  readonly result?: R;
}
export interface TopicDecl<P extends z.ZodType, E> {
  readonly params: P;
  readonly event?: E;
}

export const method = <R>() => <P extends z.ZodType>(params: P): MethodDecl<P, R> => ({ params });
export const topic = <E>() => <P extends z.ZodType>(params: P): TopicDecl<P, E> => ({ params });

// Request schemas shared by several domains (input from the renderer or the CLI: treat as hostile).

export const address = z.string().trim().min(1, 'an address is required').max(64);
export const password = z.string().min(1, 'a password is required').max(1024);
/** A password that will protect a key file: long enough that scrypt's cost is worth something. */
export const newPassword = z.string().min(8, 'use a password of at least 8 characters').max(1024);
export const name = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(64, 'a name has at most 64 characters')
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'a name cannot contain control characters');
export const empty = z.object({}).strict();
