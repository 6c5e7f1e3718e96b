import { describe, expect, it } from 'vitest';
import { visibleRange } from '../../../src-renderer/src/lib/util/virtual';

describe('virtual list window', () => {
  it('renders only the rows in view plus overscan, however long the list', () => {
    expect(visibleRange(0, 340, 34, 100_001, 8)).toEqual({ first: 0, last: 18 });
    const deep = visibleRange(34 * 50_000, 340, 34, 100_001, 8);
    expect(deep).toEqual({ first: 49_992, last: 50_018 });
    expect(deep.last - deep.first).toBeLessThan(40);
  });

  it('clamps at the end and handles an empty list', () => {
    expect(visibleRange(34 * 95, 340, 34, 100, 8)).toEqual({ first: 87, last: 99 });
    expect(visibleRange(0, 340, 34, 0)).toEqual({ first: 0, last: -1 });
  });
});
