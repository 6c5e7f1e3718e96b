// `gridbox time jump DURATION`: what a user types becomes seconds, or a usage error that says how to write it.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src-main/cli/commands/time';
import { jumpBlocks } from '../../../simulator/chain/core/time-control';

describe('parseDuration', () => {
  it('reads a number and a unit, and parts together', () => {
    expect(parseDuration('25h')).toBe(90_000);
    expect(parseDuration('3d')).toBe(259_200);
    expect(parseDuration('90m')).toBe(5400);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('1w')).toBe(604_800);
    expect(parseDuration('1d12h')).toBe(129_600);
    expect(parseDuration('2h30m')).toBe(9000);
    expect(parseDuration(' 1.5H ')).toBe(5400);
  });

  it('refuses what it cannot read, zero, and more than 30 days', () => {
    for (const bad of ['', '25', 'h', '25x', '-3d', '3 d', '1d-2h', 'NaN', '1e3h', '25h!']) {
      expect(() => parseDuration(bad), bad).toThrow(/bad duration/);
    }
    expect(() => parseDuration('0h')).toThrow(/longer than 0/);
    expect(() => parseDuration('31d')).toThrow(/at most 30 days/);
    expect(parseDuration('30d')).toBe(2_592_000);
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(90_000)).toBe('1d 1h');
    expect(formatDuration(5400)).toBe('1h 30m');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-7200)).toBe('-2h');
  });
});

describe('jumpBlocks (the chain side of gridbox_timeJump)', () => {
  it('counts whole 6 s slots, rounded up', () => {
    expect(jumpBlocks(90_000)).toBe(15_000);
    expect(jumpBlocks(1)).toBe(1);
    expect(jumpBlocks(7)).toBe(2);
  });

  it('refuses negative, zero, non-numbers and more than 30 days with the reason', () => {
    expect(() => jumpBlocks(-1)).toThrow(expect.objectContaining({ code: -32602, data: 'seconds must be positive (got -1)' }));
    expect(() => jumpBlocks(0)).toThrow(expect.objectContaining({ data: 'seconds must be positive (got 0)' }));
    expect(() => jumpBlocks(Number.NaN)).toThrow(expect.objectContaining({ data: 'seconds must be a number' }));
    expect(() => jumpBlocks('25h')).toThrow(expect.objectContaining({ data: 'seconds must be a number' }));
    expect(() => jumpBlocks(30 * 86_400 + 1)).toThrow(expect.objectContaining({ data: expect.stringMatching(/at most 2592000 seconds/) }));
  });
});
