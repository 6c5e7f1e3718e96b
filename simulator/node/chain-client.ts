/**
 * Chain access for the node host: one ApiPromise per host process, extrinsics signed by each node's own key and
 * awaited until InBlock, module errors decoded by name. Submissions are serialised per signer so that nonces stay
 * right however many loops (uptime, reports, power) an agent runs at once.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Codec } from '@polkadot/types/types';
import type { DispatchError, ExtrinsicStatus } from '@polkadot/types/interfaces';
import { BlockEvents } from './block-events';

import { ChainCallError, SignerQueues, sendTogether, type TxCall, type TxEvent } from './chain-calls';

export { ChainCallError, isChainError, type TxCall, type TxEvent } from './chain-calls';

/**
 * Connects to the chain; with `waitMs`, keeps trying that long while nothing listens yet (`gridbox up` starts the
 * node host together with the chain, to save the node host's start-up time).
 */
export async function connectChain(url: string, waitMs = 0): Promise<ApiPromise> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const provider = new WsProvider(url, 1000);
    try {
      return await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    } catch (error) {
      await provider.disconnect().catch(() => {});
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

type AnyFn = (...args: unknown[]) => unknown;

/** `api.tx.<section>.<method>(…)`: TFChain's pallets have no TypeScript augmentation. */
export function txOf(api: ApiPromise, section: string, method: string, ...args: unknown[]): SubmittableExtrinsic<'promise'> {
  const fn = (api.tx as unknown as Record<string, Record<string, AnyFn> | undefined>)[section]?.[method];
  if (!fn) throw new Error(`the chain has no call ${section}.${method}`);
  return fn(...args) as SubmittableExtrinsic<'promise'>;
}

/** `api.query.<section>.<method>(…)` as a plain value (`toPrimitive()`; `null` for an absent Option). */
export async function queryOf<T = unknown>(api: ApiPromise, section: string, method: string, ...args: unknown[]): Promise<T> {
  const fn = (api.query as unknown as Record<string, Record<string, AnyFn> | undefined>)[section]?.[method];
  if (!fn) throw new Error(`the chain has no storage ${section}.${method}`);
  const value = (await fn(...args)) as Codec & { isNone?: boolean };
  return (value.isNone ? null : value.toPrimitive()) as T;
}

export class ChainSubmitter {
  readonly #queues = new SignerQueues();
  readonly #blocks: BlockEvents;

  constructor(readonly api: ApiPromise, private readonly timeoutMs = 60_000) {
    this.#blocks = new BlockEvents(api);
  }

  /** Signs with `pair`, waits for InBlock; resolves with the events of the extrinsic, rejects with ChainCallError. */
  submit(pair: KeyringPair, section: string, method: string, ...args: unknown[]): Promise<TxEvent[]> {
    return this.submitNotifying(pair, undefined, section, method, ...args);
  }

  /**
   * As submit, and calls `onSent` once the chain has the extrinsic in its pool (or refused it): callers that must
   * order their transactions across accounts (node ids in name order) let the next one go from there, without
   * waiting for the block.
   */
  submitNotifying(pair: KeyringPair, onSent: (() => void) | undefined, section: string, method: string, ...args: unknown[]): Promise<TxEvent[]> {
    const tx = txOf(this.api, section, method, ...args);
    return this.#queues.run(pair.address, () => this.#watch(`${section}.${method}`, tx.signAsync(pair, { nonce: -1 }), onSent));
  }

  /**
   * Several calls of one signer in one go: consecutive nonces, signed first and then sent in one turn of the event
   * loop without waiting for blocks, so an instant chain takes them into one block instead of one block and one
   * round trip each. `onSent` runs once the chain has all of them in its pool (or refused one):
   * callers ordering their calls across accounts let the next account go from there. Resolves with each call's
   * events once all are in a block; rejects with the first failure (calls after a failed one usually fail too: they
   * depended on it).
   */
  submitTogether(pair: KeyringPair, calls: readonly TxCall[], onSent?: () => void): Promise<TxEvent[][]> {
    return this.#queues.run(pair.address, () => sendTogether(async () => {
      const first = (await this.api.rpc.system.accountNextIndex(pair.address)).toNumber();
      const signed = await Promise.all(calls.map((call, i) => txOf(this.api, call.section, call.method, ...call.args).signAsync(pair, { nonce: first + i })));
      return signed.map((tx, i) => (onTaken: () => void) => this.#watch(`${calls[i]!.section}.${calls[i]!.method}`, Promise.resolve(tx), onTaken));
    }, onSent));
  }

  /**
   * Submits a signed extrinsic with `author_submitAndWatchExtrinsic` and, at InBlock, takes its events from the
   * block's (blockEvents); `onSent` once the chain took it into its pool or refused it. polkadot-js's `signAndSend`
   * would fetch and decode the whole block and its events once per transaction, through a freshly decorated
   * `api.at`: with 100 nodes registering, 100 transactions share each block and that was most of the node host's CPU.
   */
  #watch(what: string, signing: Promise<SubmittableExtrinsic<'promise'>>, onSent?: () => void): Promise<TxEvent[]> {
    return new Promise<TxEvent[]>((resolve, reject) => {
      let unsub: (() => void) | undefined;
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsub?.();
        fn();
      };
      const timer = setTimeout(() => finish(() => reject(new ChainCallError(`${what}: not in a block within ${this.timeoutMs} ms`, 'Timeout'))), this.timeoutMs);
      const onStatus = (status: ExtrinsicStatus, txHash: string): void => {
        if (status.isDropped || status.isInvalid || status.isUsurped || status.isFinalityTimeout) {
          finish(() => reject(new ChainCallError(`${what}: ${status.type}`, status.type)));
          return;
        }
        if (!status.isInBlock && !status.isFinalized) return;
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        this.#blocks.eventsOf(blockHash, txHash).then((found) => {
          if (found.failed) {
            const name = this.#errorName(found.failed);
            finish(() => reject(new ChainCallError(`${what} failed: ${name}`, name)));
          } else {
            finish(() => resolve(found.events));
          }
        }, (error: unknown) => finish(() => reject(new ChainCallError(`${what}: reading its events failed: ${(error as Error).message}`, 'Events'))));
      };
      signing
        .then((signed) => {
          const txHash = signed.hash.toHex();
          return this.api.rpc.author.submitAndWatchExtrinsic(signed, (status) => onStatus(status, txHash));
        })
        .then((u) => {
          onSent?.();
          if (settled) u();
          else unsub = u;
        })
        .catch((error: unknown) => {
          onSent?.();
          const message = error instanceof Error ? error.message : String(error);
          finish(() => reject(new ChainCallError(`${what} refused: ${message}`, 'Invalid')));
        });
    });
  }

  #errorName(dispatchError: DispatchError): string {
    if (dispatchError.isModule) {
      const meta = this.api.registry.findMetaError(dispatchError.asModule);
      return `${meta.section}.${meta.name}`;
    }
    return dispatchError.type;
  }
}
