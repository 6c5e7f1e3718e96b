// The transaction pool: validated transactions waiting for a block, per sender in nonce order. A transaction is
// `ready` when its nonce is the next one for its sender (counting the ready ones before it), `future` otherwise; a
// block's inclusions promote future ones. Blocks take ready transactions by priority (ChargeTransactionPayment's,
// from tip and fee), highest first and earlier arrival first among equals, each sender's in nonce order: Substrate's
// ready queue, whose `best` iterator only offers a transaction once the one it requires has been taken.
import type { Hex, TransactionStatusJson } from '../rpc/chain-api';
import { priorityTooLow, transactionAlreadyImported } from '../rpc/errors';
import type { ValidTransaction } from './validate';

export type TxListener = (status: TransactionStatusJson) => void;

export interface PoolTx extends ValidTransaction {
  readonly seq: number;
  state: 'ready' | 'future';
  readonly listeners: Set<TxListener>;
}

export class TxPool {
  readonly #byHash = new Map<Hex, PoolTx>();
  readonly #bySender = new Map<string, Map<number, PoolTx>>();
  #seq = 0;
  #readyCount = 0;

  get size(): number {
    return this.#byHash.size;
  }

  hasReady(): boolean {
    return this.#readyCount > 0;
  }

  has(hash: Hex): boolean {
    return this.#byHash.has(hash);
  }

