// The simulated node's clock is chain time: it follows Timestamp.Now, says when a time jump makes it race, and
// settles once blocks come at a normal pace again; a report is due when it is Zero-OS's 40 minutes past the last.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChainClock, reportDue, type ChainTimeSource } from '../../../simulator/node/uptime';

function fakeSource(): { source: ChainTimeSource; block: (nowMs: number) => void; stopped: () => boolean } {
  let listener: (nowMs: number) => void = () => {};
  let stopped = false;
  return {
    source: async (l) => {
      listener = l;
      l(1_000_000);
      return () => (stopped = true);
    },
    block: (nowMs) => listener(nowMs),
    stopped: () => stopped,
  };
}

describe('ChainClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('reads chain time, not the wall clock, and tells its listeners of each block', async () => {
    const fake = fakeSource();
    const clock = await ChainClock.start(fake.source);
    expect(clock.nowMs()).toBe(1_000_000);
    const seen: number[] = [];
    clock.onTick((now) => seen.push(now));
    vi.advanceTimersByTime(6000);
    fake.block(1_006_000);
    expect(clock.nowMs()).toBe(1_006_000);
    expect(seen).toEqual([1_006_000]);
    clock.close();
    expect(fake.stopped()).toBe(true);
  });

  it('races while a jump moves chain time by more than ten minutes within 2 s, and settles after', async () => {
    const fake = fakeSource();
    const clock = await ChainClock.start(fake.source);
    vi.advanceTimersByTime(1000);
    // Instant blocks, a few per second: not racing.
    for (let i = 1; i <= 8; i++) {
      vi.advanceTimersByTime(250);
      fake.block(1_000_000 + i * 6000);
    }
    expect(clock.racing()).toBe(false);
    // A grid registering its nodes in instant mode: 40 blocks within 2 s is still not a jump (a report sent now gets
    // into the next block), so first uptime reports are not held back.
    for (let i = 9; i < 49; i++) {
      vi.advanceTimersByTime(50);
      fake.block(1_000_000 + i * 6000);
    }
    expect(clock.racing()).toBe(false);
    // A jump: hundreds of blocks within milliseconds.
    for (let i = 49; i < 450; i++) fake.block(1_000_000 + i * 6000);
    expect(clock.racing()).toBe(true);
    const settled = clock.settled();
    let done = false;
    void settled.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1500);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(700);
    expect(done).toBe(true);
    expect(clock.racing()).toBe(false);
  });

  it('a chain at genesis (no time yet) that then makes its first blocks is not racing', async () => {
    let listener: (nowMs: number) => void = () => {};
    const clock = await ChainClock.start(async (l) => {
      listener = l;
      l(0);
      return () => {};
    });
    expect(clock.nowMs()).toBe(0);
    vi.advanceTimersByTime(500);
    listener(1_795_686_000_000);
    vi.advanceTimersByTime(100);
    listener(1_795_686_006_000);
    expect(clock.racing()).toBe(false);
  });

  it('a report is due once the node clock is 40 minutes past the last one', () => {
    expect(reportDue(40 * 60_000 - 1, 0)).toBe(false);
    expect(reportDue(40 * 60_000, 0)).toBe(true);
    expect(reportDue(25 * 3_600_000, 0)).toBe(true);
  });
});
