/**
 * How a node does against the minting rules, from chain data: the minting period, the uptime share so far, the
 * uptime rule and a monthly earnings estimate. Pure functions over numbers read elsewhere.
 *
 * Sources (facts, not code): periods of 730.8 h from 2018-03-31 (threefoldtech/minting_v3 src/period.rs:
 * FIRST_PERIOD_START_TIMESTAMP 1522501000, 5 years / 60 periods); 95 % uptime for DIY nodes and 98 % for certified
 * ones (farming_requirements.md); cloud units as tfchain and minting compute them for farming (the manual's
 * "resource_units_calc_cloudunits": CU = min(cru × 4 / 2, (mru − 1) / 4, sru / 50), SU = hru / 1200 + sru × 0.8 / 200,
 * memory and storage in GB of 1024³ bytes); rewards per unit and month in the farming policy, in mUSD.
 */

export const FIRST_PERIOD_START_SECS = 1522501000;
/** 24 h × (3 × 365 + 2 × 366) days / 60 periods = 730.8 h. */
export const PERIOD_SECS = (24 * 3600 * (365 * 3 + 366 * 2)) / 60;
/** Zero-OS reports every 40 min; a gap of more than an hour (minting's allowance) counts as down. */
export const REPORT_ALLOWANCE_SECS = 3600;

const GIB = 1024 ** 3;

export function mintingPeriod(nowSecs: number): { start: number; end: number } {
  const index = Math.floor((nowSecs - FIRST_PERIOD_START_SECS) / PERIOD_SECS);
  const start = FIRST_PERIOD_START_SECS + index * PERIOD_SECS;
  return { start, end: start + PERIOD_SECS };
}

export interface UptimeReport {
  /** chain time (s) the report was included */
  timestamp: number;
  /** seconds since the node booted, as it reported */
  uptime: number;
}

/**
 * Seconds the node was up in [from, to]: each report covers the time since its boot (timestamp − uptime), and the
 * last report also covers up to an hour after it (the node may be up and simply not due yet).
 */
