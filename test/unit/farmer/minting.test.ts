import { describe, expect, it } from 'vitest';
import { cloudUnits, FIRST_PERIOD_START_SECS, mintingPeriod, monthlyEstimate, PERIOD_SECS, upSeconds, uptimeStanding } from '../../../src-main/backend/farmer/minting';

const GIB = 1024 ** 3;

describe('minting periods', () => {
  it('are 730.8 h long from the first period of 2018', () => {
    expect(PERIOD_SECS).toBe(2_630_880);
    expect(PERIOD_SECS / 3600).toBeCloseTo(730.8, 5);
    expect(mintingPeriod(FIRST_PERIOD_START_SECS + 10)).toEqual({ start: FIRST_PERIOD_START_SECS, end: FIRST_PERIOD_START_SECS + PERIOD_SECS });
    const now = 1_790_000_000;
    const p = mintingPeriod(now);
    expect(p.start).toBeLessThanOrEqual(now);
    expect(p.end).toBeGreaterThan(now);
    expect((p.start - FIRST_PERIOD_START_SECS) % PERIOD_SECS).toBe(0);
  });
});

describe('uptime from reports', () => {
  it('counts each boot interval once and an hour after the last report', () => {
    // Booted at 1000, reported at 2000 and 3000; rebooted at 5000, reported at 5500.
    const reports = [{ timestamp: 2000, uptime: 1000 }, { timestamp: 3000, uptime: 2000 }, { timestamp: 5500, uptime: 500 }];
    expect(upSeconds(reports, 0, 10_000)).toBe(2000 + 500 + 3600);
    expect(upSeconds(reports, 1500, 2500)).toBe(1000);
    expect(upSeconds([], 0, 100)).toBe(0);
  });

  it('judges the rule from the node creation on, and whether it can still be met', () => {
    const now = mintingPeriod(1_790_000_000).start + 10 * 24 * 3600;
    const created = now - 2 * 24 * 3600;
    // Up all the time: reports every 40 min since creation.
    const reports = Array.from({ length: 72 }, (_, i) => ({ timestamp: created + (i + 1) * 2400, uptime: (i + 1) * 2400 })).filter((r) => r.timestamp <= now);
    const good = uptimeStanding({ reports, nowSecs: now, createdSecs: created, certified: false });
    expect(good).toMatchObject({ uptimePercent: 100, requiredPercent: 95, onTrack: true });
    // Reports stop after 34 × 40 min; with the hour of grace after the last one that is about half the two days. A
    // DIY node may still miss 5 % of the rest of the period (~26 h of ~22 days) from its creation.
    const half = uptimeStanding({ reports: reports.filter((r) => r.timestamp <= created + 24 * 3600 - 3600), nowSecs: now, createdSecs: created, certified: false });
    expect(half.uptimePercent).toBeCloseTo(((34 * 2400 + 3600) / (48 * 3600)) * 100, 1);
    expect(half.onTrack).toBe(true);
    const certified = uptimeStanding({ reports: reports.filter((r) => r.timestamp <= created + 24 * 3600 - 3600), nowSecs: now, createdSecs: created, certified: true });
    expect(certified.requiredPercent).toBe(98);
    expect(certified.onTrack).toBe(false);
  });
});

describe('cloud units and the earnings estimate', () => {
  it('computes CU and SU with the farming formulas', () => {
    // 8 threads, 32 GiB, 1 TiB SSD, 4 TiB HDD: CU = min(16, 7.75, 20.48) = 7.75; SU = 4096/1200 + 1024×0.8/200 = 7.509
    expect(cloudUnits({ cru: 8, mru: 32 * GIB, sru: 1024 * GIB, hru: 4096 * GIB })).toEqual({ cu: 7.75, su: 7.509 });
    // SSD-bound CU.
    expect(cloudUnits({ cru: 32, mru: 256 * GIB, sru: 500 * GIB, hru: 0 }).cu).toBe(10);
    expect(cloudUnits({ cru: 1, mru: GIB / 2, sru: 0, hru: 0 }).cu).toBe(0);
  });

  it('prices a month from the policy rewards and the TFT price, nothing below the rule', () => {
    const policy = { cu: 2400, su: 1000 };
    const full = monthlyEstimate({ cu: 7.75, su: 7.509, policy, uptimePercent: 100, meetsRule: true, tftPriceMusd: 50 });
    // 7.75 × 2.4 + 7.509 × 1 = 26.109 USD; at 0.05 USD per TFT: 522.18 TFT.
    expect(full).toEqual({ usdPerMonth: 26.11, tftPerMonth: 522.18, tftPriceUsd: 0.05 });
    expect(monthlyEstimate({ cu: 7.75, su: 7.509, policy, uptimePercent: 97, meetsRule: true, tftPriceMusd: 50 }).usdPerMonth).toBe(25.33);
    expect(monthlyEstimate({ cu: 7.75, su: 7.509, policy, uptimePercent: 90, meetsRule: false, tftPriceMusd: 50 })).toMatchObject({ usdPerMonth: 0, tftPerMonth: 0 });
    expect(monthlyEstimate({ cu: 1, su: 1, policy, uptimePercent: 100, meetsRule: true, tftPriceMusd: 0 })).toMatchObject({ usdPerMonth: 3.4, tftPerMonth: 0 });
  });
});
