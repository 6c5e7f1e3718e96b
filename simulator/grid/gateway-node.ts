/**
 * The local grid's gateway: the farmer gives node1 a public config with a domain (`addNodePublicConfig`, as a farmer
 * does on the dashboard), which is what makes a Zero-OS node a gateway for name and fqdn proxies. The node learns it
 * from the chain event and the indexer serves it as the proxy's `publicConfig.domain`. Idempotent.
 */
import '@polkadot/api-augment';
import type { ApiPromise } from '@polkadot/api';
import { submitInBlock as submit } from '../services/activation/in-block';
import { farmerPair } from './farmer';

export const GATEWAY_DOMAIN = 'gw1.gridbox.local';
/** A nominal public address: the chain only accepts public unicast IPv4 with its gateway inside the prefix. */
const GATEWAY_IP4 = { ip: '185.206.122.10/24', gw: '185.206.122.1' };

export async function ensureGatewayNode(api: ApiPromise, o: { farmId: number; nodeId: number; domain?: string }): Promise<void> {
  const domain = o.domain ?? GATEWAY_DOMAIN;
  const node = (await api.query.tfgridModule!.nodes!(o.nodeId)).toPrimitive() as { publicConfig?: { domain?: string | null } | null } | null;
  if (!node) throw new Error(`node ${o.nodeId} not found`);
  const current = node.publicConfig?.domain;
  if (current && (current === domain || Buffer.from(current.replace(/^0x/, ''), 'hex').toString('utf8') === domain)) return;
  await submit(api, api.tx.tfgridModule!.addNodePublicConfig!(o.farmId, o.nodeId, { ip4: GATEWAY_IP4, ip6: null, domain }), farmerPair());
}

/**
 * Makes the farm's first node (lowest id) the gateway as soon as it is on chain, and again after a reset or a restore
 * takes the public config away: checked at new blocks (one at a time; a check that finds the domain in place is two
 * storage reads). For the services process, which keeps the farmer's client open; returns the function that stops.
 */
export function watchGatewayNode(api: ApiPromise, farmId: number, log: { warn(msg: string): void }): () => void {
  let stopped = false;
  let busy = false;
  let unsubscribe: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    unsubscribe?.();
  };
  void api.rpc.chain.subscribeNewHeads(async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const ids = ((await api.query.tfgridModule!.nodesByFarmID!(farmId)).toPrimitive() as number[] | null) ?? [];
      if (ids.length) await ensureGatewayNode(api, { farmId, nodeId: Math.min(...ids) });
    } catch (error) {
      log.warn(`could not make the first node the gateway yet: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  }).then((unsub) => {
    unsubscribe = unsub;
    if (stopped) unsub();
  }).catch(() => {});
  return stop;
}
