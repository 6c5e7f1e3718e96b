/**
 * This machine's hardware, as the wizard's "detect" step shows it: systeminformation (pure JS, shelling out to the
 * OS's own tools) plus two Linux facts it does not give: UEFI vs BIOS (/sys/firmware/efi) and whether a disk spins
 * (/sys/block/<disk>/queue/rotational) when it lists no disk layout, as in VMs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { arch } from 'node:os';
import type { Systeminformation } from 'systeminformation';
import type { HardwareReport } from '../../api/contract';

/** What systeminformation answered, gathered once; the mapping below is pure so it can be tested with fixtures. */
export interface RawHardware {
  platform: NodeJS.Platform;
  cpu: Pick<Systeminformation.CpuData, 'manufacturer' | 'brand' | 'cores' | 'virtualization'>;
  arch: string;
  memoryBytes: number;
  /** the machine itself is a VM */
  virtual: boolean;
  layout: Pick<Systeminformation.DiskLayoutData, 'device' | 'type' | 'name' | 'size'>[];
  blocks: Pick<Systeminformation.BlockDevicesData, 'name' | 'type' | 'fsType' | 'mount' | 'size' | 'device'>[];
  interfaces: Pick<Systeminformation.NetworkInterfacesData, 'iface' | 'type' | 'virtual' | 'internal' | 'operstate' | 'speed'>[];
  firmware: HardwareReport['firmware'];
  /** disk name → spins (Linux sysfs); absent when unknown */
  rotational: Record<string, boolean>;
}

export async function detectHardware(): Promise<HardwareReport> {
  return hardwareReportOf(await readRawHardware());
}

async function readRawHardware(): Promise<RawHardware> {
  // Loaded on use: the package is only needed by this wizard step.
  const { default: si } = await import('systeminformation');
  // The slowest of these (networkInterfaces probes every interface) sets the time: 1–10 s on a busy machine.
  const [cpu, mem, layout, blocks, interfaces, system] = await Promise.all([
    si.cpu(), si.mem(), si.diskLayout(), si.blockDevices(), si.networkInterfaces(), si.system(),
  ]);
  const linux = process.platform === 'linux';
  const disks = blocks.filter((b) => b.type === 'disk').map((b) => b.name);
  return {
    platform: process.platform,
    cpu,
    // What systeminformation's osInfo reports too, without its seconds of other probes.
    arch: arch(),
    memoryBytes: mem.total,
    virtual: system.virtual,
    layout,
    blocks,
    interfaces: Array.isArray(interfaces) ? interfaces : [interfaces],
    firmware: linux ? (existsSync('/sys/firmware/efi') ? 'uefi' : 'bios') : 'unknown',
    rotational: linux ? Object.fromEntries(disks.flatMap((name) => spins(name))) : {},
  };
}

function spins(disk: string): [string, boolean][] {
  try {
    return [[disk, readFileSync(`/sys/block/${disk}/queue/rotational`, 'utf8').trim() === '1']];
  } catch {
    return [];
  }
}

/** Interfaces that are not a physical NIC: bridges, containers, tunnels and VM taps. */
const SOFTWARE_NIC = /^(lo|br-|docker|veth|virbr|vnet|tap|tun|wg|zt|tailscale|cni|flannel|kube)/;
/** Block devices that are not disks Zero-OS would use. */
const NOT_A_DISK = /^(loop|ram|zram|sr|fd|md|dm-|nbd)/;

export function hardwareReportOf(raw: RawHardware): HardwareReport {
  const disks = diskList(raw);
  const network = raw.interfaces
    .filter((n) => !n.internal && !n.virtual && !SOFTWARE_NIC.test(n.iface))
    .map((n) => ({
      iface: n.iface,
      wired: n.type === 'wired',
      up: n.operstate === 'up',
      ...(n.speed !== null && n.speed > 0 ? { speedMbps: n.speed } : {}),
    }));
  // systeminformation reads the CPU flags on Linux only; elsewhere "false" may just mean "not known".
  const virtualization = raw.platform === 'linux' ? raw.cpu.virtualization : raw.cpu.virtualization ? true : null;
  const cpuModel = `${raw.cpu.manufacturer} ${raw.cpu.brand}`.trim();
  return {
    cpu: { model: cpuModel, threads: raw.cpu.cores, arch: raw.arch, virtualization },
    memoryBytes: raw.memoryBytes,
    disks,
    network,
    firmware: raw.firmware,
    profile: {
      cru: Math.max(1, raw.cpu.cores),
      mru: raw.memoryBytes,
      disks: disks.filter((d) => d.type !== 'unknown' && d.sizeBytes > 0).map((d) => ({ type: d.type as 'ssd' | 'hdd', size: d.sizeBytes, inUse: d.inUse })),
      virtualized: raw.virtual,
      cpuVirtualization: virtualization,
      secureBoot: false,
      arch: raw.arch,
      wired: network.some((n) => n.wired),
      firmware: raw.firmware,
    },
  };
}

function diskList(raw: RawHardware): HardwareReport['disks'] {
  const base = (device: string) => device.replace(/^\/dev\//, '');
  const inUse = (name: string) =>
    raw.blocks.some((b) => (b.name === name || (b.type === 'part' && b.name.startsWith(name))) && (b.mount !== '' || b.fsType !== '' || b.type === 'part'));
  if (raw.layout.length > 0) {
    return raw.layout.map((d) => {
      const name = base(d.device) || d.name;
      return { name, type: diskType(d.type, raw.rotational[name]), sizeBytes: d.size, inUse: inUse(name) };
    });
  }
  // No layout (VMs, containers): the block devices that are whole disks.
  return raw.blocks
    .filter((b) => b.type === 'disk' && b.size > 0 && !NOT_A_DISK.test(b.name))
    .map((b) => ({ name: b.name, type: diskType('', raw.rotational[b.name]), sizeBytes: b.size, inUse: inUse(b.name) }));
}

function diskType(layoutType: string, rotational: boolean | undefined): 'ssd' | 'hdd' | 'unknown' {
  const t = layoutType.toUpperCase();
  if (t === 'SSD' || t === 'NVME') return 'ssd';
  if (t === 'HD' || t === 'HDD') return 'hdd';
  if (rotational === undefined) return 'unknown';
  return rotational ? 'hdd' : 'ssd';
}
