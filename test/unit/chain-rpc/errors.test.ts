import { describe, expect, it, vi } from 'vitest';
import {
  errorObject,
  INTERNAL_ERROR,
  invalidTransaction,
  invalidTransactionCustom,
  METHOD_NOT_FOUND,
  priorityTooLow,
  RpcError,
  toErrorObject,
} from '../../../simulator/chain/rpc/errors';

describe('RPC errors', () => {
  it('uses jsonrpsee texts for the standard codes and omits absent data', () => {
    expect(errorObject(METHOD_NOT_FOUND)).toEqual({ code: -32601, message: 'Method not found' });
    expect(errorObject(-32700)).toEqual({ code: -32700, message: 'Parse error' });
    expect(errorObject(-32600)).toEqual({ code: -32600, message: 'Invalid request' });
    expect(errorObject(-32602, 'why')).toEqual({ code: -32602, message: 'Invalid params', data: 'why' });
    expect(new RpcError(-32099).message).toBe('Server error');
  });

  it('maps RpcErrors as they are and everything else to a bare internal error', () => {
    const report = vi.fn();
    expect(toErrorObject(new RpcError(1, 'Block 0x00 not found'), report)).toEqual({ code: 1, message: 'Block 0x00 not found' });
    expect(report).not.toHaveBeenCalled();
    for (const thrown of [new Error('/etc/secret'), new TypeError('x is undefined'), 'a string', { code: 5 }, undefined]) {
      expect(toErrorObject(thrown, report)).toEqual({ code: INTERNAL_ERROR, message: 'Internal error' });
    }
    expect(report).toHaveBeenCalledTimes(5);
  });

  it('words transaction-pool errors exactly as Substrate does', () => {
    expect(invalidTransaction('Payment').toErrorObject()).toEqual({
      code: 1010,
      message: 'Invalid Transaction',
      data: 'Inability to pay some fees (e.g. account balance too low)',
    });
    expect(invalidTransaction('BadProof').toErrorObject().data).toBe('Transaction has a bad signature');
    expect(invalidTransaction('Stale').toErrorObject().data).toBe('Transaction is outdated');
    expect(invalidTransactionCustom(3).toErrorObject().data).toBe('Custom error: 3');
    expect(priorityTooLow(5, 5).toErrorObject()).toEqual({
      code: 1014,
      message: 'Priority is too low: (5 vs 5)',
      data: 'The transaction has too low priority to replace another transaction already in the pool.',
    });
  });
});
