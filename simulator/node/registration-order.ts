/**
 * Node and twin ids in the order nodes were added: node1 gets the lowest ids on a fresh chain, node2 the next
 * (workshops hand out the same ids to everyone). Each added node takes a turn; its `createTwin` and `createNode` wait
 * until the previous node's are in the chain's pool (not in a block, so 100 nodes still register about as fast as in
 * parallel; the pool orders calls of equal priority by arrival). A node that cannot
 * register (a fault, an error, a stop) gives its turn up at once, and a turn is never waited on longer than
 * `maxWaitMs`, so one stuck node only costs the next one that long.
 */
export interface RegistrationTurn {
  /** Resolves when the previous node's registration calls were sent, it gave up, or after maxWaitMs. */
  wait(): Promise<void>;
  /** This node's registration calls were sent (or will not be): the next node may go. Idempotent. */
  release(): void;
}

export const NO_TURN: RegistrationTurn = { wait: () => Promise.resolve(), release: () => {} };

export class RegistrationOrder {
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly maxWaitMs = 5000) {}

  next(): RegistrationTurn {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    const maxWaitMs = this.maxWaitMs;
    return {
      release,
      wait: () => new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        void previous.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    };
  }
}
