/**
 * `where`, `orderBy`, `limit` / `offset` over rows, with the query-node's (Postgres) semantics: a comparison with a
 * null field is false (also for `_not_eq` / `_not_in`), `_in: []` matches nothing, `_contains` is case-sensitive,
 * ascending order puts nulls last and descending first unless `_NULLS_FIRST|LAST` says otherwise, and a relation
 * filter on a missing relation is false. Bad input (a limit over the cap, a where nested too deep) is a GraphQLError.
 */
import { GraphQLError } from 'graphql';
import { fieldKind, targetOf, type FieldDef, type ObjectDef } from './entities';
import type { Row } from './rows';

export const MAX_LIMIT = 10_000;
export const MAX_WHERE_DEPTH = 16;

type Where = Record<string, unknown>;
type Value = string | number | bigint | boolean;

export interface ListArgs {
  readonly where?: Where | null;
  readonly orderBy?: readonly string[] | null;
  readonly offset?: number | null;
  readonly limit?: number | null;
}

const fieldMaps = new WeakMap<ObjectDef, Map<string, FieldDef>>();
function fieldOf(object: ObjectDef, name: string): FieldDef {
  let map = fieldMaps.get(object);
  if (!map) fieldMaps.set(object, (map = new Map(object.fields.map((f) => [f.name, f]))));
  const field = map.get(name);
  // Only reachable with a key the schema let through, so this is a bug here rather than bad input.
  if (!field) throw new GraphQLError(`unknown field ${object.name}.${name}`);
  return field;
}

/** `nodeID_eq` → [`nodeID`, `_eq`]; `location` → [`location`, ``] (no field name has an underscore). */
function splitKey(key: string): [string, string] {
  const at = key.indexOf('_');
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at)];
}

function compare(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  // Int and BigInt fields never mix in one comparison, but a bigint against a number still orders correctly.
  return a < b ? -1 : a > b ? 1 : 0;
}

function scalarMatches(value: unknown, op: string, arg: unknown): boolean {
  if (op === '_isNull') return (value === null || value === undefined) === arg;
  if (value === null || value === undefined) return false;
  const v = value as Value;
  switch (op) {
    case '_eq': return compare(v, arg as Value) === 0;
    case '_not_eq': return compare(v, arg as Value) !== 0;
    case '_gt': return compare(v, arg as Value) > 0;
    case '_gte': return compare(v, arg as Value) >= 0;
    case '_lt': return compare(v, arg as Value) < 0;
    case '_lte': return compare(v, arg as Value) <= 0;
    case '_in': return (arg as Value[]).some((a) => compare(v, a) === 0);
    case '_not_in': return !(arg as Value[]).some((a) => compare(v, a) === 0);
  }
  const text = String(v);
  const needle = String(arg);
  switch (op) {
    case '_contains': return text.includes(needle);
    case '_not_contains': return !text.includes(needle);
    case '_containsInsensitive': return text.toLowerCase().includes(needle.toLowerCase());
    case '_not_containsInsensitive': return !text.toLowerCase().includes(needle.toLowerCase());
    case '_startsWith': return text.startsWith(needle);
    case '_not_startsWith': return !text.startsWith(needle);
    case '_endsWith': return text.endsWith(needle);
    case '_not_endsWith': return !text.endsWith(needle);
  }
  throw new GraphQLError(`unsupported operator ${op}`);
}

export function matches(row: Row, where: Where, object: ObjectDef): boolean {
  for (const [key, arg] of Object.entries(where)) {
    // An explicit null argument constrains nothing (the query-node skips it too).
    if (arg === null || arg === undefined) continue;
    if (key === 'AND') {
      if (!(arg as Where[]).every((w) => matches(row, w, object))) return false;
      continue;
    }
    if (key === 'OR') {
      if (!(arg as Where[]).some((w) => matches(row, w, object))) return false;
      continue;
    }
    const [name, op] = splitKey(key);
    const field = fieldOf(object, name);
    const value = row[name];
    const kind = fieldKind(field);
    let ok: boolean;
    if (kind === 'list') {
      const items = (value as Row[] | undefined) ?? [];
      const inner = (item: Row) => matches(item, arg as Where, targetOf(field));
      ok = op === '_some' ? items.some(inner) : op === '_every' ? items.every(inner) : !items.some(inner);
    } else if (kind === 'object' && op === '') {
      ok = value !== null && value !== undefined && matches(value as Row, arg as Where, targetOf(field));
    } else {
      ok = scalarMatches(value, op, arg);
    }
    if (!ok) return false;
  }
  return true;
}

