/** zos.statistics.get: total, used (system included), system and user counters (pkg/provision.go `Counters`). */
import type { ZosHandler, ZosNode } from './context';

export function statisticsHandlers(node: ZosNode): Record<string, ZosHandler> {
  return {
    'zos.statistics.get': async () => {
      const { total, used, system } = node.capacity();
      const active = node.engine.active();
      return {
        total, used, system,
        users: {
          deployments: active.length,
          workloads: active.reduce((n, s) => n + s.deployment.workloads.filter((w) => w.result.state !== 'deleted').length, 0),
          last_deployment_timestamp: node.engine.lastDeploymentAt,
        },
        open_connections: node.openConnections(),
      };
    },
  };
}
