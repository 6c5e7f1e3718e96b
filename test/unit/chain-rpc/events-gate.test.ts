// Holding {finalized} until the connection read the block's events (chain-rpc-notes trap 1).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markEventsRead, whenEventsRead } from '../../../simulator/chain/rpc/events-gate';
import type { RpcConnection } from '../../../simulator/chain/rpc/group';

const conn = (): RpcConnection => ({ id: 1, transport: 'ws', remoteAddress: undefined, locals: new Map() });
const timing = { delayMs: 100, fallbackMs: 5000 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('events gate', () => {
  it('releases a delay after the events of that block were read on that connection', () => {
    const c = conn();
    const released: string[] = [];
    whenEventsRead(c, '0xAA', () => released.push('a'), timing);
    markEventsRead(conn(), '0xaa'); // another connection
    markEventsRead(c, '0xbb'); // another block
    vi.advanceTimersByTime(1000);
    expect(released).toEqual([]);
    markEventsRead(c, '0xaa');
    vi.advanceTimersByTime(99);
    expect(released).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(released).toEqual(['a']);
  });

  it('releases at once (after the delay) when the read came first, and at the fallback when it never comes', () => {
    const c = conn();
    const released: string[] = [];
    markEventsRead(c, '0xaa');
    whenEventsRead(c, '0xaa', () => released.push('read before'), timing);
    whenEventsRead(c, '0xcc', () => released.push('never read'), timing);
    vi.advanceTimersByTime(100);
    expect(released).toEqual(['read before']);
    vi.advanceTimersByTime(4900);
    expect(released).toEqual(['read before', 'never read']);
  });

  it('does nothing once cancelled', () => {
    const c = conn();
    const released: string[] = [];
    const cancel = whenEventsRead(c, '0xaa', () => released.push('x'), timing);
    cancel();
    markEventsRead(c, '0xaa');
    vi.advanceTimersByTime(10_000);
    expect(released).toEqual([]);
  });
});
