import { describe, expect, it } from 'vitest';
import { notificationMessage, parseMessage, readRequest, successResponse } from '../../../simulator/chain/rpc/jsonrpc';

describe('JSON-RPC wire format', () => {
  it('classifies calls, notifications and invalid requests', () => {
    expect(readRequest({ jsonrpc: '2.0', id: 1, method: 'a_b', params: [1] })).toEqual({ kind: 'call', id: 1, method: 'a_b', params: [1] });
    expect(readRequest({ jsonrpc: '2.0', id: null, method: 'a_b' })).toEqual({ kind: 'call', id: null, method: 'a_b', params: [] });
    expect(readRequest({ jsonrpc: '2.0', method: 'a_b', params: { x: 1 } })).toEqual({ kind: 'notification', method: 'a_b', params: { x: 1 } });
    expect(readRequest({ jsonrpc: '2.0', id: 'x', method: '' })).toEqual({ kind: 'invalid', id: 'x' });
    expect(readRequest({ jsonrpc: '2.0', id: Number.POSITIVE_INFINITY, method: 'a_b' })).toEqual({ kind: 'invalid', id: null });
    expect(readRequest([1])).toEqual({ kind: 'invalid', id: null });
  });

  it('parses batches and reports parse errors', () => {
    expect(parseMessage('[{"jsonrpc":"2.0","id":1,"method":"a_b"}, 5]')).toMatchObject({ kind: 'batch', entries: [{ kind: 'call' }, { kind: 'invalid' }] });
    expect(parseMessage('{"jsonrpc"')).toEqual({ kind: 'parse-error' });
    expect(parseMessage('')).toEqual({ kind: 'parse-error' });
  });

  it('writes responses and notifications in jsonrpsee member order', () => {
    expect(successResponse(7, { a: 1 })).toBe('{"jsonrpc":"2.0","id":7,"result":{"a":1}}');
    expect(successResponse('x', undefined)).toBe('{"jsonrpc":"2.0","id":"x","result":null}');
    expect(notificationMessage('chain_newHead', 'abc', { n: 1 })).toBe(
      '{"jsonrpc":"2.0","method":"chain_newHead","params":{"subscription":"abc","result":{"n":1}}}',
    );
  });
});
