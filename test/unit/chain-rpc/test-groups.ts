/**
 * An RPC group made for tests: methods that succeed, fail, sleep or answer big, and subscriptions whose producers
 * count their starts and cleanups, so tests can prove nothing leaks. Shared by the unit and integration tests.
 */
import * as z from 'zod';
import { invalidTransaction } from '../../../simulator/chain/rpc/errors';
import { defineRpcGroup, defineSubscription, type RpcGroup } from '../../../simulator/chain/rpc/group';
import { parseParams, zOption } from '../../../simulator/chain/rpc/params';

export interface Probe {
  /** Subscriptions started and not yet cleaned up. */
  active: number;
  started: number;
  cleanedUp: number;
  /** Bumped by `test_bump`, which clients send as a notification. */
  bumps: number;
  /** Calls of `test_sleep` that have started and not yet finished. */
  sleeping: number;
}

export const newProbe = (): Probe => ({ active: 0, started: 0, cleanedUp: 0, bumps: 0, sleeping: 0 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function testGroup(probe: Probe): RpcGroup {
  const track = () => {
    probe.started += 1;
    probe.active += 1;
    return () => {
      probe.active -= 1;
      probe.cleanedUp += 1;
    };
  };
  return defineRpcGroup({
    name: 'test',
    methods: {
      test_echo: { params: ['value'], handler: ([value]) => value },
      test_add: {
        params: ['a', 'b'],
        handler: (params) => {
          const [a, b] = parseParams(params, z.tuple([z.number(), z.number()]));
          return a + b;
        },
      },
      test_positionalOnly: ([value]) => value,
      test_fail: () => {
        throw new Error('disk exploded at /home/secret/path');
      },
      test_invalidTx: () => {
        throw invalidTransaction('Payment');
      },
      test_sleep: {
        params: ['ms', 'value'],
        handler: async (params) => {
          const [ms, value] = parseParams(params, z.tuple([z.number().int().min(0).max(10_000), z.unknown()]));
          probe.sleeping += 1;
          await sleep(ms);
          probe.sleeping -= 1;
          return value;
        },
      },
      test_bytes: { params: ['n'], handler: ([n]) => 'x'.repeat(Number(n)) },
      test_bigint: () => 1n,
      test_void: () => undefined,
      test_bump: () => {
        probe.bumps += 1;
        return probe.bumps;
      },
      // The low-level API: a plain method that opens a subscription through its context.
      test_manualSubscribe: (_params, context) =>
        context.subscribe<string>('test_manual', (sink) => {
          sink.send('hello');
          return track();
        }),
      test_manualUnsubscribe: ([id], context) => context.unsubscribe('test_manual', String(id)),
      // A bug the server must catch: subscribing after the reply is decided (nobody would ever activate it).
      test_lateSubscribe: (_params, context) => {
        setTimeout(() => {
          context.subscribe('test_manual', () => track()).catch(() => (probe.bumps += 100));
        }, 0);
        return 'later';
      },
    },
    subscriptions: {
      ticks: defineSubscription<number>({
        subscribe: 'test_subscribeTicks',
        aliases: ['test_subscribeTick'],
        unsubscribe: 'test_unsubscribeTicks',
        unsubscribeAliases: ['test_unsubscribeTick'],
        notification: 'test_tick',
        params: ['immediate', 'intervalMs'],
        start(params, sink) {
          const [immediate = 0, intervalMs] = parseParams(
            params,
            z.tuple([zOption(z.number().int().min(0).max(1000)), zOption(z.number().int().min(1))]),
          );
          const stop = track();
          // Sent before the subscribe response exists: the server must hold them back.
          for (let i = 0; i < immediate; i += 1) sink.send(i);
          let next = immediate;
          const timer = intervalMs ? setInterval(() => sink.send(next++), intervalMs) : undefined;
          return () => {
            clearInterval(timer);
            stop();
          };
        },
      }),
      // An instant chain: the whole transaction life cycle happens before the subscribe call returns.
      watch: defineSubscription<unknown>({
        subscribe: 'test_submitAndWatch',
        unsubscribe: 'test_unwatch',
        notification: 'test_extrinsicUpdate',
        start(_params, sink) {
          const stop = track();
          sink.send('ready');
          sink.send({ inBlock: '0x01' });
          sink.send({ finalized: '0x01' });
          sink.close();
          return stop;
        },
      }),
      refused: defineSubscription<never>({
        subscribe: 'test_subscribeRefused',
        unsubscribe: 'test_unsubscribeRefused',
        notification: 'test_refused',
        start() {
          throw invalidTransaction('Stale');
        },
      }),
      // Pushes `size`-byte notifications as fast as the event loop allows, until the subscription ends.
      flood: defineSubscription<string>({
        subscribe: 'test_subscribeFlood',
        unsubscribe: 'test_unsubscribeFlood',
        notification: 'test_flood',
        params: ['size'],
        start(params, sink) {
          const [size] = parseParams(params, z.tuple([z.number().int().min(1).max(1_000_000)]));
          const stop = track();
          const chunk = 'f'.repeat(size);
          let timer: NodeJS.Immediate | undefined;
          const pump = () => {
            for (let i = 0; i < 8 && !sink.closed; i += 1) sink.send(chunk);
            if (!sink.closed) timer = setImmediate(pump);
          };
          timer = setImmediate(pump);
          return () => {
            clearImmediate(timer);
            stop();
          };
        },
      }),
      badCleanup: defineSubscription<never>({
        subscribe: 'test_subscribeBadCleanup',
        unsubscribe: 'test_unsubscribeBadCleanup',
        notification: 'test_badCleanup',
        start() {
          track();
          return () => {
            throw new Error('cleanup exploded');
          };
        },
      }),
    },
  });
}
