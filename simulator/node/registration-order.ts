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

/** What a `FarmTurn` reads: the farm's registered nodes and the createNode calls for it still in the pool. */
export interface FarmNodeCount {
  (farmId: number): Promise<number>;
}

const FARM_POLL_MS = 200;
/**
 * Longer than the process host's bound: the node before may still be in a container the engine has not started
 * (measured on a busy 2-core machine: 4-6 s for each `docker run`, up to 17 s for one start).
 */
const FARM_STALL_MS = 30_000;

/**
 * The same order for nodes that each run in a host of their own (a container per node, `gridbox up --docker`),
 * where no host sees the others: the node that comes k-th in the fleet sends its createNode once the farm counts
 * k-1 nodes, on chain or on their way in the pool (what `count` answers, through the public RPC). While that count
 * does not move for `maxWaitMs` (an earlier node is stuck or was removed), the node goes anyway.
 */
export function farmTurn(count: FarmNodeCount, farmId: number, nodesBefore: number, maxWaitMs = FARM_STALL_MS): RegistrationTurn {
  return {
    release: () => {},
    wait: async () => {
      let last = -1;
      let movedAt = Date.now();
      for (;;) {
        const now = await count(farmId).catch(() => last);
        if (now >= nodesBefore) return;
        if (now !== last) {
          last = now;
          movedAt = Date.now();
        } else if (Date.now() - movedAt >= maxWaitMs) {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, FARM_POLL_MS));
      }
    },
  };
}
