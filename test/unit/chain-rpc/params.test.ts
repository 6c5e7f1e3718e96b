import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { RpcError } from '../../../simulator/chain/rpc/errors';
import { parseParams, positionalParams, zBlockNumber, zHash, zHex, zOption } from '../../../simulator/chain/rpc/params';

const catchError = (fn: () => unknown): RpcError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('did not throw');
};

describe('positionalParams', () => {
  it('passes arrays through and maps objects by name, snake_case or camelCase', () => {
    expect(positionalParams([1, 2], undefined)).toEqual([1, 2]);
    expect(positionalParams({ prefix: '0x', count: 5, start_key: '0x01' }, ['prefix', 'count', 'startKey', 'at'])).toEqual(['0x', 5, '0x01']);
    expect(positionalParams({ blockHash: '0xab' }, ['block_hash'])).toEqual(['0xab']);
    expect(positionalParams({ count: 1, unknown: 2 }, ['prefix', 'count'])).toEqual([undefined, 1]);
    expect(positionalParams({}, ['a'])).toEqual([]);
  });

  it('refuses object params for methods without names', () => {
    expect(catchError(() => positionalParams({ a: 1 }, undefined)).toErrorObject()).toMatchObject({ code: -32602, message: 'Invalid params' });
  });
});

describe('parseParams', () => {
  const schema = z.tuple([zHex, zOption(zHash)]);

  it('accepts missing and null options, lower-cases hex', () => {
    const hash = `0x${'AB'.repeat(32)}`;
    expect(parseParams(['0xAA'], schema)).toEqual(['0xaa']);
    expect(parseParams(['0xaa', null], schema)).toEqual(['0xaa', undefined]);
    expect(parseParams(['0xaa', hash], schema)).toEqual(['0xaa', hash.toLowerCase()]);
  });

  it('reports the first problem as -32602 data', () => {
    expect(catchError(() => parseParams(['0xa'], schema)).toErrorObject()).toEqual({
      code: -32602,
      message: 'Invalid params',
      data: 'param 0: expected 0x-prefixed hex bytes',
    });
    expect(catchError(() => parseParams([], schema)).code).toBe(-32602);
    expect(catchError(() => parseParams(['0x', '0x12'], schema)).data).toMatch(/^param 1: /);
    expect(catchError(() => parseParams(['0x', undefined, 3], schema)).code).toBe(-32602);
  });

  it('reads block numbers as numbers or hex', () => {
    const numbers = z.tuple([zBlockNumber]);
    expect(parseParams([12], numbers)).toEqual([12]);
    expect(parseParams(['0x1a'], numbers)).toEqual([26]);
    expect(() => parseParams([-1], numbers)).toThrow(RpcError);
    expect(() => parseParams(['12'], numbers)).toThrow(RpcError);
  });
});
