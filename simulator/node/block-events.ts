/**
 * The events of recent blocks, read once per block however many of a host's transactions it holds: the block's
 * extrinsic hashes (`chain_getBlock`) and its `System.Events` (`state_getStorage` at the block), both public RPC.
 * A transaction's events are those whose phase is its index in the block.
 */
import type { ApiPromise } from '@polkadot/api';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { Vec } from '@polkadot/types';
import type { TxEvent } from './chain-calls';

/** Blocks kept: the InBlock notifications of one block come close together. */
const KEPT_BLOCKS = 16;

interface BlockRecord {
  readonly hashes: string[];
  readonly events: EventRecord[];
}

export interface TxOutcome {
  readonly events: TxEvent[];
  /** Set when the extrinsic's dispatch failed (`System.ExtrinsicFailed`). */
  readonly failed?: DispatchError;
}

export class BlockEvents {
  readonly #blocks = new Map<string, Promise<BlockRecord>>();

  constructor(private readonly api: ApiPromise) {}

  async eventsOf(blockHash: string, txHash: string): Promise<TxOutcome> {
    const block = await this.#block(blockHash);
    const index = block.hashes.indexOf(txHash);
    if (index < 0) throw new Error(`extrinsic ${txHash} is not in block ${blockHash}`);
    const mine = block.events.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
    const failed = mine.find(({ event }) => event.section === 'system' && event.method === 'ExtrinsicFailed');
    return {
      events: mine.map(({ event }) => ({ section: event.section, method: event.method, data: event.data.map((d) => d.toPrimitive()) })),
      ...(failed ? { failed: failed.event.data[0] as DispatchError } : {}),
    };
  }

  #block(blockHash: string): Promise<BlockRecord> {
    let record = this.#blocks.get(blockHash);
    if (!record) {
      record = this.#read(blockHash);
      this.#blocks.set(blockHash, record);
      record.catch(() => this.#blocks.delete(blockHash));
      while (this.#blocks.size > KEPT_BLOCKS) this.#blocks.delete(this.#blocks.keys().next().value!);
    }
    return record;
  }

  async #read(blockHash: string): Promise<BlockRecord> {
    const [signed, events] = await Promise.all([
      this.api.rpc.chain.getBlock(blockHash),
      this.api.rpc.state.getStorage<Vec<EventRecord>>(this.api.query.system.events.creator, blockHash),
    ]);
    return { hashes: signed.block.extrinsics.map((x) => x.hash.toHex()), events: [...events] };
  }
}
