/**
 * A node's uptime reports since a point in time, from the network's GraphQL indexer (tfchain_graphql's
 * `uptimeEvents`, as the Dashboard reads them). The chain keeps no uptime in storage: reports exist only as
 * `NodeUptimeReported` events, which the indexer collects.
 */
import type { UptimeReport } from './minting';

const TIMEOUT_MS = 10_000;
const MAX_REPORTS = 20_000;

export async function uptimeReports(graphqlUrl: string, nodeId: number, sinceSecs: number): Promise<UptimeReport[]> {
  const query = `query ($node: Int!, $since: BigInt!, $limit: Int!) {
    uptimeEvents(where: { nodeID_eq: $node, timestamp_gte: $since }, orderBy: timestamp_ASC, limit: $limit) { timestamp uptime }
  }`;
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { node: nodeId, since: String(Math.floor(sinceSecs)), limit: MAX_REPORTS } }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`GraphQL answered HTTP ${response.status}`);
  const body = (await response.json()) as { data?: { uptimeEvents?: { timestamp: string | number; uptime: string | number }[] }; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors[0]!.message}`);
  return (body.data?.uptimeEvents ?? []).map((e) => ({ timestamp: Number(e.timestamp), uptime: Number(e.uptime) }));
}
