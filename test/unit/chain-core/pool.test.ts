// The pool's ready/future split per sender, priority order across senders, replacement by priority, and the next
// index it reports.
import { describe, expect, it } from 'vitest';
import type { TransactionStatusJson } from '../../../simulator/chain/rpc/chain-api';
import { TxPool } from '../../../simulator/chain/core/pool';
import type { ValidTransaction } from '../../../simulator/chain/core/validate';

let n = 0;
function tx(sender: string, nonce: number, tip = 0n, priority = tip): ValidTransaction {
  const hash = `0x${(++n).toString(16).padStart(64, '0')}` as const;
  return {
    xt: { bytes: new Uint8Array(), hex: '0x', hash, signed: undefined, callBytes: new Uint8Array(), call: {} },
    signer: new Uint8Array(32), signerHex: sender, nonce, tip, death: Number.POSITIVE_INFINITY,
    info: { weight: { refTime: 0, proofSize: 0 }, class: 'Normal', paysFee: 'Yes' }, fee: 0n, priority, future: false,
  };
}

describe('TxPool', () => {
  it('makes a nonce ready only when every earlier one is there, and tells watchers when it gets promoted', () => {
    const pool = new TxPool();
    const seen: TransactionStatusJson[] = [];
    pool.add(tx('a', 6), 5, (s) => seen.push(s));
    expect(seen).toEqual(['future']);
    expect(pool.nextIndex('a', 5)).toBe(5);
    pool.add(tx('a', 5), 5);
    expect(seen).toEqual(['future', 'ready']);
    expect(pool.nextIndex('a', 5)).toBe(7);
    expect(pool.ready().map((t) => t.nonce)).toEqual([5, 6]);
  });

  it('lists ready transactions in arrival order across senders', () => {
    const pool = new TxPool();
    pool.add(tx('a', 0), 0);
    pool.add(tx('b', 0), 0);
    pool.add(tx('a', 1), 0);
    expect(pool.ready().map((t) => `${t.signerHex}${t.nonce}`)).toEqual(['a0', 'b0', 'a1']);
  });

  it('replaces a same-nonce transaction only for a higher tip, and refuses duplicates', () => {
    const pool = new TxPool();
    const seen: TransactionStatusJson[] = [];
    const first = tx('a', 0, 5n);
    pool.add(first, 0, (s) => seen.push(s));
    expect(() => pool.add(tx('a', 0, 5n), 0)).toThrow('Priority is too low');
    expect(() => pool.add(first, 0)).toThrow('Transaction Already Imported');
    const better = tx('a', 0, 6n);
    pool.add(better, 0);
    expect(seen).toEqual(['ready', { usurped: better.xt.hash }]);
    expect(pool.size).toBe(1);
    expect(pool.ready()).toEqual([expect.objectContaining({ nonce: 0, tip: 6n })]);
  });

  it('drops what a new on-chain nonce made stale and promotes the rest', () => {
    const pool = new TxPool();
    const seen: TransactionStatusJson[] = [];
    pool.add(tx('a', 3), 3, (s) => seen.push(`3:${String(s)}` as TransactionStatusJson));
    pool.add(tx('a', 5), 3, (s) => seen.push(`5:${String(s)}` as TransactionStatusJson));
    pool.refresh('a', 5);
    expect(seen).toEqual(['3:ready', '5:future', '3:invalid', '5:ready']);
    expect(pool.size).toBe(1);
  });

  it('orders ready transactions by priority across senders, arrival among equals, nonces in order per sender', () => {
    const pool = new TxPool();
    pool.add(tx('a', 0, 0n, 1n), 0);
    pool.add(tx('b', 0, 0n, 1n), 0);
    pool.add(tx('c', 0, 0n, 9n), 0);
    pool.add(tx('a', 1, 0n, 50n), 0);
    pool.add(tx('b', 1, 0n, 5n), 0);
    // c0 is best; a1 outranks everything left but needs a0 first, which then ties with b0 and arrived earlier.
    expect(pool.ready().map((t) => `${t.signerHex}${t.nonce}`)).toEqual(['c0', 'a0', 'a1', 'b0', 'b1']);
    expect(pool.hasReady()).toBe(true);
  });

  it('refuses a replacement of equal priority with 1014 naming both priorities, and counts ready ones', () => {
    const pool = new TxPool();
    pool.add(tx('a', 0, 0n, 7n), 0);
    expect(() => pool.add(tx('a', 0, 100n, 7n), 0)).toThrow('Priority is too low: (7 vs 7)');
    pool.add(tx('a', 1, 0n, 7n), 0);
    pool.add(tx('a', 0, 0n, 8n), 0);
    expect(pool.ready().map((t) => t.priority)).toEqual([8n, 7n]);
    pool.refresh('a', 2);
    expect(pool.size).toBe(0);
    expect(pool.hasReady()).toBe(false);
  });
});
