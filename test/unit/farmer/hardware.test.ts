import { describe, expect, it } from 'vitest';
import { hardwareReportOf, type RawHardware } from '../../../src-main/backend/farmer/hardware';
import { bootImageFor } from '../../../src-main/backend/farmer/boot-image';
import { nextNodeName } from '../../../src-main/backend/farmer/boot-node';
import { nodeProfileOf } from '../../../src-main/backend/farmer/node-profile';
import { hardwareInput } from '../../../src-main/api/domains/farmer';
import { hardwareProfileSchema } from '../../../simulator/node/profiles';
import { NETWORK_DEFAULTS } from '../../../src-main/backend/networks/defaults';

const GIB = 1024 ** 3;
const raw = (over: Partial<RawHardware> = {}): RawHardware => ({
  platform: 'linux',
  cpu: { manufacturer: 'AMD', brand: 'Ryzen 7 5700G', cores: 16, virtualization: true },
  arch: 'x64',
  memoryBytes: 64 * GIB,
  virtual: false,
  layout: [
    { device: '/dev/nvme0n1', type: 'NVMe', name: 'Samsung SSD 980', size: 1000 * GIB },
    { device: '/dev/sda', type: 'HD', name: 'WDC WD40', size: 4000 * GIB },
  ],
  blocks: [
    { name: 'nvme0n1', type: 'disk', fsType: '', mount: '', size: 1000 * GIB, device: '/dev/nvme0n1' },
    { name: 'nvme0n1p1', type: 'part', fsType: 'ext4', mount: '/', size: 999 * GIB, device: '/dev/nvme0n1' },
    { name: 'sda', type: 'disk', fsType: '', mount: '', size: 4000 * GIB, device: '/dev/sda' },
  ],
  interfaces: [
    { iface: 'lo', type: 'virtual', virtual: false, internal: true, operstate: 'unknown', speed: null },
    { iface: 'enp3s0', type: 'wired', virtual: false, internal: false, operstate: 'up', speed: 1000 },
    { iface: 'wlp2s0', type: 'wireless', virtual: false, internal: false, operstate: 'down', speed: null },
    { iface: 'docker0', type: 'wired', virtual: false, internal: false, operstate: 'up', speed: 10000 },
    { iface: 'veth12', type: 'wired', virtual: true, internal: false, operstate: 'up', speed: 10000 },
  ],
  firmware: 'uefi',
  rotational: { nvme0n1: false, sda: true },
  ...over,
});

describe('hardware detection mapping', () => {
  it('tells SSD from HDD, which disks hold data, wired from wireless, and builds the node profile', () => {
    const report = hardwareReportOf(raw());
    expect(report.cpu).toEqual({ model: 'AMD Ryzen 7 5700G', threads: 16, arch: 'x64', virtualization: true });
    expect(report.disks).toEqual([
      { name: 'nvme0n1', type: 'ssd', sizeBytes: 1000 * GIB, inUse: true },
      { name: 'sda', type: 'hdd', sizeBytes: 4000 * GIB, inUse: false },
    ]);
    expect(report.network).toEqual([
      { iface: 'enp3s0', wired: true, up: true, speedMbps: 1000 },
      { iface: 'wlp2s0', wired: false, up: false },
    ]);
    expect(report.profile).toMatchObject({ cru: 16, mru: 64 * GIB, wired: true, firmware: 'uefi', virtualized: false, cpuVirtualization: true });
    // The profile is valid wizard input and maps onto a valid simulated-node profile.
    const input = hardwareInput.parse(report.profile);
    expect(hardwareProfileSchema.parse(nodeProfileOf(input)).disks).toEqual([{ type: 'ssd', size: 1000 * GIB }, { type: 'hdd', size: 4000 * GIB }]);
  });

  it('falls back to block devices and sysfs in VMs, and to "unknown" off Linux', () => {
    const vm = hardwareReportOf(raw({ layout: [], virtual: true, blocks: [
      { name: 'vda', type: 'disk', fsType: '', mount: '/', size: 256 * GIB, device: '/dev/vda' },
      { name: 'zram0', type: 'disk', fsType: '', mount: '', size: 4 * GIB, device: '/dev/zram0' },
    ], rotational: { vda: true } }));
    expect(vm.disks).toEqual([{ name: 'vda', type: 'hdd', sizeBytes: 256 * GIB, inUse: true }]);
    expect(vm.profile.virtualized).toBe(true);
    const mac = hardwareReportOf(raw({ platform: 'darwin', cpu: { manufacturer: 'Apple', brand: 'M2', cores: 8, virtualization: false }, arch: 'arm64', firmware: 'unknown', interfaces: [] }));
    expect(mac.cpu.virtualization).toBeNull();
    expect(mac.profile.wired).toBe(false);
  });
});

describe('simulated nodes and boot images', () => {
  it('names the next node after the highest nodeN', () => {
    expect(nextNodeName([])).toBe('node1');
    expect(nextNodeName(['node1', 'node3', 'gateway'])).toBe('node4');
  });

  it('links the bootstrap images of a farm on a network', () => {
    const image = bootImageFor({ id: 'main', ...NETWORK_DEFAULTS.main, edited: false }, 42);
    expect(image.images.map((i) => i.url)).toEqual([
      'https://v3.bootstrap.grid.tf/uefimg/prod/42',
      'https://v3.bootstrap.grid.tf/uefi/prod/42',
      'https://v3.bootstrap.grid.tf/iso/prod/42',
      'https://v3.bootstrap.grid.tf/usb/prod/42',
      'https://v3.bootstrap.grid.tf/ipxe/prod/42',
    ]);
    expect(image.steps.join(' ')).toMatch(/balenaEtcher.*Rufus.*[Ww]ipe.*UEFI.*virtualization.*DHCP.*node id/s);
  });
});
