/** The rows a virtual list renders: those in view plus `overscan` on each side, clamped to the list. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 8): { first: number; last: number } {
  if (total <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + Math.max(viewport, 0)) / rowHeight) + overscan);
  return { first, last: Math.max(first - 1, last) };
}
