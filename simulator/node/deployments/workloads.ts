/**
 * What a provisioned workload reports back (`result.data`, grid-services.md §1.11): plausible values a client can
 * show (a VM's IP in its network range, a console URL), derived deterministically from the deployment.
 */
import type { Deployment, Workload } from './model';

export interface ProvisionContext {
  nodeId: number;
  /** The public IPs the chain reserved for this contract. */
  publicIps: { ip: string; gateway: string }[];
  /** The node's gateway domain when it has a public config. */
  domain?: string;
  /** The node's own address for the console and zdb endpoints. */
  nodeIp: string;
  /**
   * The subnet of a network the twin has on this node in another deployment: Zero-OS networks are per twin and
   * name, and grid_client deploys a VM's network in a deployment of its own.
   */
  twinNetworkSubnet?(twinId: number, name: string): string | null;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? v as Record<string, unknown> : {});

/** A host address inside `cidr` (e.g. 10.20.2.0/24 → 10.20.2.`host`). */
export function hostInSubnet(cidr: string, host: number): string | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return null;
  return `${m[1]}.${m[2]}.${m[3]}.${host}`;
}

export function networkSubnet(d: Deployment, networkName: string): string | null {
  const net = d.workloads.find((w) => (w.type === 'network' || w.type === 'network-light') && w.name === networkName && w.result?.state !== 'deleted');
  return net ? String(obj(net.data).subnet ?? '') || null : null;
}

/** The result data for `w`, or an error message when it cannot be provisioned. */
export function provisionResult(d: Deployment, w: Workload, ctx: ProvisionContext): { data: unknown } | { error: string } {
  const id = `${d.twin_id}-${d.contract_id}-${w.name}`;
  const data = obj(w.data);
  switch (w.type) {
    case 'zmachine':
    case 'zmachine-light': {
      const net = obj(data.network);
      const iface = obj((Array.isArray(net.interfaces) ? net.interfaces : [])[0]);
      const subnet = iface.network
        ? networkSubnet(d, String(iface.network)) ?? ctx.twinNetworkSubnet?.(d.twin_id, String(iface.network)) ?? null
        : null;
      if (iface.network && !subnet) return { error: `network "${String(iface.network)}" not found in the deployment` };
      const ip = typeof iface.ip === 'string' && iface.ip ? iface.ip : (subnet && hostInSubnet(subnet, 2)) || '';
      const seed = obj(net.mycelium).hex_seed;
      const result: Record<string, unknown> = {
        id, ip,
        mycelium_ip: typeof seed === 'string' && seed ? `5${d.contract_id.toString(16).padStart(2, '0')}:${seed.slice(0, 4)}:${seed.slice(4, 8)}::${seed.slice(8, 12) || '1'}` : '',
        console_url: subnet ? `${hostInSubnet(subnet, 1)}:${20000 + (d.contract_id % 10000)}` : '',
      };
      if (w.type === 'zmachine') result.planetary_ip = net.planetary ? `300:${ctx.nodeId.toString(16)}::${d.contract_id.toString(16)}` : '';
      return { data: result };
    }
    case 'zmount': return { data: { volume_id: id } };
    case 'volume': return { data: { id } };
    case 'network':
    case 'network-light':
    case 'zlogs': return { data: null };
    case 'ip':
    case 'ipv4': {
      const wantV4 = w.type === 'ipv4' || Boolean(data.v4);
      const ip = ctx.publicIps[0];
      if (wantV4 && !ip) return { error: 'no public ip reserved for this contract' };
      return { data: { ip: wantV4 ? ip!.ip : '', ip6: data.v6 ? `2a02:1802:5e:0:${ctx.nodeId.toString(16)}::${d.contract_id.toString(16)}/64` : '', gateway: wantV4 ? ip!.gateway : '' } };
    }
    case 'zdb': return { data: { Namespace: id, IPs: [ctx.nodeIp], Port: 9900 } };
    case 'gateway-name-proxy':
      if (!ctx.domain) return { error: 'node does not have a public config with a domain' };
      return { data: { fqdn: `${String(data.name)}.${ctx.domain}` } };
    case 'gateway-fqdn-proxy': return { data: {} };
    case 'qsfs': return { data: { path: `/var/run/qsfs/${id}`, metrics_endpoint: `http://[${ctx.nodeIp}]:9100/metrics` } };
    default: return { error: `unknown workload type "${w.type}"` };
  }
}
