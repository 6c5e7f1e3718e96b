// The node host's order of createNode calls: each node waits for the node added before it, a node that gives up
// lets the next one go, and a stuck predecessor only delays the next node by the bounded wait.
import { describe, expect, it } from 'vitest';
import { farmTurn, RegistrationOrder } from '../../../simulator/node/registration-order';

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

describe('farmTurn (a host per node: the order read from the farm on chain and in the pool)', () => {
  it('waits until the nodes before it are in the farm, then goes', async () => {
    let inFarm = 0;
    const turn = farmTurn(async () => inFarm, 1, 2, 5000);
    let done = false;
    const waiting = turn.wait().then(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    inFarm = 1;
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    inFarm = 2;
    await waiting;
    expect(done).toBe(true);
  });

  it('goes anyway when the count stops moving for the bound (an earlier node is stuck)', async () => {
    const started = Date.now();
    await farmTurn(async () => 1, 1, 5, 300).wait();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('the first node goes at once, and a failing count is waited out', async () => {
    await farmTurn(async () => 0, 1, 0).wait();
    const started = Date.now();
    await farmTurn(() => Promise.reject(new Error('chain away')), 1, 1, 300).wait();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
