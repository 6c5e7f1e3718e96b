// The relay's offline queue: bounded per twin, delivered per session in order, expired entries swept out.
import { describe, expect, it } from 'vitest';
import { OfflineQueue, type QueuedEnvelope } from '../../../simulator/services/relay/offline-queue';

const entry = (session: string, uid: string, expiresAt: number): QueuedEnvelope => ({
  session, uid, expiresAt, frame: new Uint8Array([1]), isRequest: true, sourceSession: '1:s',
});

describe('OfflineQueue', () => {
  it('refuses entries past the per-twin bound, whatever the session', () => {
    const q = new OfflineQueue(2);
    expect(q.push(5, entry('5', 'a', 100))).toBe(true);
    expect(q.push(5, entry('5:x', 'b', 100))).toBe(true);
    expect(q.push(5, entry('5', 'c', 100))).toBe(false);
    expect(q.push(6, entry('6', 'd', 100))).toBe(true);
    expect(q.size).toBe(3);
  });

  it('hands a connecting session its own unexpired entries in order and keeps the others', () => {
    const q = new OfflineQueue(10);
    q.push(5, entry('5', 'a', 100));
    q.push(5, entry('5:x', 'b', 100));
    q.push(5, entry('5', 'c', 100));
    q.push(5, entry('5', 'old', 10));
    expect(q.take(5, '5', 50).map((e) => e.uid)).toEqual(['a', 'c']);
    expect(q.size).toBe(1);
    expect(q.take(5, '5:x', 50).map((e) => e.uid)).toEqual(['b']);
    expect(q.size).toBe(0);
  });

  it('sweeps out expired entries and returns them', () => {
    const q = new OfflineQueue(10);
    q.push(5, entry('5', 'a', 10));
    q.push(6, entry('6', 'b', 100));
    expect(q.sweep(50).map((e) => e.uid)).toEqual(['a']);
    expect(q.size).toBe(1);
    expect(q.sweep(200).map((e) => e.uid)).toEqual(['b']);
    expect(q.size).toBe(0);
  });
});
