// The state store's history (reads at past versions, pruning, rewinding) and the overlay's transactions.
import { describe, expect, it } from 'vitest';
import { Overlay } from '../../../simulator/chain/core/state/overlay';
import { StatePrunedError, StateStore } from '../../../simulator/chain/core/state/store';

const v = (n: number) => Uint8Array.of(n);
const commit = (s: StateStore, changes: Record<string, number | null>) =>
  s.commit(new Map(Object.entries(changes).map(([k, x]) => [k, x === null ? null : v(x)])));

describe('StateStore', () => {
  it('reads every key as it was at each version', () => {
    const s = new StateStore();
    s.init([['0xaa', v(1)], ['0xbb', v(2)]]);
    const v1 = commit(s, { '0xaa': 10, '0xcc': 3 }).version;
    const v2 = commit(s, { '0xaa': null, '0xbb': 20 }).version;
    expect([s.get('0xaa', 0), s.get('0xaa', v1), s.get('0xaa', v2)]).toEqual([v(1), v(10), undefined]);
    expect([s.get('0xbb', 0), s.get('0xbb', v1), s.get('0xbb')]).toEqual([v(2), v(2), v(20)]);
    expect([s.get('0xcc', 0), s.get('0xcc', v1), s.get('0xcc', v2)]).toEqual([undefined, v(3), v(3)]);
  });

  it('reports only real changes, and lists keys by prefix in byte order at any version', () => {
    const s = new StateStore();
    s.init([['0x0102', v(1)], ['0x01ff', v(2)], ['0x02', v(3)]]);
    const { version, changed } = commit(s, { '0x0102': 1, '0x01a0': 9, '0x01ff': null });
    expect([...changed].sort()).toEqual(['0x01a0', '0x01ff']);
    expect([...s.keys('0x01', 0)]).toEqual(['0x0102', '0x01ff']);
    expect([...s.keys('0x01', version)]).toEqual(['0x0102', '0x01a0']);
    expect([...s.keys('0x01', version, '0x0102')]).toEqual(['0x01a0']);
    expect([...s.keys('0x', 0, '0x01ff')]).toEqual(['0x02']);
  });

  it('keeps historyDepth versions readable, the latest included, and answers older reads as pruned', () => {
    const s = new StateStore(3);
    s.init([['0xaa', v(0)]]);
    for (let i = 1; i <= 5; i++) commit(s, { '0xaa': i });
    expect(s.oldestVersion).toBe(3);
    expect([s.get('0xaa', 3), s.get('0xaa', 4), s.get('0xaa')]).toEqual([v(3), v(4), v(5)]);
    expect(() => s.get('0xaa', 2)).toThrow(StatePrunedError);
  });

  it('rewinds to an earlier version and continues with fresh version numbers', () => {
    const s = new StateStore();
    s.init([['0xaa', v(0)]]);
    const v1 = commit(s, { '0xaa': 1 }).version;
    commit(s, { '0xaa': 2, '0xbb': 5 });
    s.revertTo(v1);
    expect(s.get('0xaa')).toEqual(v(1));
    expect(s.get('0xbb')).toBeUndefined();
    expect([...s.keys('0x')]).toEqual(['0xaa']);
    const v3 = commit(s, { '0xaa': 3 }).version;
    expect(v3).toBe(3);
    expect(s.get('0xaa', v1)).toEqual(v(1));
  });
});

describe('Overlay', () => {
  it('rolls back a failed inner transaction, writes and events, and keeps the outer one', () => {
    const s = new StateStore();
    s.init([['0xaa', v(1)]]);
    const o = new Overlay(s);
    o.begin();
    o.set('0xaa', v(2));
    o.pushEvent(v(100));
    expect(() => o.transactional(() => {
      o.set('0xaa', v(3));
      o.set('0xbb', v(4));
      o.pushEvent(v(101));
      throw new Error('call failed');
    })).toThrow('call failed');
    expect(o.get('0xaa')).toEqual(v(2));
    expect(o.get('0xbb')).toBeUndefined();
    expect(o.events).toEqual([v(100)]);
    o.commit();
    expect([...o.changes()]).toEqual([['0xaa', v(2)]]);
    expect(s.get('0xaa')).toEqual(v(1));
  });

  it('merges pending keys with the store for prefix listing, deletions included', () => {
    const s = new StateStore();
    s.init([['0x0101', v(1)], ['0x0103', v(3)]]);
    const o = new Overlay(s);
    o.set('0x0102', v(2));
    o.delete('0x0103');
    o.begin();
    o.set('0x0104', v(4));
    expect(o.keys('0x01')).toEqual(['0x0101', '0x0102', '0x0104']);
    o.clearPrefix('0x01');
    expect(o.keys('0x01')).toEqual([]);
    o.rollback();
    expect(o.keys('0x01')).toEqual(['0x0101', '0x0102']);
  });
});
