/**
 * Query-string parsing as the grid proxy does it: comma-separated arrays, `true`/`false` booleans, unsigned
 * integers, and a 400 with `{"error": …}` for a value of the wrong kind. Unknown parameters are ignored.
 */
export class BadRequest extends Error {
  readonly status = 400;
}

export class NotFound extends Error {
  readonly status = 404;
}

export class Query {
  constructor(private readonly params: URLSearchParams) {}

  has(name: string): boolean {
    return this.params.has(name) && this.params.get(name) !== '';
  }

  string(name: string): string | undefined {
    return this.has(name) ? this.params.get(name)! : undefined;
  }

  uint(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new BadRequest(`invalid ${name}: ${JSON.stringify(text)} is not an unsigned integer`);
    return Number(text);
  }

  number(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new BadRequest(`invalid ${name}: ${JSON.stringify(text)} is not a number`);
    return value;
  }

  bool(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    throw new BadRequest(`invalid ${name}: ${JSON.stringify(text)} is not a boolean`);
  }

  /** `a,b` and repeated parameters alike (grid_client sends `encodeURIComponent(array)`, i.e. commas). */
  list(name: string): string[] | undefined {
    if (!this.has(name)) return undefined;
    return this.params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  }

  uintList(name: string): number[] | undefined {
    return this.list(name)?.map((v) => {
      if (!/^\d+$/.test(v)) throw new BadRequest(`invalid ${name}: ${JSON.stringify(v)} is not an unsigned integer`);
      return Number(v);
    });
  }
}

export interface Paging { page: number; size: number; retCount: boolean; randomize: boolean; sortBy?: string; sortOrder: 'asc' | 'desc' }

export const MAX_PAGE_SIZE = 100;

export function paging(q: Query): Paging {
  const page = q.uint('page') ?? 1;
  const size = q.uint('size') ?? 50;
  if (page < 1) throw new BadRequest('invalid page: must be at least 1');
  if (size < 1 || size > MAX_PAGE_SIZE) throw new BadRequest(`invalid size: must be between 1 and ${MAX_PAGE_SIZE}`);
  const order = (q.string('sort_order') ?? 'asc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw new BadRequest('invalid sort_order: must be asc or desc');
  return { page, size, retCount: q.bool('ret_count') ?? false, randomize: q.bool('randomize') ?? false, sortBy: q.string('sort_by'), sortOrder: order };
}

export interface Page<T> { items: T[]; count: number; pages: number; size: number }

/** Sorts (by `keyOf(sortBy)` or the default key), then cuts one page. */
export function pageOf<T>(all: T[], p: Paging, keys: Record<string, (item: T) => number | string>, defaultKey: string): Page<T> {
  const key = keys[p.sortBy ?? defaultKey];
  if (!key) throw new BadRequest(`invalid sort_by: ${JSON.stringify(p.sortBy)}; one of ${Object.keys(keys).join(', ')}`);
  const tie = keys[defaultKey]!;
  const dir = p.sortOrder === 'desc' ? -1 : 1;
  const sorted = [...all];
  if (p.randomize) {
    for (let i = sorted.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!];
    }
  } else {
    sorted.sort((a, b) => dir * compare(key(a), key(b)) || compare(tie(a), tie(b)));
  }
  const start = (p.page - 1) * p.size;
  return { items: sorted.slice(start, start + p.size), count: all.length, pages: Math.ceil(all.length / p.size), size: p.size };
}

const compare = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);
