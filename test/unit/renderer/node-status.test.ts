import { describe, expect, it } from 'vitest';
import type { GridNodeView } from '../../../src-main/api/contract';
import { capacityBars, formatGib, formatSpan, lastReport, nodeActions, nodeHealth, powerState } from '../../../src-renderer/src/pages/grid/node-status';

const base: GridNodeView = {
  name: 'node1', state: 'online', address: '5F…', twinId: 3, nodeId: 1, farmId: 1, uptimeReports: 2, relayConnected: true,
  faults: { pauseUptime: false, stuckRegistration: false, noSsd: false, clockSkewSecs: 0, relayCut: false },
  capacity: { total: { cru: 4, mru: 8 * 1024 ** 3, sru: 512 * 1024 ** 3, hru: 0, ipv4u: 0 }, used: { cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 } },
  deployments: 0,
};

describe('node status on the Local grid page', () => {
  it('tells an online node that reports uptime from one whose reports are paused', () => {
    expect(nodeHealth(base)).toMatchObject({ label: 'Online', tone: 'success' });
    const paused = { ...base, faults: { ...base.faults, pauseUptime: true } };
    expect(nodeHealth(paused)).toMatchObject({ label: 'Not reporting', tone: 'warning' });
    expect(nodeActions(paused).map((a) => a.action)).toContain('resume-uptime');
    expect(nodeActions(base).map((a) => a.action)).toContain('pause-uptime');
  });

  it('offers only Start for a stopped node and shows a registration error as the node gave it', () => {
    expect(nodeActions({ ...base, state: 'stopped' }).map((a) => a.action)).toEqual(['start']);
    expect(nodeHealth({ ...base, state: 'error', error: 'registration refused: no SSD' })).toMatchObject({ tone: 'danger', detail: 'registration refused: no SSD' });
    expect(nodeHealth({ ...base, state: 'registering' })).toMatchObject({ kind: 'starting', label: 'Starting', detail: expect.stringMatching(/Registering on chain/) });
  });

  it('maps every node state to the map\'s five: online, not reporting, down, starting, stuck', () => {
    expect(nodeHealth({ ...base, state: 'stopped' }).kind).toBe('down');
    expect(nodeHealth({ ...base, state: 'crashed' }).kind).toBe('down');
    expect(nodeHealth({ ...base, state: 'booting', faults: { ...base.faults, stuckRegistration: true } }).kind).toBe('stuck');
    expect(nodeHealth({ ...base, state: 'error' }).kind).toBe('stuck');
    expect(powerState({ ...base, state: 'stopped' })).toBe('off');
    expect(powerState(base)).toBe('on');
  });

  it('gives capacity bars for what the node has and says how old its last report is in chain time', () => {
    const used = { ...base, capacity: { ...base.capacity, used: { cru: 1, mru: 2 * 1024 ** 3, sru: 0, hru: 0, ipv4u: 0 } } };
    expect(capacityBars(used).map((b) => [b.label, b.percent])).toEqual([['CPU', 25], ['RAM', 25], ['SSD', 0]]);
    expect(lastReport({ ...base, lastUptimeAt: 1_000_000 }, 1_000_000 + 3 * 3600_000)).toMatch(/^last report 3 h ago/);
    expect(lastReport(base, 0)).toBe('no uptime report yet');
    expect(formatSpan(25 * 3600)).toBe('1d 1h');
  });

  it('formats capacity in GiB', () => {
    expect(formatGib(8 * 1024 ** 3)).toBe('8 GiB');
    expect(formatGib(1.5 * 1024 ** 3)).toBe('1.5 GiB');
  });
});
