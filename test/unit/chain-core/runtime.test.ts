// Pallet behaviour through the DispatchContext, inside a block being built: storage handles, events, module errors
// as clients decode them, balances' existential-deposit rules and issuance, and transactional rollback.
import { hexToU8a } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chain } from '../../../simulator/chain/core/chain';
import { DispatchContext } from '../../../simulator/chain/core/dispatch/context';
import { DispatchFailure } from '../../../simulator/chain/core/dispatch/errors';
import { signed, type Origin } from '../../../simulator/chain/core/dispatch/types';
import { BlockBuilder } from '../../../simulator/chain/core/executive';
import { auraPreDigest } from '../../../simulator/chain/core/block';
import { DEV_ACCOUNTS, DEV_ENDOWMENT } from '../../../simulator/chain/core/dev-genesis';
import { manualChain } from './helpers';

let chain: Chain;
beforeAll(async () => {
  chain = await manualChain();
});

const ALICE = hexToU8a(DEV_ACCOUNTS.alice);
const fresh = (n: number) => new Uint8Array(32).fill(n);

/** Runs `fn` with a context of `pallet` inside a new block on the best one; returns the events it emitted. */
function inBlock(pallet: string, origin: Origin, fn: (ctx: DispatchContext) => void): string[] {
  const best = chain.best;
  const b = new BlockBuilder(chain.codec, chain.impls, chain.store, {
    number: best.number + 1, parentHash: hexToU8a(best.hash), timestamp: best.timestamp + 6000, preDigest: auraPreDigest(1),
  }, chain.log);
  b.initialize();
  const before = b.env.overlay.events.length;
  b.env.phase = { ApplyExtrinsic: 1 };
  fn(new DispatchContext(b.env, chain.codec.pallet(pallet), origin));
  return b.env.overlay.events.slice(before).map((e) => {
    const record = chain.codec.registry.createType('FrameSystemEventRecord', e);
    return `${record.event.section}.${record.event.method}`;
  });
}

describe('DispatchContext', () => {
  it('reads and writes storage by declared item, with defaults, options and key decoding', () => {
    inBlock('System', signed(ALICE), (ctx) => {
      const account = ctx.storage('Account');
      expect(account.get(ALICE).data.free).toBe(DEV_ENDOWMENT);
      expect(account.get(fresh(1))).toEqual({
        nonce: 0, consumers: 0, providers: 0, sufficients: 0, data: { free: 0n, reserved: 0n, frozen: 0n, flags: 1n << 127n },
      });
      expect(account.tryGet(fresh(1))).toBeUndefined();
      expect(ctx.storage('Council', 'Prime').get()).toBeNull();
      const hashes = ctx.storage('BlockHash');
      hashes.set(7, new Uint8Array(32).fill(7));
      expect([...hashes.entries()].map(([[n]]) => n)).toContain(7);
      expect(ctx.storage('Number').mutate((n: number) => n + 10)).toBe(chain.best.number + 11);
      expect(ctx.now).toBe(chain.best.timestamp + 6000);
      expect(ctx.blockNumber).toBe(chain.best.number + 1);
    });
  });

  it('encodes module errors as clients decode them, own pallet or named', () => {
    inBlock('Balances', signed(ALICE), (ctx) => {
      const own = ctx.error('InsufficientBalance');
      const named = ctx.error('TfgridModule', 'TwinNotExists');
      for (const [failure, section, name] of [[own, 'balances', 'InsufficientBalance'], [named, 'tfgridModule', 'TwinNotExists']] as const) {
        const error = chain.codec.registry.createType('SpRuntimeDispatchError', chain.codec.encode(
          chain.codec.pallet('System').events!.variants.find((v) => v.name === 'ExtrinsicFailed')!.fields[0]!.type, failure.error));
        const meta = chain.codec.registry.findMetaError(error.asModule);
        expect([meta.section, meta.name]).toEqual([section, name]);
      }
      expect(() => ctx.ensure(false, 'TwinExists')).toThrow(); // not a Balances error: a programming error
      expect(() => ctx.fail('NoSuchError')).toThrow('Balances has no error NoSuchError');
      expect(() => ctx.ensureRoot()).toThrow(DispatchFailure);
    });
  });

  it('withdraws with Currency semantics (module errors) and transfers with fungible ones (Token errors)', () => {
    inBlock('Balances', signed(ALICE), (ctx) => {
      const who = fresh(2);
      expect(() => ctx.currency.withdraw(who, 1n)).toThrow('Balances.InsufficientBalance');
      ctx.currency.transfer(ALICE, who, 1000n);
      expect(() => ctx.currency.withdraw(who, 600n, 'KeepAlive')).toThrow('Balances.Expendability');
      expect(() => ctx.currency.transfer(who, ALICE, 600n, 'KeepAlive')).toThrow('Token.NotExpendable');
      expect(() => ctx.currency.transfer(ALICE, fresh(3), 499n)).toThrow('Token.BelowMinimum');
      expect(() => ctx.currency.transfer(who, ALICE, 5000n)).toThrow('Token.FundsUnavailable');
    });
  });

  it('creates accounts at the existential deposit and reaps them below it, burning the dust', () => {
    const events = inBlock('Balances', signed(ALICE), (ctx) => {
      const who = fresh(4);
      const issuance = ctx.currency.totalIssuance();
      ctx.currency.transfer(ALICE, who, 1000n);
      expect(ctx.storage('System', 'Account').get(who).providers).toBe(1);
      ctx.currency.transfer(who, ALICE, 700n, 'AllowDeath');
      expect(ctx.storage('System', 'Account').exists(who)).toBe(false);
      expect(ctx.currency.totalIssuance()).toBe(issuance - 300n);
    });
    expect(events).toEqual([
      'system.NewAccount', 'balances.Endowed', 'balances.Transfer',
      'system.KilledAccount', 'balances.DustLost', 'balances.Transfer',
    ]);
  });

  it('reserves and unreserves, counting a consumer reference meanwhile', () => {
    const events = inBlock('Balances', signed(ALICE), (ctx) => {
      const who = fresh(5);
      ctx.currency.transfer(ALICE, who, 10_000n);
      ctx.currency.reserve(who, 4_000n);
      expect(ctx.currency.account(who)).toMatchObject({ free: 6_000n, reserved: 4_000n });
      expect(ctx.storage('System', 'Account').get(who).consumers).toBe(1);
      expect(() => ctx.currency.reserve(who, 7_000n)).toThrow('Balances.InsufficientBalance');
      expect(ctx.currency.unreserve(who, 5_000n)).toBe(1_000n);
      expect(ctx.storage('System', 'Account').get(who).consumers).toBe(0);
    });
    expect(events.slice(-2)).toEqual(['balances.Reserved', 'balances.Unreserved']);
  });

  it('rolls back a failed nested dispatch, its events included', () => {
    const events = inBlock('Utility', signed(ALICE), (ctx) => {
      const outcome = ctx.dispatch({ Utility: { batch_all: { calls: [
        { Balances: { transfer: { dest: { Id: fresh(6) }, value: 1000n } } },
        { Balances: { transfer: { dest: { Id: fresh(6) }, value: 10n ** 30n } } },
      ] } } });
      expect(outcome.ok).toBe(false);
      expect(ctx.storage('System', 'Account').exists(fresh(6))).toBe(false);
    });
    expect(events).toEqual([]);
  });
});
