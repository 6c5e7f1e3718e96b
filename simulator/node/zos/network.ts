/** zos.network.*: interfaces, public config and IPs of the simulated node. */
import type { ZosHandler, ZosNode } from './context';

export function networkHandlers(node: ZosNode): Record<string, ZosHandler> {
  return {
    // grid_client calls .includes() on this: an array, never null.
    'zos.network.list_wg_ports': async () => [],
    'zos.network.interfaces': async () => ({ zos: [node.nodeIp, ...node.profile.interfaceIps], ygg: [] }),
    'zos.network.has_ipv6': async () => Boolean(node.publicConfig()?.ip6),
    'zos.network.public_config_get': async () => {
      const pc = node.publicConfig();
      if (!pc) throw new Error('no public config');
      return { type: 'macvlan', ipv4: pc.ip4.ip, ipv6: pc.ip6?.ip ?? '', gw4: pc.ip4.gw, gw6: pc.ip6?.gw ?? '', domain: pc.domain ?? '' };
    },
    'zos.network.list_public_ips': async () => {
      const ips: string[] = [];
      for (const { deployment } of node.engine.active()) {
        for (const w of deployment.workloads) {
          const ip = (w.result.data as { ip?: unknown } | null)?.ip;
          if ((w.type === 'ip' || w.type === 'ipv4') && w.result.state === 'ok' && typeof ip === 'string' && ip) ips.push(ip);
        }
      }
      return ips;
    },
    'zos.network.list_private_ips': async (payload, ctx) => {
      const name = (payload as { network_name?: unknown } | null)?.network_name;
      if (typeof name !== 'string' || !name) throw new Error('invalid argument: network_name is required');
      const ips: string[] = [];
      for (const { deployment } of node.engine.active()) {
        if (deployment.twin_id !== ctx.source.twin) continue;
        for (const w of deployment.workloads) {
          if (w.type !== 'zmachine' || w.result.state === 'deleted') continue;
          const ifaces = (w.data as { network?: { interfaces?: { network?: string; ip?: string }[] } } | null)?.network?.interfaces ?? [];
          for (const i of ifaces) if (i.network === name && i.ip) ips.push(i.ip);
        }
      }
      return ips;
    },
  };
}
