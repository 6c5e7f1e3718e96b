import { describe, expect, it } from 'vitest';
import { defineRpcGroup, defineSubscription } from '../../../simulator/chain/rpc/group';
import { systemGroup } from '../../../simulator/chain/rpc/groups/system';
import { createRpcRegistry } from '../../../simulator/chain/rpc/registry';
import { newProbe, testGroup } from './test-groups';

const heads = defineSubscription<number>({
  subscribe: 'chain_subscribeNewHeads',
  aliases: ['subscribe_newHead', 'chain_subscribeNewHead'],
  unsubscribe: 'chain_unsubscribeNewHeads',
  unsubscribeAliases: ['unsubscribe_newHead', 'chain_unsubscribeNewHead'],
  notification: 'chain_newHead',
  start: () => undefined,
});

describe('defineRpcGroup', () => {
  it('normalizes plain functions and specs alike', () => {
    const handler = () => 1;
    const group = defineRpcGroup({ name: 'x', methods: { x_a: handler, x_b: { handler, params: ['p'] } } });
    expect(group.methods.get('x_a')).toEqual({ handler });
    expect(group.methods.get('x_b')).toEqual({ handler, params: ['p'] });
    expect(group.subscriptions).toEqual([]);
  });
});

describe('createRpcRegistry', () => {
  const registry = createRpcRegistry([
    defineRpcGroup({ name: 'chain', methods: { chain_getBlockHash: { handler: () => null, aliases: ['chain_getHead'] } }, subscriptions: { heads } }),
  ]);

  it('finds methods, aliases, subscribe and unsubscribe names by kind', () => {
    expect(registry.lookup('chain_getBlockHash')).toMatchObject({ kind: 'method', group: 'chain' });
    expect(registry.lookup('chain_getHead')).toMatchObject({ kind: 'method', name: 'chain_getHead' });
    for (const name of ['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead']) {
      expect(registry.lookup(name)).toMatchObject({ kind: 'subscribe', spec: { notification: 'chain_newHead' } });
    }
    for (const name of ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead', 'unsubscribe_newHead']) {
      expect(registry.lookup(name)).toMatchObject({ kind: 'unsubscribe' });
    }
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', '']) expect(registry.lookup(name)).toBeUndefined();
  });

  it('generates rpc_methods from everything registered, sorted, itself included', async () => {
    const expected = [
      'chain_getBlockHash',
      'chain_getHead',
      'chain_subscribeNewHead',
      'chain_subscribeNewHeads',
      'chain_unsubscribeNewHead',
      'chain_unsubscribeNewHeads',
      'rpc_methods',
      'subscribe_newHead',
      'unsubscribe_newHead',
    ];
    expect(registry.methodNames).toEqual(expected);
    const entry = registry.lookup('rpc_methods');
    if (entry?.kind !== 'method') throw new Error('rpc_methods missing');
    const context = {} as Parameters<typeof entry.spec.handler>[1];
    expect(await entry.spec.handler([], context)).toEqual({ methods: expected });
  });

  it('lists the system group and test subscriptions too', () => {
    const names = createRpcRegistry([systemGroup(), testGroup(newProbe())]).methodNames;
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['system_health', 'system_properties', 'test_subscribeTicks', 'test_unsubscribeTick', 'rpc_methods']));
  });

  it('fails at start-up on duplicate or malformed names', () => {
    const a = defineRpcGroup({ name: 'a', methods: { x_same: () => 1 } });
    const b = defineRpcGroup({ name: 'b', methods: { x_other: { handler: () => 2, aliases: ['x_same'] } } });
    expect(() => createRpcRegistry([a, b])).toThrow('RPC method x_same is defined twice (groups a and b)');
    expect(() => createRpcRegistry([defineRpcGroup({ name: 'r', methods: { rpc_methods: () => [] } })])).toThrow(/rpc_methods is defined twice/);
    expect(() => createRpcRegistry([defineRpcGroup({ name: 'bad', methods: { nounderscore: () => 1 } })])).toThrow(/invalid method name/);
    const sub = defineRpcGroup({ name: 's', subscriptions: { heads } });
    expect(() => createRpcRegistry([sub, sub])).toThrow(/defined twice/);
  });
});
