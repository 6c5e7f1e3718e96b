/** zos.storage.pools: one pool per disk, usage spread over SSD (sru) and HDD (hru) pools in order. */
import type { ZosHandler, ZosNode } from './context';

export function storageHandlers(node: ZosNode): Record<string, ZosHandler> {
  return {
    'zos.storage.pools': async () => {
      const { used } = node.capacity();
      const left = { ssd: used.sru, hdd: used.hru };
      return node.profile.disks
        .filter((d) => !(node.noSsd && d.type === 'ssd'))
        .map((d, i) => {
          const take = Math.min(d.size, left[d.type]);
          left[d.type] -= take;
          return { name: `${d.type}${i}`, type: d.type, size: d.size, used: take };
        });
    },
  };
}
