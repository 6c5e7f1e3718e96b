/**
 * What both chain clients (chain-client.ts on @polkadot/api, light-chain.ts) say of a signed call: its events, and
 * the error a refused or failed call rejects with. Kept apart so that the light client never loads @polkadot/api.
 */
export class ChainCallError extends Error {
  /** `section.Name` of a module error (e.g. `tfgridModule.InvalidTimestampHint`), or the pool's refusal. */
  constructor(message: string, readonly errorName: string) {
    super(message);
    this.name = 'ChainCallError';
  }
}

export interface TxEvent { section: string; method: string; data: unknown[] }

/** One call of a batch (`submitTogether`). */
export interface TxCall { section: string; method: string; args: unknown[] }

/** Whether the error is the chain's module error `name` (without section). */
export function isChainError(error: unknown, name: string): boolean {
  return error instanceof ChainCallError && error.errorName.endsWith(`.${name}`);
}

/** Each signer's submissions one after another, so that nonces never collide however many loops submit at once. */
export class SignerQueues {
  readonly #queues = new Map<string, Promise<unknown>>();

  run<T>(signer: string, send: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(signer) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(send);
    this.#queues.set(signer, next);
    void next.finally(() => {
      if (this.#queues.get(signer) === next) this.#queues.delete(signer);
    }).catch(() => {});
    return next;
  }
}

/** Sends one signed call; `onTaken` once the chain's pool took or refused it; resolves with its events in a block. */
export type CallSender = (onTaken: () => void) => Promise<TxEvent[]>;

/**
 * Several signed calls of one signer (consecutive nonces, made by `prepare`) sent in one turn of the event loop
 * without waiting for blocks, so an instant chain takes them into one block. `onSent` runs once the pool has all of
 * them (or refused one, or preparing failed). Resolves with each call's events; rejects with the first failure.
 */
export async function sendTogether(prepare: () => Promise<CallSender[]>, onSent?: () => void): Promise<TxEvent[][]> {
  let notify = onSent;
  const sent = (): void => {
    const once = notify;
    notify = undefined;
    once?.();
  };
  try {
    const senders = await prepare();
    const taken: Promise<void>[] = [];
    const included = senders.map((send) => {
      let onTaken!: () => void;
      taken.push(new Promise<void>((resolve) => (onTaken = resolve)));
      const done = send(onTaken);
      done.catch(() => {});
      return done;
    });
    await Promise.all(taken);
    sent();
    return await Promise.all(included);
  } finally {
    sent();
  }
}
