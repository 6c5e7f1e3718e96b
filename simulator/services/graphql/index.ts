/**
 * The local GraphQL service: the part of threefoldtech/tfchain_graphql's query-node that grid_client and the
 * dashboard use (grid-services.md §3.3), answered from the indexer's `GridIndex`. `POST /graphql` with
 * `{query, variables, operationName}`; `GET /graphql?query=…[&variables=JSON]` for health checks and browsers.
 * Every request reads the index as it is at that moment; the indexer applies a block's events synchronously, so an
 * answer never mixes two blocks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { GridIndex } from '../indexer/model';
import { HttpError, readJsonObject, reply, replyPreflight, serveJson } from '../http-json';
import { runGraphql, type GraphqlRequest } from './execute';
import { buildGridSchema } from './schema';

export { runGraphql, type GraphqlAnswer, type GraphqlRequest } from './execute';
export { buildGridSchema } from './schema';
export { buildSdl } from './sdl';

/** The real query-node's port. */
export const DEFAULT_GRAPHQL_PORT = 4000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface StartGraphqlOptions {
  readonly index: GridIndex;
  readonly host?: string;
  /** Default 4000; 0 picks a free port. */
  readonly port?: number;
}

export interface RunningGraphql {
  /** The endpoint itself: http://host:port/graphql (what grid_client's `graphqlURL` takes). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startGraphql(options: StartGraphqlOptions): Promise<RunningGraphql> {
  // Built at the first request: building it (~0.1 s of CPU) would otherwise add to every grid's start-up.
  let schema: GraphQLSchema | undefined;
  const server = await serveJson(options.host ?? '127.0.0.1', options.port ?? DEFAULT_GRAPHQL_PORT, (req, res) => handle(req, res, schema ??= buildGridSchema(), options.index), (message) => ({ errors: [{ message }] }));
  return { url: `${server.url}/graphql`, port: server.port, close: server.close };
}

async function handle(req: IncomingMessage, res: ServerResponse, schema: GraphQLSchema, index: GridIndex): Promise<void> {
  if (req.method === 'OPTIONS') return replyPreflight(res);
  const url = new URL(req.url ?? '/', 'http://graphql.local');
  if (url.pathname.replace(/\/+$/, '') !== '/graphql') throw new HttpError(404, 'not found: the endpoint is /graphql');
  let request: GraphqlRequest;
  if (req.method === 'POST') {
    request = await readJsonObject(req, MAX_BODY_BYTES);
  } else if (req.method === 'GET') {
    request = { query: url.searchParams.get('query') ?? undefined, variables: parseVariables(url.searchParams.get('variables')), operationName: url.searchParams.get('operationName') };
  } else {
    throw new HttpError(405, 'use GET or POST');
  }
  const answer = runGraphql(schema, index, request);
  reply(res, answer.status, answer.body);
}

function parseVariables(text: string | null): unknown {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, '`variables` must be JSON');
  }
}
