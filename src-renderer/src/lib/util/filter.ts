/** Lower-cased text a filter query is matched against; computed once per account list, not per keystroke and row. */
export function searchKey(name: string, address: string): string {
  return `${name}\u0000${address}`.toLowerCase();
}

/** Every whitespace-separated term must appear in the key. */
export function matchesQuery(key: string, query: string): boolean {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return terms.every((term) => key.includes(term));
}