export function upSeconds(reports: readonly UptimeReport[], from: number, to: number): number {
  if (to <= from) return 0;
  const intervals = reports
    .map((r) => [Math.max(from, r.timestamp - r.uptime), Math.min(to, r.timestamp)] as [number, number])
    .filter(([a, b]) => b > a);
  const last = reports.reduce<UptimeReport | undefined>((latest, r) => (!latest || r.timestamp > latest.timestamp ? r : latest), undefined);
  if (last) {
    const tail: [number, number] = [Math.max(from, last.timestamp), Math.min(to, last.timestamp + REPORT_ALLOWANCE_SECS)];
    if (tail[1] > tail[0]) intervals.push(tail);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of intervals) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

export interface UptimeStanding {
  /** where this node's part of the period starts: the period start, or the node's creation if later */
  from: number;
  uptimePercent: number;
  requiredPercent: number;
  /** whether the rule can still be met if the node stays up until the period ends */
  onTrack: boolean;
  /** seconds of downtime left before the rule is missed */
  downtimeLeftSecs: number;
}

export function uptimeStanding(p: {
  reports: readonly UptimeReport[];
  nowSecs: number;
  createdSecs: number;
  certified: boolean;
}): UptimeStanding {
  const period = mintingPeriod(p.nowSecs);
  const from = Math.max(period.start, Math.min(p.createdSecs, p.nowSecs));
  const elapsed = p.nowSecs - from;
  const up = upSeconds(p.reports, from, p.nowSecs);
  const uptimePercent = elapsed <= 0 ? 100 : Math.min(100, (up / elapsed) * 100);
  const requiredPercent = p.certified ? 98 : 95;
  const span = period.end - from;
  const allowedDown = span * (1 - requiredPercent / 100);
  const down = Math.max(0, elapsed - up);
  return {
    from,
    uptimePercent: Math.round(uptimePercent * 100) / 100,
    requiredPercent,
    onTrack: down <= allowedDown,
    downtimeLeftSecs: Math.max(0, Math.floor(allowedDown - down)),
  };
}

export interface Resources {
  cru: number;
  /** bytes */
  mru: number;
  sru: number;
  hru: number;
}

/** Farming cloud units of a node's total capacity (see the sources above). */
export function cloudUnits(r: Resources): { cu: number; su: number } {
  const mruGb = r.mru / GIB;
  const sruGb = r.sru / GIB;
  const hruGb = r.hru / GIB;
  const cu = Math.max(0, Math.min((r.cru * 4) / 2, (mruGb - 1) / 4, sruGb / 50));
  const su = hruGb / 1200 + (sruGb * 0.8) / 200;
  return { cu: round(cu, 3), su: round(su, 3) };
}

export interface FarmingPolicyRewards {
  /** mUSD per CU per month */
  cu: number;
  /** mUSD per SU per month */
  su: number;
}

/**
 * A month's rewards for these units at this uptime: nothing below the rule, else the policy's rewards scaled by the
 * share of time up. `tftPriceMusd` is the chain's TFT price in mUSD (0: unknown, no TFT figure).
 */
export function monthlyEstimate(p: { cu: number; su: number; policy: FarmingPolicyRewards; uptimePercent: number; meetsRule: boolean; tftPriceMusd: number }): {
  usdPerMonth: number;
  tftPerMonth: number;
  tftPriceUsd: number;
} {
  const full = (p.cu * p.policy.cu + p.su * p.policy.su) / 1000;
  const usdPerMonth = p.meetsRule ? full * (p.uptimePercent / 100) : 0;
  const tftPriceUsd = p.tftPriceMusd / 1000;
  return {
    usdPerMonth: round(usdPerMonth, 2),
    tftPerMonth: tftPriceUsd > 0 ? round(usdPerMonth / tftPriceUsd, 2) : 0,
    tftPriceUsd,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const hours = (secs: number) => `${Math.round((secs / 3600) * 10) / 10} h`;

/** Plain sentences for the node report: why it would or would not mint. */
export function explain(p: {
  online: boolean;
  lastReportSecs: number;
  nowSecs: number;
  standing: UptimeStanding;
  periodEnd: number;
  policyName: string;
  cu: number;
  su: number;
  usdPerMonth: number;
  tftPerMonth: number;
  tftPriceUsd: number;
  virtualized: boolean;
}): string[] {
  const lines: string[] = [];
  if (p.lastReportSecs === 0) lines.push('The node has not reported its uptime yet: Zero-OS reports right after boot and then every 40 minutes.');
  else if (p.online) lines.push(`The node is up: its last uptime report was ${Math.max(0, Math.round((p.nowSecs - p.lastReportSecs) / 60))} min ago (up means a report within the last 80 min).`);
  else lines.push(`The node is down: its last uptime report was ${hours(p.nowSecs - p.lastReportSecs)} ago, more than 80 min.`);
  const s = p.standing;
  lines.push(`This minting period ends in ${hours(p.periodEnd - p.nowSecs)}; so far the node was up ${s.uptimePercent} % of its time in it (${s.requiredPercent} % needed${s.requiredPercent === 98 ? ' for a certified node' : ' for a DIY node'}).`);
  if (s.onTrack) lines.push(`It can still meet the rule: it may be down at most ${hours(s.downtimeLeftSecs)} more this period.`);
  else lines.push('It can no longer reach the uptime rule this period, so it will not mint for it; keep it up for the next one.');
  lines.push(`Its capacity counts as ${p.cu} CU and ${p.su} SU under the farming policy "${p.policyName}".`);
  if (p.virtualized) lines.push('The node runs in a virtual machine: such nodes earn no farming rewards.');
  else if (p.tftPriceUsd > 0) lines.push(`At this uptime that is about ${p.usdPerMonth} USD a month, ${p.tftPerMonth} TFT at the chain's price of ${p.tftPriceUsd} USD per TFT (network units and public IPs not counted).`);
  else lines.push(`At this uptime that is about ${p.usdPerMonth} USD a month; the chain has no TFT price yet, so no TFT figure.`);
  return lines;
}
