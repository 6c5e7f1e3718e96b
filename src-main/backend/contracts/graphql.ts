/** One query to a network's GraphQL service (tfchain_graphql's schema), with errors that say which service and why. */
import { ApiError } from '../../api/errors';

const TIMEOUT_MS = 15_000;

export async function graphqlQuery<T>(graphqlUrl: string, what: string, query: string, variables: Record<string, unknown>): Promise<T> {
  if (!graphqlUrl) throw new ApiError('unavailable', 'this network has no GraphQL endpoint: set one on the Networks page (or start the local grid)');
  let response: Response;
  try {
    response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError('unavailable', `the GraphQL service at ${graphqlUrl} did not answer (${err instanceof Error ? err.message : String(err)}): check the endpoint on the Networks page`);
  }
  const answer = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || !answer.data) {
    const why = answer.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    throw new ApiError('unavailable', `the GraphQL service at ${graphqlUrl} refused the ${what} query: ${why}`);
  }
  return answer.data;
}
