// Dispatch failures as exceptions: a call (or anything it uses) throws a DispatchFailure carrying the
// `sp_runtime::DispatchError` value; the executive turns it into `System.ExtrinsicFailed` after rolling the call back.
import type { DispatchErrorValue } from '../codec';

export class DispatchFailure extends Error {
  override readonly name = 'DispatchFailure';
  constructor(readonly error: DispatchErrorValue, description: string) {
    super(description);
  }
}

export const badOrigin = (): DispatchFailure => new DispatchFailure('BadOrigin', 'BadOrigin');

/** `DispatchError::Token(…)`: what fungible transfers fail with since the balances rewrite (polkadot v1.0). */
export type TokenError =
  | 'FundsUnavailable' | 'OnlyProvider' | 'BelowMinimum' | 'CannotCreate' | 'UnknownAsset' | 'Frozen'
  | 'Unsupported' | 'CannotCreateHold' | 'NotExpendable' | 'Blocked';

export const tokenError = (e: TokenError): DispatchFailure => new DispatchFailure({ Token: e }, `Token.${e}`);

export type ArithmeticError = 'Underflow' | 'Overflow' | 'DivisionByZero';

export const arithmeticError = (e: ArithmeticError): DispatchFailure =>
  new DispatchFailure({ Arithmetic: e }, `Arithmetic.${e}`);

/** Plain errors without payload: 'Other', 'CannotLookup', 'ConsumerRemaining', 'NoProviders', 'TooManyConsumers', … */
export const dispatchError = (e: string): DispatchFailure => new DispatchFailure(e, e);
