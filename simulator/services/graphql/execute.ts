/**
 * One GraphQL request, from its JSON fields to an HTTP status and body, the way the query-node (Apollo Server)
 * answers: request problems (no query, a parse or validation error, bad variables, an over-deep query) are 400 with
 * `errors` and no `data`; problems while resolving (a limit over the cap) are 200 with `errors` next to `data`.
 */
import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { GridIndex } from '../indexer/model';
import { depthErrors, MAX_TOKENS } from './limits';
import { IndexRows } from './rows';

export interface GraphqlRequest {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
}

export interface GraphqlAnswer {
  readonly status: number;
  readonly body: ExecutionResult | { errors: readonly { message: string; extensions?: Record<string, unknown> }[] };
}

/**
 * Validated documents by query text. grid_client sends the same few texts again and again (the node twin lookup
 * before every RMB call, the deployment poll every 2 s); parsing and validating them once saves most of the work.
 */
const MAX_CACHED_DOCUMENTS = 200;
/** Longer texts are parsed each time, so the cache stays small (200 × 16 KiB at most). */
const MAX_CACHED_QUERY_LENGTH = 16 * 1024;
const documents = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();

function cachedDocument(schema: GraphQLSchema, query: string): DocumentNode | undefined {
  const cache = documents.get(schema);
  const document = cache?.get(query);
  if (cache && document) {
    // Most recently used last, so the first key is the one to evict.
    cache.delete(query);
    cache.set(query, document);
  }
  return document;
}

function remember(schema: GraphQLSchema, query: string, document: DocumentNode): void {
  let cache = documents.get(schema);
  if (!cache) documents.set(schema, (cache = new Map()));
  cache.set(query, document);
  if (cache.size > MAX_CACHED_DOCUMENTS) cache.delete(cache.keys().next().value!);
}

const failure = (code: string, errors: readonly GraphQLError[]): GraphqlAnswer => ({
  status: 400,
  body: { errors: errors.map((e) => ({ ...e.toJSON(), extensions: { ...e.extensions, code } })) },
});
const badRequest = (message: string) => failure('BAD_REQUEST', [new GraphQLError(message)]);

export function runGraphql(schema: GraphQLSchema, index: GridIndex, request: GraphqlRequest): GraphqlAnswer {
  const { query, variables, operationName } = request;
  if (typeof query !== 'string' || query.trim() === '') return badRequest('GraphQL operations must contain a non-empty `query`');
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return badRequest('`variables` must be an object');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return badRequest('`operationName` must be a string');

  let document = cachedDocument(schema, query);
  if (!document) {
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch (error) {
      return failure('GRAPHQL_PARSE_FAILED', [error instanceof GraphQLError ? error : new GraphQLError('query could not be parsed')]);
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return failure('GRAPHQL_VALIDATION_FAILED', invalid);
    const tooDeep = depthErrors(document);
    if (tooDeep.length > 0) return failure('GRAPHQL_VALIDATION_FAILED', tooDeep);
    if (query.length <= MAX_CACHED_QUERY_LENGTH) remember(schema, query, document);
  }

  const result = execute({
    schema,
    document,
    variableValues: (variables as Record<string, unknown> | null | undefined) ?? undefined,
    operationName: (operationName as string | null | undefined) ?? undefined,
    contextValue: { rows: new IndexRows(index) },
  });
  if (result instanceof Promise) throw new Error('the local GraphQL resolvers are synchronous');
  // No `data` at all means the request could not start: unknown operation, variables that do not coerce.
  if (!('data' in result)) return failure('BAD_USER_INPUT', result.errors ?? []);
  return { status: 200, body: result };
}
