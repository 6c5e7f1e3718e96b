/**
 * Zero-OS's real requirements against a hardware description (ux-and-security.md §4.1: the V3 manual's hardware,
 * wipe and BIOS/UEFI pages; tfchain.md §3.1.3: what `create_node` refuses). Each check says what was found and,
 * when it is not a pass, what to do. Pure: the wizard runs it on detected or hand-entered hardware alike.
 */
import type { ParamsOut, PreflightCheck } from '../../api/contract';

export type Hardware = ParamsOut<'farmer.preflight'>['hardware'];

const GIB = 1024 ** 3;
const GB = 1000 ** 3;
/** create_node refuses less (InvalidSRUInput / InvalidMRUInput). */
const CHAIN_MIN_SSD = 100 * GIB;
const CHAIN_MIN_MEMORY = 2 * GIB;
const RECOMMENDED_SSD = 500 * GB;
const RECOMMENDED_MEMORY_PER_THREAD = 8 * GIB;
const X86_64 = new Set(['x64', 'x86_64', 'amd64']);

export const formatBytes = (bytes: number): string =>
  bytes >= 1000 * GIB ? `${(bytes / 1024 / GIB).toFixed(1)} TiB` : `${Math.round((bytes / GIB) * 10) / 10} GiB`;

export function preflight(hw: Hardware): PreflightCheck[] {
  return [arch(hw), ssd(hw), memory(hw), cpu(hw), network(hw), wipe(hw), firmware(hw), virtualization(hw)];
}

function arch(hw: Hardware): PreflightCheck {
  const label = '64-bit Intel or AMD processor';
  if (X86_64.has(hw.arch.toLowerCase())) return { id: 'arch', label, status: 'pass', detail: `${hw.arch} processor` };
  return { id: 'arch', label, status: 'fail', detail: `${hw.arch} processor`, fix: 'Zero-OS is built for 64-bit x86 (Intel or AMD) only: use another machine' };
}

function ssd(hw: Hardware): PreflightCheck {
  const label = 'SSD storage';
  const ssds = hw.disks.filter((d) => d.type === 'ssd');
  const total = ssds.reduce((sum, d) => sum + d.size, 0);
  if (ssds.length === 0) {
    return { id: 'ssd', label, status: 'fail', detail: 'no SSD found', fix: 'add an SSD (500 GB or more recommended): Zero-OS keeps its cache and all VM disks on SSD and the chain refuses a node without one. An SSD seen as HDD may sit behind RAID: set the controller to AHCI/HBA' };
  }
  const detail = `${ssds.length} SSD${ssds.length > 1 ? 's' : ''}, ${formatBytes(total)} in all`;
  if (total < CHAIN_MIN_SSD) return { id: 'ssd', label, status: 'fail', detail, fix: 'the chain refuses nodes with less than 100 GiB of SSD: add a larger SSD (500 GB or more recommended)' };
  if (total < RECOMMENDED_SSD) return { id: 'ssd', label, status: 'warn', detail, fix: 'at least 500 GB of SSD is recommended; SSD also limits the compute units the node farms (CU ≤ SSD GB / 50)' };
  return { id: 'ssd', label, status: 'pass', detail };
}

function memory(hw: Hardware): PreflightCheck {
  const label = 'Memory';
  const detail = `${formatBytes(hw.mru)} for ${hw.cru} CPU thread${hw.cru > 1 ? 's' : ''}`;
  if (hw.mru < CHAIN_MIN_MEMORY) return { id: 'memory', label, status: 'fail', detail, fix: 'the chain refuses nodes with less than 2 GiB of memory: add memory' };
  if (hw.mru < hw.cru * RECOMMENDED_MEMORY_PER_THREAD) {
    return { id: 'memory', label, status: 'warn', detail, fix: 'about 8 GB per CPU thread is recommended; with less, memory limits the compute units the node farms' };
  }
  return { id: 'memory', label, status: 'pass', detail };
}

function cpu(hw: Hardware): PreflightCheck {
  const label = 'CPU threads';
  const detail = `${hw.cru} thread${hw.cru > 1 ? 's' : ''}`;
  if (hw.cru < 2) return { id: 'cpu', label, status: 'warn', detail, fix: 'one thread runs Zero-OS but leaves little for workloads; turn hyperthreading on in the BIOS if the CPU has it' };
  return { id: 'cpu', label, status: 'pass', detail };
}

function network(hw: Hardware): PreflightCheck {
  const label = 'Wired network with DHCP';
  if (hw.wired) return { id: 'network', label, status: 'pass', detail: 'wired Ethernet found', fix: 'plug it into a network with DHCP: Zero-OS takes no static configuration' };
  return { id: 'network', label, status: 'fail', detail: 'no wired Ethernet found', fix: 'Zero-OS does not support Wi-Fi: connect the machine by cable to a network with DHCP' };
}

function wipe(hw: Hardware): PreflightCheck {
  const label = 'Disks will be wiped';
  const inUse = hw.disks.filter((d) => d.inUse).length;
  const detail = inUse > 0
    ? `${inUse} of ${hw.disks.length} disk${hw.disks.length > 1 ? 's' : ''} hold partitions or the running system`
    : `${hw.disks.length} disk${hw.disks.length === 1 ? '' : 's'}`;
  return {
    id: 'wipe',
    label,
    status: 'warn',
    detail,
    fix: 'Zero-OS only uses disks without partitions or file systems: back up anything you need, then wipe every disk (if the node does not register within an hour, wipe them again and reboot)',
  };
}

function firmware(hw: Hardware): PreflightCheck {
  const label = 'Boot firmware and image';
  if (hw.firmware === 'uefi') return { id: 'firmware', label, status: 'pass', detail: 'UEFI', fix: 'use the EFI IMG (USB) or EFI file boot image' };
  if (hw.firmware === 'bios') return { id: 'firmware', label, status: 'pass', detail: 'legacy BIOS', fix: 'use the ISO or USB boot image' };
  return {
    id: 'firmware',
    label,
    status: 'warn',
    detail: 'could not tell UEFI from BIOS',
    fix: 'try the UEFI image first; if boot stops at "Initializing Network Devices", try the BIOS (ISO/USB) image',
  };
}

function virtualization(hw: Hardware): PreflightCheck {
  const label = 'Bare metal with virtualization on';
  if (hw.virtualized) {
    return { id: 'virtualization', label, status: 'warn', detail: 'this machine is itself a virtual machine', fix: 'Zero-OS runs in a VM but such a node earns no farming rewards: install it on bare metal to farm' };
  }
  if (hw.cpuVirtualization === false) {
    return { id: 'virtualization', label, status: 'fail', detail: 'VT-x / AMD-V is off or missing', fix: 'turn on virtualization (VT-x / AMD-V, often "SVM" or "Intel Virtualization Technology") in the BIOS/UEFI setup: Zero-OS runs workloads as VMs' };
  }
  if (hw.cpuVirtualization === true) return { id: 'virtualization', label, status: 'pass', detail: 'bare metal, VT-x / AMD-V on' };
  return { id: 'virtualization', label, status: 'warn', detail: 'could not tell whether VT-x / AMD-V is on', fix: 'check that virtualization (VT-x / AMD-V) is enabled in the BIOS/UEFI setup' };
}
