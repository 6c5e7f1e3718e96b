/**
 * The V3 bootstrap links for a farm on a network and the steps to flash and boot them (ux-and-security.md §4.1,
 * steps 4–6). The bootstrap service builds an image per farm id and network, so the links are data.
 */
import type { BootImage, NetworkProfile } from '../../api/contract';

export function bootImageFor(profile: NetworkProfile, farmId: number): BootImage {
  const base = profile.endpoints.bootstrap.replace(/\/+$/, '');
  const tail = `${profile.bootstrapNetwork}/${farmId}`;
  return {
    network: profile.id,
    farmId,
    page: base,
    images: [
      { kind: 'efi-img', label: 'EFI IMG (USB stick, UEFI)', url: `${base}/uefimg/${tail}`, when: 'UEFI machines: write it to a USB stick' },
      { kind: 'efi-file', label: 'EFI file', url: `${base}/uefi/${tail}`, when: 'UEFI machines that boot an EFI file directly (e.g. from a FAT32 stick or a boot manager)' },
      { kind: 'iso', label: 'ISO', url: `${base}/iso/${tail}`, when: 'legacy BIOS machines, or a CD/virtual media (IPMI)' },
      { kind: 'usb', label: 'USB (BIOS)', url: `${base}/usb/${tail}`, when: 'legacy BIOS machines booting from a USB stick' },
      { kind: 'ipxe', label: 'iPXE script', url: `${base}/ipxe/${tail}`, when: 'network boot from an iPXE-capable machine or PXE server' },
    ],
    steps: [
      `Download the image for farm ${farmId} on ${profile.label} (bootstrap network "${profile.bootstrapNetwork}"): EFI IMG for UEFI machines, ISO or USB for legacy BIOS.`,
      'Write it to a USB stick with balenaEtcher (any system), dd (Linux/macOS: dd if=<image> of=/dev/<stick> bs=4M conv=fsync) or Rufus (Windows).',
      'Wipe every disk of the node: Zero-OS only uses disks without partitions or file systems (this erases all data on them).',
      'In the BIOS/UEFI setup: boot UEFI first (if boot stops at "Initializing Network Devices", try the BIOS image), turn on virtualization (VT-x / AMD-V) and hyperthreading, set disks to AHCI, and set AC power recovery to the last state.',
      'Connect the node by cable to a network with DHCP (no Wi-Fi, no static addresses).',
      `Boot from the stick. The first screen shows "This node is not registered (farmer: ${farmId})"; after a few minutes it shows the node id. If it is not registered within an hour, wipe the disks again and reboot.`,
    ],
  };
}
