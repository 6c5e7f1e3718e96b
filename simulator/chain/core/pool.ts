// The transaction pool: validated transactions waiting for a block, per sender in nonce order. A transaction is
// `ready` when its nonce is the next one for its sender (counting the ready ones before it), `future` otherwise; a
// block's inclusions promote future ones. Order among senders is arrival order (Substrate orders by priority, which
// for fee-paying transfers on a dev chain amounts to the same thing).
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

  get size(): number {
    return this.#byHash.size;
  }

  has(hash: Hex): boolean {
    return this.#byHash.has(hash);
  }

  /**
   * Adds a validated transaction; `onchainNonce` is its sender's nonce at the best block. A transaction with the
   * same sender and nonce is replaced only by a higher tip (it is then `usurped`), as Substrate's priority rule does.
   */
  add(tx: ValidTransaction, onchainNonce: number, listener?: TxListener): PoolTx {
    if (this.#byHash.has(tx.xt.hash)) throw transactionAlreadyImported(tx.xt.hash);
    let senderTxs = this.#bySender.get(tx.signerHex);
    const existing = senderTxs?.get(tx.nonce);
    if (existing) {
      if (tx.tip <= existing.tip) throw priorityTooLow(existing.tip, tx.tip);
      this.#remove(existing, { usurped: tx.xt.hash });
    }
    const entry: PoolTx = { ...tx, seq: this.#seq++, state: 'future', listeners: new Set(listener ? [listener] : []) };
    this.#byHash.set(tx.xt.hash, entry);
    if (!senderTxs) this.#bySender.set(tx.signerHex, (senderTxs = new Map()));
    senderTxs.set(tx.nonce, entry);
    this.refresh(tx.signerHex, onchainNonce, entry);
    this.#notify(entry, entry.state);
    return entry;
  }

  watch(hash: Hex, listener: TxListener): () => void {
    const tx = this.#byHash.get(hash);
    tx?.listeners.add(listener);
    return () => tx?.listeners.delete(listener);
  }

  /**
   * Ready transactions in arrival order, except that each sender's come in nonce order (a nonce that arrived before
   * its predecessor takes the predecessor's place).
   */
  ready(): PoolTx[] {
    const ready = [...this.#byHash.values()].filter((t) => t.state === 'ready').sort((a, b) => a.seq - b.seq);
    const bySender = new Map<string, PoolTx[]>();
    for (const t of ready) {
      let list = bySender.get(t.signerHex);
      if (!list) bySender.set(t.signerHex, (list = []));
      list.push(t);
    }
    for (const list of bySender.values()) list.sort((a, b) => a.nonce - b.nonce);
    return ready.map((t) => bySender.get(t.signerHex)!.shift()!);
  }

  pendingHex(): Hex[] {
    return [...this.#byHash.values()].sort((a, b) => a.seq - b.seq).map((t) => t.xt.hex);
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
        tx.state = state;
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
