import { describe, expect, it } from 'vitest';
import { hardwareInput } from '../../../src-main/api/domains/farmer';
import { preflight } from '../../../src-main/backend/farmer/preflight';

const GIB = 1024 ** 3;
const hw = (over: Record<string, unknown> = {}) =>
  hardwareInput.parse({ cru: 8, mru: 64 * GIB, disks: [{ type: 'ssd', size: 1000 * GIB }, { type: 'hdd', size: 4000 * GIB }], cpuVirtualization: true, ...over });
const byId = (checks: ReturnType<typeof preflight>) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('pre-flight checklist', () => {
  it('passes a good bare-metal UEFI machine, warning only that disks get wiped', () => {
    const checks = preflight(hw());
    expect(checks.map((c) => c.id)).toEqual(['arch', 'ssd', 'memory', 'cpu', 'network', 'wipe', 'firmware', 'virtualization']);
    expect(checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual(['wipe']);
    expect(byId(checks).firmware!.fix).toMatch(/EFI IMG/);
  });

  it('fails what Zero-OS or the chain cannot work with, saying what to do', () => {
    const c = byId(preflight(hw({ arch: 'arm64', disks: [{ type: 'hdd', size: 4000 * GIB }], mru: GIB, wired: false, cpuVirtualization: false })));
    expect(c.arch).toMatchObject({ status: 'fail', fix: expect.stringMatching(/64-bit x86/) });
    expect(c.ssd).toMatchObject({ status: 'fail', detail: 'no SSD found', fix: expect.stringMatching(/AHCI/) });
    expect(c.memory).toMatchObject({ status: 'fail', fix: expect.stringMatching(/2 GiB/) });
    expect(c.network).toMatchObject({ status: 'fail', fix: expect.stringMatching(/Wi-Fi/) });
    expect(c.virtualization).toMatchObject({ status: 'fail', fix: expect.stringMatching(/VT-x/) });
  });

  it('warns on a small SSD, thin memory, one thread, unknown firmware, VMs and disks in use', () => {
    const c = byId(preflight(hw({ cru: 1, mru: 4 * GIB, disks: [{ type: 'ssd', size: 256 * GIB, inUse: true }], firmware: 'unknown', virtualized: true })));
    expect(c.ssd!.status).toBe('warn');
    expect(c.memory!.status).toBe('warn');
    expect(c.cpu!.status).toBe('warn');
    expect(c.firmware).toMatchObject({ status: 'warn', fix: expect.stringMatching(/Initializing Network Devices/) });
    expect(c.virtualization).toMatchObject({ status: 'warn', fix: expect.stringMatching(/bare metal/) });
    expect(c.wipe!.detail).toMatch(/1 of 1 disk hold/);
    expect(byId(preflight(hw({ disks: [{ type: 'ssd', size: 64 * GIB }] }))).ssd!.status).toBe('fail');
    expect(byId(preflight(hw({ firmware: 'bios' }))).firmware!.fix).toMatch(/ISO or USB/);
    expect(byId(preflight(hw({ cpuVirtualization: null }))).virtualization!.status).toBe('warn');
  });
});
