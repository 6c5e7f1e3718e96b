/** zos.gpu.list: the profile's GPUs, with the contract using each (0 when free). */
import type { ZosHandler, ZosNode } from './context';

export function gpuHandlers(node: ZosNode): Record<string, ZosHandler> {
  return {
    'zos.gpu.list': async () => {
      const usedBy = new Map<string, number>();
      for (const { deployment } of node.engine.active()) {
        for (const w of deployment.workloads) {
          const gpus = (w.data as { gpu?: unknown } | null)?.gpu;
          if (w.type === 'zmachine' && Array.isArray(gpus) && w.result.state !== 'deleted') {
            for (const g of gpus) usedBy.set(String(g), deployment.contract_id);
          }
        }
      }
      return node.profile.gpus.map((g) => ({ ...g, contract: usedBy.get(g.id) ?? 0 }));
    },
  };
}