  /**
   * Adds a validated transaction; `onchainNonce` is its sender's nonce at the best block. A transaction with the
   * same sender and nonce is replaced only by a higher priority (it is then `usurped`): Substrate's 1014 otherwise.
   */
  add(tx: ValidTransaction, onchainNonce: number, listener?: TxListener): PoolTx {
    if (this.#byHash.has(tx.xt.hash)) throw transactionAlreadyImported(tx.xt.hash);
    let senderTxs = this.#bySender.get(tx.signerHex);
    const existing = senderTxs?.get(tx.nonce);
    if (existing && tx.priority <= existing.priority) throw priorityTooLow(existing.priority, tx.priority);
    const wasReady = existing?.state === 'ready';
    if (existing) {
      this.#remove(existing, { usurped: tx.xt.hash });
      // Removing a sender's only transaction drops its map.
      senderTxs = this.#bySender.get(tx.signerHex);
    }
    const entry: PoolTx = { ...tx, seq: this.#seq++, state: 'future', listeners: new Set(listener ? [listener] : []) };
    this.#byHash.set(tx.xt.hash, entry);
    if (!senderTxs) this.#bySender.set(tx.signerHex, (senderTxs = new Map()));
    senderTxs.set(tx.nonce, entry);
    // The common case, the next nonce of a sender (or a replacement of a ready one), needs no full re-sort.
    if (wasReady || tx.nonce === onchainNonce || senderTxs.get(tx.nonce - 1)?.state === 'ready') {
      this.#setState(entry, 'ready');
      for (let n = tx.nonce + 1, next = senderTxs.get(n); next && next.state !== 'ready'; next = senderTxs.get(++n)) {
        this.#setState(next, 'ready');
        this.#notify(next, 'ready');
      }
    } else {
      this.refresh(tx.signerHex, onchainNonce, entry);
    }
    this.#notify(entry, entry.state);
    return entry;
  }

  #setState(tx: PoolTx, state: PoolTx['state']): void {
    if (tx.state === state) return;
    this.#readyCount += state === 'ready' ? 1 : -1;
    tx.state = state;
  }

  watch(hash: Hex, listener: TxListener): () => void {
    const tx = this.#byHash.get(hash);
    tx?.listeners.add(listener);
    return () => tx?.listeners.delete(listener);
  }

  /**
   * Ready transactions in block order: repeatedly the best of every sender's next one (highest priority, then
   * earliest arrival), so a sender's nonces stay in order and a high tip also pulls its sender's earlier nonces ahead.
   */
  ready(): PoolTx[] {
    const chains: PoolTx[][] = [];
    for (const txs of this.#bySender.values()) {
      let first = Number.POSITIVE_INFINITY;
      for (const [nonce, t] of txs) if (t.state === 'ready' && nonce < first) first = nonce;
      const chain: PoolTx[] = [];
      for (let n = first, t = txs.get(n); t?.state === 'ready'; t = txs.get(++n)) chain.push(t);
      if (chain.length > 0) chains.push(chain.reverse());
    }
    const out: PoolTx[] = [];
    const heap = new SenderHeap(chains);
    for (let chain = heap.pop(); chain; chain = heap.pop()) {
      out.push(chain.pop()!);
      if (chain.length > 0) heap.push(chain);
    }
    return out;
  }

  /** Ready ones in block order (Substrate lists only those), then the future ones in arrival order. */
  pendingHex(): Hex[] {
    const future = [...this.#byHash.values()].filter((t) => t.state === 'future').sort((a, b) => a.seq - b.seq);
    return [...this.ready(), ...future].map((t) => t.xt.hex);
  }

  /** The nonce a new transaction from `signerHex` should use: on-chain nonce plus its consecutive pool entries. */
  nextIndex(signerHex: string, onchainNonce: number): number {
    const txs = this.#bySender.get(signerHex);
    let n = onchainNonce;
    while (txs?.has(n)) n++;
    return n;
  }

  /**
   * Recomputes a sender's ready/future split against its on-chain nonce; stale entries leave as `invalid`. Watchers
   * hear of promotions, except `quiet`'s (a new entry, whose first status its caller sends).
   */
  refresh(signerHex: string, onchainNonce: number, quiet?: PoolTx): void {
    const txs = this.#bySender.get(signerHex);
    if (!txs) return;
    let expected = onchainNonce;
    for (const tx of [...txs.values()].sort((a, b) => a.nonce - b.nonce)) {
      if (tx.nonce < onchainNonce) {
        this.#remove(tx, 'invalid');
        continue;
      }
      const state = tx.nonce === expected ? 'ready' : 'future';
      if (state === 'ready') expected++;
      if (state !== tx.state) {
        this.#setState(tx, state);
        if (tx !== quiet) this.#notify(tx, state);
      }
    }
  }

  /** Takes a transaction out of the pool, telling its watchers `final` (and ending their watch). */
  remove(hash: Hex, final?: TransactionStatusJson): PoolTx | undefined {
    const tx = this.#byHash.get(hash);
    if (tx) this.#remove(tx, final);
    return tx;
  }

  /** Takes an included transaction out of the pool; its watchers stay, for the caller to tell inBlock/finalized. */
  takeIncluded(hash: Hex): PoolTx | undefined {
    const tx = this.#byHash.get(hash);
    if (!tx) return undefined;
    const listeners = [...tx.listeners];
    this.#remove(tx);
    for (const l of listeners) tx.listeners.add(l);
    return tx;
  }

  /** Every transaction (for re-validation after the head moved). */
  all(): PoolTx[] {
    return [...this.#byHash.values()];
  }

  senders(): string[] {
    return [...this.#bySender.keys()];
  }

  #remove(tx: PoolTx, final?: TransactionStatusJson): void {
    this.#byHash.delete(tx.xt.hash);
    this.#setState(tx, 'future');
    const senderTxs = this.#bySender.get(tx.signerHex);
    if (senderTxs?.get(tx.nonce) === tx) senderTxs.delete(tx.nonce);
    if (senderTxs?.size === 0) this.#bySender.delete(tx.signerHex);
    if (final !== undefined) this.#notify(tx, final);
    tx.listeners.clear();
  }

  #notify(tx: PoolTx, status: TransactionStatusJson): void {
    for (const listener of [...tx.listeners]) listener(status);
  }
}

/** Whether `a` goes into a block before `b`: higher priority, then earlier arrival (Substrate's insertion id). */
const before = (a: PoolTx, b: PoolTx): boolean => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);

/** A binary max-heap of senders' remaining ready transactions (each reversed, next one last), by their next one. */
class SenderHeap {
  readonly #items: PoolTx[][] = [];

  constructor(chains: PoolTx[][]) {
    for (const chain of chains) this.push(chain);
  }

  push(chain: PoolTx[]): void {
    const items = this.#items;
    items.push(chain);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!.at(-1)!, items[parent]!.at(-1)!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): PoolTx[] | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && before(items[l]!.at(-1)!, items[best]!.at(-1)!)) best = l;
        if (r < items.length && before(items[r]!.at(-1)!, items[best]!.at(-1)!)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}
