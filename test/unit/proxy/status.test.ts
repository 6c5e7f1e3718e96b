// The proxy's status rule (tfgrid-sdk-go nodestatus): up within 2 × 40 min of the last report when powered on,
// standby when powered down (or changing) within a day, else down; "now" is the chain time given.
import { describe, expect, it } from 'vitest';
import { nodeStatus } from '../../../simulator/services/proxy/status';

const NOW = 1_800_000_000;
const up = { state: 'Up', target: 'Up' } as const;
const off = { state: 'Down', target: 'Down' } as const;

describe('node status', () => {
  it('is up while the last report is at most 80 minutes old, then down', () => {
    expect(nodeStatus(up, NOW - 80 * 60, NOW)).toBe('up');
    expect(nodeStatus(up, NOW - 80 * 60 - 1, NOW)).toBe('down');
    expect(nodeStatus(up, 0, NOW)).toBe('down');
  });

  it('is standby when the farmer powered it down (or it is changing) and it reported within a day', () => {
    expect(nodeStatus(off, NOW - 3 * 3600, NOW)).toBe('standby');
    expect(nodeStatus({ state: 'Up', target: 'Down' }, NOW - 60, NOW)).toBe('standby');
    expect(nodeStatus({ state: 'Down', target: 'Up' }, NOW - 60, NOW)).toBe('standby');
    expect(nodeStatus(off, NOW - 25 * 3600, NOW)).toBe('down');
  });

  it('moves with the chain time it is given (time travel)', () => {
    const reported = NOW - 60;
    expect(nodeStatus(up, reported, NOW)).toBe('up');
    expect(nodeStatus(up, reported, NOW + 2 * 3600)).toBe('down');
  });
});
