/**
 * The grid proxy's endpoints (tfgrid-sdk-go grid-proxy/internal/explorer/server.go) as plain functions from a
 * path and query to a status, body and headers. Lists page with `page`/`size`; `ret_count=true` adds the headers
 * `count`, `size` and `pages`.
 */
import type { GridIndex } from '../indexer/model';
import {
  CONTRACT_SORT_KEYS, FARM_SORT_KEYS, PUBLIC_IP_SORT_KEYS, TWIN_SORT_KEYS, allContracts, billsJson, contractFilter, contractJson,
  farmFilter, farmJson, findContract, publicIpFilter, publicIpListJson, publicIps, statsJson, twinFilter, twinJson,
} from './entities';
import type { LiveInfo, RmbCaller } from './live-info';
import { NODE_SORT_KEYS, nodeFilter } from './node-filters';
import { indexSnapshot, nodeFacts, nodeJson, nodeWithNestedCapacityJson, type NodeFacts } from './node-view';
import { BadRequest, NotFound, pageOf, paging, type Query } from './query';

export interface ProxyContext {
  index: GridIndex;
  live: LiveInfo;
  version: string;
  /** The proxy's RMB peer when connected. */
  rmb(): RmbCaller | undefined;
}

export interface Answer { status?: number; body: unknown; headers?: Record<string, string> }

class Unavailable extends Error {
  readonly status = 503;
}

function list<T>(q: Query, all: T[], keys: Record<string, (item: T) => number | string>, defaultKey: string, json: (item: T) => unknown): Answer {
  const p = paging(q);
  const page = pageOf(all, p, keys, defaultKey);
  const headers: Record<string, string> = p.retCount ? { count: String(page.count), size: String(page.size), pages: String(page.pages) } : {};
  return { body: page.items.map(json), headers };
}

function allNodes(ctx: ProxyContext): NodeFacts[] {
  const snap = indexSnapshot(ctx.index);
  return [...ctx.index.nodes.values()].map((n) => nodeFacts(ctx.index, snap, n, ctx.live.get(n.nodeID)));
}

function idParam(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new BadRequest(`invalid ${what} id: ${JSON.stringify(text)}`);
  return Number(text);
}

function oneNode(ctx: ProxyContext, idText: string): NodeFacts {
  const id = idParam(idText, 'node');
  const record = ctx.index.nodes.get(id);
  if (!record) throw new NotFound('node not found');
  return nodeFacts(ctx.index, indexSnapshot(ctx.index), record, ctx.live.get(id));
}

async function nodesAnswer(ctx: ProxyContext, q: Query, gatewaysOnly: boolean): Promise<Answer> {
  const wanted = [q.uint('node_id'), ...(q.uintList('node_ids') ?? [])].filter((id): id is number => id !== undefined);
  if (wanted.length) await ctx.live.ensure(wanted);
  const filter = nodeFilter(q);
  const nodes = allNodes(ctx).filter((n) => (!gatewaysOnly || Boolean(n.record.publicConfig?.domain)) && filter(n));
  return list(q, nodes, NODE_SORT_KEYS, 'node_id', nodeJson);
}

async function liveCall(ctx: ProxyContext, idText: string, command: string): Promise<Answer> {
  const node = oneNode(ctx, idText);
  const rmb = ctx.rmb();
  if (!rmb) throw new Unavailable('the proxy is not connected to the relay');
  try {
    return { body: await rmb.call(node.record.twinID, command, null, { timeoutMs: 10_000 }) };
  } catch (error) {
    return { status: 502, body: { error: `node ${node.record.nodeID}: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

export async function route(ctx: ProxyContext, path: string, q: Query): Promise<Answer> {
  try {
    return await dispatch(ctx, path, q);
  } catch (error) {
    if (error instanceof Unavailable) return { status: 503, body: { error: error.message } };
    throw error;
  }
}

async function dispatch(ctx: ProxyContext, path: string, q: Query): Promise<Answer> {
  const { index } = ctx;
  const parts = path.split('/').filter(Boolean);
  const [head, id, sub] = parts;
  if (parts.length === 0) return { body: { message: 'grid proxy (gridbox local grid)', version: ctx.version } };
  if (parts.length > 3) throw new NotFound(`no route ${path}`);
  switch (head) {
    case 'ping': return { body: { ping: 'pong' } };
    case 'version': return { body: { version: ctx.version } };
    case 'health': return { body: { total_state: 'ok', db: 'ok', rmb: ctx.rmb() ? 'ok' : 'not connected', indexer: `#${index.head.number}` } };
    case 'stats': {
      const statuses = q.list('status');
      return { body: statsJson(index, allNodes(ctx).filter((n) => !statuses || statuses.includes(n.status))) };
    }
    case 'nodes': case 'gateways': {
      const gateways = head === 'gateways';
      if (id === undefined) return nodesAnswer(ctx, q, gateways);
      if (sub === undefined) {
        await ctx.live.ensure([idParam(id, 'node')]);
        const node = oneNode(ctx, id);
        if (gateways && !node.record.publicConfig?.domain) throw new NotFound('gateway not found');
        return { body: gateways ? nodeJson(node) : nodeWithNestedCapacityJson(node) };
      }
      if (!gateways && sub === 'status') return { body: { status: oneNode(ctx, id).status } };
      if (!gateways && sub === 'statistics') return liveCall(ctx, id, 'zos.statistics.get');
      if (!gateways && sub === 'gpu') return liveCall(ctx, id, 'zos.gpu.list');
      break;
    }
    case 'farms': {
      if (id !== undefined) break;
      const nodes = allNodes(ctx);
      const filter = farmFilter(q, (farmID) => nodes.filter((n) => n.record.farmID === farmID));
      return list(q, [...index.farms.values()].filter(filter), FARM_SORT_KEYS, 'farm_id', farmJson);
    }
    case 'twins': {
      if (id === undefined) return list(q, [...index.twins.values()].filter(twinFilter(q)), TWIN_SORT_KEYS, 'twin_id', twinJson);
      if (sub !== 'consumption') break;
      const twinID = idParam(id, 'twin');
      if (!index.twins.has(twinID)) throw new NotFound('twin not found');
      const mine = new Set(allContracts(index).filter((x) => x.c.twinID === twinID).map((x) => x.c.contractID));
      const since = Math.floor(index.head.timestamp / 1000) - 3600;
      const lastHour = index.contractBillReports.filter((b) => mine.has(b.contractID) && b.timestamp >= since)
        .reduce((s, b) => s + Number(b.amountBilled), 0) / 1e7;
      return { body: { overdue: 0, last_hour_consumption: lastHour } };
    }
    case 'contracts': {
      if (id === undefined) {
        return list(q, allContracts(index).filter(contractFilter(index, q)), CONTRACT_SORT_KEYS, 'contract_id', (x) => contractJson(index, x));
      }
      const contract = findContract(index, idParam(id, 'contract'));
      if (!contract) throw new NotFound('contract not found');
      if (sub === undefined) return { body: contractJson(index, contract) };
      if (sub === 'bills') return { body: billsJson(index, contract.c.contractID) };
      break;
    }
    case 'public_ips': {
      if (id !== undefined) break;
      return list(q, publicIps(index).filter(publicIpFilter(q)), PUBLIC_IP_SORT_KEYS, 'ip', publicIpListJson);
    }
  }
  throw new NotFound(`no route ${path}`);
}
