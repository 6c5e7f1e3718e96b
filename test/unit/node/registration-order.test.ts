// The node host's order of createNode calls: each node waits for the node added before it, a node that gives up
// lets the next one go, and a stuck predecessor only delays the next node by the bounded wait.
import { describe, expect, it } from 'vitest';
import { RegistrationOrder } from '../../../simulator/node/registration-order';

describe('RegistrationOrder', () => {
  it('lets nodes go in the order they were added, whatever order they become ready in', async () => {
    const order = new RegistrationOrder(5000);
    const turns = [order.next(), order.next(), order.next()];
    const sent: number[] = [];
    const nodes = [2, 1, 0].map(async (i) => {
      await turns[i]!.wait();
      sent.push(i);
      turns[i]!.release();
    });
    await Promise.all(nodes);
    expect(sent).toEqual([0, 1, 2]);
  });

  it('does not wait longer than the bound on a node that never sends', async () => {
    const order = new RegistrationOrder(50);
    order.next();
    const second = order.next();
    const started = Date.now();
    await second.wait();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a released turn lets later retries through at once', async () => {
    const order = new RegistrationOrder(60_000);
    const first = order.next();
    const second = order.next();
    first.release();
    first.release();
    const started = Date.now();
    await second.wait();
    await second.wait();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
