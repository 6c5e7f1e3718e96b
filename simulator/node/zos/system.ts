/** zos.system.*: what a full Zero-OS v3 node answers. */
import type { ZosHandler, ZosNode } from './context';

export const ZOS_VERSION = 'v3.15.0-gridbox';

/** The features of a full zos3 node (threefoldtech/zosbase pkg/monitord/system.go). */
export const NODE_FEATURES = [
  'zmount', 'network', 'zdb', 'zmachine', 'volume', 'ipv4', 'ip', 'gateway-name-proxy', 'gateway-fqdn-proxy',
  'qsfs', 'zlogs', 'yggdrasil', 'mycelium', 'wireguard',
];

export function systemHandlers(node: ZosNode): Record<string, ZosHandler> {
  return {
    'zos.system.version': async () => ({ zos: ZOS_VERSION, zinit: 'v0.2.14' }),
    'zos.system.node_features_get': async () => NODE_FEATURES,
    'zos.system.hypervisor': async () => (node.profile.virtualized ? 'kvm' : ''),
    'zos.system.dmi': async () => ({
      tooling: { aggregator: 'gridbox', decoder: 'simulated' },
      sections: [{ type_str: 'System', subsections: [{ title: 'System Information', properties: {
        Manufacturer: { value: 'Gridbox' }, 'Product Name': { value: 'Simulated Zero-OS node' },
        'Serial Number': { value: node.profile.serial ?? 'simulated' },
      } }] }],
    }),
    'zos.system.diagnostics': async () => ({ system_status_ok: true, modules: {}, healthy: true }),
  };
}