/** Rejects `where` trees deeper than MAX_WHERE_DEPTH before any row is looked at. */
function checkDepth(where: unknown, depth: number): void {
  if (depth > MAX_WHERE_DEPTH) throw new GraphQLError(`where is nested deeper than ${MAX_WHERE_DEPTH} levels`);
  if (Array.isArray(where)) return where.forEach((w) => checkDepth(w, depth));
  if (where !== null && typeof where === 'object') for (const v of Object.values(where)) if (typeof v === 'object') checkDepth(v, depth + 1);
}

const ORDER = /^(.+?)_(ASC|DESC)(?:_NULLS_(FIRST|LAST))?$/;

function comparator(orderBy: readonly string[]): ((a: Row, b: Row) => number) | undefined {
  if (orderBy.length === 0) return undefined;
  const keys = orderBy.map((value) => {
    const [, path, direction, nulls] = ORDER.exec(value) ?? [];
    if (!path) throw new GraphQLError(`unsupported orderBy ${value}`);
    const sign = direction === 'DESC' ? -1 : 1;
    // Postgres: nulls sort as if larger than any value.
    const nullsFirst = nulls ? nulls === 'FIRST' : direction === 'DESC';
    return { path: path.split('_'), sign, nullsFirst };
  });
  const read = (row: Row, path: string[]) => path.reduce<unknown>((v, p) => (v === null || v === undefined ? v : (v as Row)[p]), row);
  return (a, b) => {
    for (const { path, sign, nullsFirst } of keys) {
      const x = read(a, path);
      const y = read(b, path);
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull || yNull) {
        if (xNull && yNull) continue;
        return xNull === nullsFirst ? -1 : 1;
      }
      const c = compare(x as Value, y as Value);
      if (c !== 0) return c * sign;
    }
    return 0;
  };
}

function checkCount(name: string, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (value < 0) throw new GraphQLError(`${name} must not be negative`);
  if (name !== 'offset' && name !== 'after' && value > MAX_LIMIT) throw new GraphQLError(`${name} must not exceed ${MAX_LIMIT}`);
}

/** The rows matching `where`, in `orderBy` order (stable: index order among equals). */
export function filterAndSort(rows: readonly Row[], object: ObjectDef, where?: Where | null, orderBy?: readonly string[] | null): Row[] {
  let out: Row[];
  if (where) {
    checkDepth(where, 1);
    out = rows.filter((r) => matches(r, where, object));
  } else {
    out = [...rows];
  }
  const order = comparator(orderBy ?? []);
  return order ? out.sort(order) : out;
}

export function selectRows(rows: readonly Row[], object: ObjectDef, args: ListArgs): Row[] {
  checkCount('limit', args.limit);
  checkCount('offset', args.offset);
  const sorted = filterAndSort(rows, object, args.where, args.orderBy);
  const start = args.offset ?? 0;
  return sorted.slice(start, args.limit === null || args.limit === undefined ? undefined : start + args.limit);
}

export interface ConnectionArgs {
  readonly where?: Where | null;
  readonly orderBy: readonly string[];
  readonly after?: string | null;
  readonly first?: number | null;
}

/** A Relay connection over the query-node's offset cursors ("1", "2", … : the 1-based position of the edge). */
export function connection(rows: readonly Row[], object: ObjectDef, args: ConnectionArgs): Row {
  // The query-node's own messages for these three.
  if (args.orderBy.length === 0) throw new GraphQLError('orderBy argument is required for connection');
  if (args.first !== null && args.first !== undefined && args.first < 0) throw new GraphQLError("'first' argument of connection can't be less than 0");
  checkCount('first', args.first);
  let start = 0;
  if (args.after !== null && args.after !== undefined) {
    if (!/^\d{1,9}$/.test(args.after)) throw new GraphQLError(`invalid cursor value: ${args.after}`);
    start = Number(args.after);
  }
  const sorted = filterAndSort(rows, object, args.where, args.orderBy);
  const page = sorted.slice(start, start + (args.first ?? MAX_LIMIT));
  const edges = page.map((node, i) => ({ node, cursor: String(start + i + 1) }));
  return {
    totalCount: sorted.length,
    edges,
    pageInfo: {
      hasNextPage: start + page.length < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? '',
      endCursor: edges.at(-1)?.cursor ?? '',
    },
  };
}
