import { describe, expect, it } from 'vitest';
import { capacityShortfall, defaultRootSize, systemCapacity, totalCapacity, workloadCapacity } from '../../../simulator/node/capacity';
import { PRESETS, diskTotals, resolveProfile } from '../../../simulator/node/profiles';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

describe('hardware profiles', () => {
  it('resolves presets to independent copies', () => {
    const a = resolveProfile('gpu');
    a.cru = 1;
    expect(resolveProfile('gpu').cru).toBe(PRESETS.gpu.cru);
    expect(resolveProfile('gpu').gpus).toHaveLength(1);
  });

  it('accepts a full profile and fills defaults', () => {
    const p = resolveProfile({ cru: 2, mru: 4 * GIB, disks: [{ type: 'ssd', size: 200 * GIB }],
      location: { city: 'Ghent', country: 'Belgium', latitude: '51', longitude: '3' } });
    expect(p.gpus).toEqual([]);
    expect(p.virtualized).toBe(true);
  });

  it('refuses unknown presets and bad profiles with the reason', () => {
    expect(() => resolveProfile('huge')).toThrow(/unknown profile "huge"/);
    expect(() => resolveProfile({ cru: 0, mru: 1, disks: [], location: {} })).toThrow(/invalid hardware profile: cru/);
    expect(() => resolveProfile({ ...PRESETS.small, extra: 1 })).toThrow(/invalid hardware profile/);
  });

  it('counts SSDs as SRU and HDDs as HRU; no SSD leaves SRU at 0', () => {
    expect(diskTotals(PRESETS.medium)).toEqual({ sru: 1024 * GIB, hru: 4096 * GIB });
    expect(diskTotals(PRESETS.medium, true)).toEqual({ sru: 0, hru: 4096 * GIB });
  });
});

describe('capacity accounting', () => {
  it('charges workloads as Zero-OS does', () => {
    expect(workloadCapacity('zmachine', { compute_capacity: { cpu: 2, memory: 4 * GIB }, size: 15 * GIB }))
      .toEqual({ cru: 2, mru: 4 * GIB, sru: 15 * GIB, hru: 0, ipv4u: 0 });
    expect(workloadCapacity('zmachine', { compute_capacity: { cpu: 1, memory: GIB }, size: 0 }).sru).toBe(500 * MIB);
    expect(defaultRootSize(2, 4 * GIB)).toBe(2 * GIB);
    expect(workloadCapacity('zmount', { size: GIB }).sru).toBe(GIB);
    expect(workloadCapacity('zdb', { size: GIB }).hru).toBe(GIB);
    expect(workloadCapacity('ip', { v4: true }).ipv4u).toBe(1);
    expect(workloadCapacity('network', {})).toEqual({ cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 });
  });

  it('reserves max(10 % RAM, 2 GiB) and 20 GiB of SSD for the system', () => {
    expect(systemCapacity(totalCapacity(PRESETS.small))).toMatchObject({ mru: 2 * GIB, sru: 20 * GIB });
    expect(systemCapacity(totalCapacity(PRESETS.large)).mru).toBe(Math.floor(256 * GIB / 10));
  });

  it('names the first resource that does not fit', () => {
    const total = totalCapacity(PRESETS.small);
    const used = { cru: 0, mru: 7 * GIB, sru: 0, hru: 0, ipv4u: 0 };
    expect(capacityShortfall(total, used, { cru: 64, mru: GIB, sru: 0, hru: 0, ipv4u: 0 })).toBeNull();
    expect(capacityShortfall(total, used, { cru: 0, mru: 2 * GIB, sru: 0, hru: 0, ipv4u: 0 })).toMatch(/not enough mru/);
  });
});
