/**
 * A node's uptime reports since a point in time, from the network's GraphQL indexer (tfchain_graphql's
 * `uptimeEvents`, as the Dashboard reads them). The chain keeps no uptime in storage: reports exist only as
 * `NodeUptimeReported` events, which the indexer collects.
 */
import type { UptimeReport } from './minting';

const TIMEOUT_MS = 10_000;
/** The query node's page limit. */
const PAGE = 10_000;
/**
 * Newest first, at most this many pages: a real node reports ~1,100 times a period, a local grid with a short uptime
 * interval far more; the newest reports matter most (status now), older ones only refine the share.
 */
const MAX_PAGES = 5;

const QUERY = `query ($node: Int!, $since: BigInt!, $limit: Int!, $offset: Int!) {
  uptimeEvents(where: { nodeID_eq: $node, timestamp_gte: $since }, orderBy: timestamp_DESC, limit: $limit, offset: $offset) { timestamp uptime }
}`;

/** Oldest first. */
export async function uptimeReports(graphqlUrl: string, nodeId: number, sinceSecs: number): Promise<UptimeReport[]> {
  const out: UptimeReport[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = await fetchPage(graphqlUrl, { node: nodeId, since: String(Math.floor(sinceSecs)), limit: PAGE, offset: page * PAGE });
    out.push(...batch);
    if (batch.length < PAGE) break;
  }
  return out.reverse();
}

async function fetchPage(graphqlUrl: string, variables: Record<string, unknown>): Promise<UptimeReport[]> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`GraphQL answered HTTP ${response.status}`);
  const body = (await response.json()) as { data?: { uptimeEvents?: { timestamp: string | number; uptime: string | number }[] }; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors[0]!.message}`);
  return (body.data?.uptimeEvents ?? []).map((e) => ({ timestamp: Number(e.timestamp), uptime: Number(e.uptime) }));
}
