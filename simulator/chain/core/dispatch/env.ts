// The block being built, as dispatch code sees it: storage through the overlay, events, the phase they belong to,
// and the pallet implementations (for nested dispatch and weights).
import type { Pallet } from '../../runtime/pallet';
import { EventRecord } from '../../runtime/pallets/system';
import type { RuntimeCodec } from '../codec';
import type { Overlay } from '../state/overlay';
import type { StorageKeyHex, StorageValue } from '../state/store';
import type { PalletImpl } from './pallet-impl';
import type { StorageIO } from './storage';

/** `frame_system::Phase` as a value. */
export type PhaseValue = 'Initialization' | 'Finalization' | { readonly ApplyExtrinsic: number };

export interface ChainLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: ChainLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export class BlockEnv implements StorageIO {
  phase: PhaseValue = 'Initialization';
  /** Pool admission runs the fee withdrawal on a throw-away overlay: its events are never read, so not encoded. */
  discardEvents = false;

  constructor(
    readonly codec: RuntimeCodec,
    readonly overlay: Overlay,
    readonly impls: ReadonlyMap<string, PalletImpl>,
    /** The number of the block being built (0 while building genesis). */
    readonly blockNumber: number,
    readonly log: ChainLogger,
  ) {}

  get(key: StorageKeyHex): StorageValue | undefined {
    return this.overlay.get(key);
  }

  set(key: StorageKeyHex, value: StorageValue): void {
    this.overlay.set(key, value);
  }

  delete(key: StorageKeyHex): void {
    this.overlay.delete(key);
  }

  keys(prefix: StorageKeyHex): StorageKeyHex[] {
    return this.overlay.keys(prefix);
  }

  impl(pallet: Pallet): PalletImpl | undefined {
    return this.impls.get(pallet.name);
  }

  /** Records a RuntimeEvent value in the current phase. */
  depositEvent(event: unknown): void {
    if (this.discardEvents) return;
    this.overlay.pushEvent(this.codec.encode(EventRecord, { phase: this.phase, event, topics: [] }, 'event'));
  }
}
