/**
 * Capacity accounting as Zero-OS does it: what each workload type consumes (pkg/gridtypes/zos `Capacity()`), what
 * the system keeps for itself, and whether a deployment fits.
 */
import type { HardwareProfile } from './profiles';
import { diskTotals } from './profiles';
import type { Capacity } from './types';
import { ZERO_CAPACITY } from './types';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

export function addCapacity(a: Capacity, b: Capacity): Capacity {
  return { cru: a.cru + b.cru, mru: a.mru + b.mru, sru: a.sru + b.sru, hru: a.hru + b.hru, ipv4u: a.ipv4u + b.ipv4u };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/** A VM's root filesystem when the client asks for none: 2 GiB for a VM with cpu × memory ≥ 8 GiB, else 500 MiB. */
export function defaultRootSize(cpu: number, memory: number): number {
  return (cpu * memory) / (8 * GIB) >= 1 ? 2 * GIB : 500 * MIB;
}

export function workloadCapacity(type: string, data: unknown): Capacity {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  switch (type) {
    case 'zmachine':
    case 'zmachine-light': {
      const cc = (d.compute_capacity ?? {}) as Record<string, unknown>;
      const cpu = num(cc.cpu);
      const memory = num(cc.memory);
      return { ...ZERO_CAPACITY, cru: cpu, mru: memory, sru: num(d.size) || defaultRootSize(cpu, memory) };
    }
    case 'zmount':
    case 'volume':
      return { ...ZERO_CAPACITY, sru: num(d.size) };
    case 'zdb':
      return { ...ZERO_CAPACITY, hru: num(d.size) };
    case 'ip':
      return { ...ZERO_CAPACITY, ipv4u: d.v4 ? 1 : 0 };
    case 'ipv4':
      return { ...ZERO_CAPACITY, ipv4u: 1 };
    default:
      return { ...ZERO_CAPACITY };
  }
}

export function totalCapacity(profile: HardwareProfile, noSsd = false): Capacity {
  const { sru, hru } = diskTotals(profile, noSsd);
  return { cru: profile.cru, mru: profile.mru, sru, hru, ipv4u: 0 };
}

/** What Zero-OS reserves for itself: max(10 % RAM, 2 GiB) and a 20 GiB SSD cache (grid proxy's model). */
export function systemCapacity(total: Capacity): Capacity {
  return { ...ZERO_CAPACITY, mru: Math.max(Math.floor(total.mru / 10), 2 * GIB), sru: Math.min(20 * GIB, total.sru) };
}

/** The first resource `used + extra` exceeds, or null when it fits (CPU may be overcommitted, as on Zero-OS). */
export function capacityShortfall(total: Capacity, used: Capacity, extra: Capacity): string | null {
  for (const key of ['mru', 'sru', 'hru'] as const) {
    if (used[key] + extra[key] > total[key]) {
      return `not enough ${key}: ${extra[key]} requested, ${Math.max(0, total[key] - used[key])} free`;
    }
  }
  return null;
}
