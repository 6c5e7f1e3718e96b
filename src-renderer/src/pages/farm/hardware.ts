/** The hardware step's form in the units people think in (threads, GiB of memory, GB disks) and the node profile. */
import type { HardwareInput } from '../../../../src-main/api/contract';

export interface HardwareForm {
  cru: number;
  memoryGib: number;
  /** inUse: holds partitions or the running system (detected; it would be wiped) */
  disks: { type: 'ssd' | 'hdd'; sizeGb: number; inUse?: boolean }[];
  firmware: 'uefi' | 'bios' | 'unknown';
  wired: boolean;
  virtualized: boolean;
  /** VT-x / AMD-V on in the firmware; null: not known */
  cpuVirtualization: boolean | null;
  arch: string;
}

const GIB = 1024 ** 3;
const GB = 1e9;

/** A small DIY node, as an example to edit: 4 threads, 16 GiB, a 1 TB SSD. */
export function fromProfile(profile: HardwareInput | null): HardwareForm {
  if (!profile) return { cru: 4, memoryGib: 16, disks: [{ type: 'ssd', sizeGb: 1000 }], firmware: 'uefi', wired: true, virtualized: false, cpuVirtualization: true, arch: 'x64' };
  return {
    cru: profile.cru,
    memoryGib: Math.max(1, Math.round(profile.mru / GIB)),
    disks: profile.disks.map((d) => ({ type: d.type, sizeGb: Math.max(1, Math.round(d.size / GB)), ...(d.inUse ? { inUse: true } : {}) })),
    firmware: profile.firmware ?? 'uefi',
    wired: profile.wired ?? true,
    virtualized: profile.virtualized ?? false,
    cpuVirtualization: profile.cpuVirtualization ?? null,
    arch: profile.arch ?? 'x64',
  };
}

const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/** The profile the backend checks and the simulated node reports; null while a number is missing or not whole. */
export function toProfile(form: HardwareForm): HardwareInput | null {
  if (!whole(form.cru) || !whole(form.memoryGib) || !form.disks.every((d) => whole(d.sizeGb))) return null;
  return {
    cru: form.cru,
    mru: form.memoryGib * GIB,
    disks: form.disks.map((d) => ({ type: d.type, size: d.sizeGb * GB, ...(d.inUse ? { inUse: true } : {}) })),
    firmware: form.firmware,
    wired: form.wired,
    virtualized: form.virtualized,
    cpuVirtualization: form.cpuVirtualization,
    arch: form.arch,
  };
}
