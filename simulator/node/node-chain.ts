/**
 * What a node host needs from the chain, behind one interface with two clients: the light client (light-chain.ts)
 * when the chain runs the runtime the simulator declares, else @polkadot/api (polkadot-chain.ts), loaded only then.
 * Values are shaped as polkadot-js's `toPrimitive()` shapes them in both, so the agents do not know which they have.
 * GRIDBOX_NODE_CHAIN=polkadot|light picks one (tests compare both; `light` refuses a chain it does not describe).
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { TwinInfo } from '../rmb/twin-lookup';
import type { TxCall, TxEvent } from './chain-calls';
import { LightChain } from './light-chain';

export type ChainEventListener = (section: string, method: string, data: unknown[]) => void;

/** Signed calls awaited until in a block (ChainSubmitter has the same shape). */
export interface TxSubmitter {
  /** Resolves with the call's events; rejects with ChainCallError (module errors named `section.Name`). */
  submit(pair: KeyringPair, section: string, method: string, ...args: unknown[]): Promise<TxEvent[]>;
  /** Several calls of one signer with consecutive nonces, sent before any is in a block; `onSent` once all are in the pool. */
  submitTogether(pair: KeyringPair, calls: readonly TxCall[], onSent?: () => void): Promise<TxEvent[][]>;
}

export interface NodeChain extends TxSubmitter {
  readonly kind: 'light' | 'polkadot';
  /** A storage entry as `toPrimitive()` gives it; null for an absent optional entry. */
  query<T = unknown>(section: string, method: string, ...keys: unknown[]): Promise<T>;
  /** A twin as RMB needs it (raw account id and pk). */
  twin(id: number): Promise<TwinInfo | null>;
  /** Timestamp.Now (ms) now and at every block that changes it. */
  followTime(listener: (nowMs: number) => void): Promise<() => void>;
  /** The named events (`['tfgridModule', 'PowerTargetChanged']`) of every new block. */
  followEvents(wanted: readonly (readonly [string, string])[], listener: ChainEventListener): Promise<() => void>;
  /** The arguments of every `section.method` call waiting in the chain's pool. */
  pendingCalls(section: string, method: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** Connects with the light client when the chain runs the declared runtime, else with @polkadot/api. */
export async function connectNodeChain(url: string, waitMs = 0, choice = process.env.GRIDBOX_NODE_CHAIN): Promise<NodeChain> {
  if (choice !== 'polkadot') {
    const light = await LightChain.connect(url, waitMs);
    if (light) return light;
    if (choice === 'light') throw new Error(`the chain at ${url} does not run the runtime the light client knows (TFChain spec 152)`);
  }
  const { PolkadotChain } = await import('./polkadot-chain');
  return PolkadotChain.connect(url, waitMs);
}

/** Free balance in units (`system.account`), with either client. */
export async function freeBalance(chain: NodeChain, address: string): Promise<bigint> {
  const account = await chain.query<{ data: { free: number | string } }>('system', 'account', address);
  return BigInt(account.data.free);
}
