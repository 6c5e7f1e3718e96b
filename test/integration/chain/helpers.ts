// A real dev chain on 127.0.0.1 (port 0) driven by an unmodified @polkadot/api ApiPromise, as Gridbox's clients
// drive it. Helpers here only collect what the API reports; the assertions stay in the tests.
// Substrate's generated API types (System, Balances, Utility, … are the same pallets here); TFChain's own pallets
// stay untyped. Types only: nothing changes at run time.
import '@polkadot/api-augment/substrate';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord, Hash } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';
import { startChain, type RunningChain } from '../../../simulator/chain';
import type { BlockMode } from '../../../simulator/chain/core/chain';
import type { ChainLogger } from '../../../simulator/chain/core/dispatch/env';

export interface TestChain {
  readonly running: RunningChain;
  readonly api: ApiPromise;
  /** The API's provider, for raw JSON-RPC calls. */
  readonly provider: WsProvider;
  readonly keyring: Keyring;
  readonly alice: KeyringPair;
  readonly bob: KeyringPair;
  /** Warnings and errors the chain logged (a test may assert there are none). */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A chain logger that keeps warnings and errors, so a test can assert the chain complained about nothing. */
export function collectingLogger(): { logger: ChainLogger; problems: string[] } {
  const problems: string[] = [];
  const logger: ChainLogger = {
    debug: () => {},
    info: () => {},
    warn: (m, f) => problems.push(`warn: ${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => problems.push(`error: ${m} ${JSON.stringify(f ?? {})}`),
  };
  return { logger, problems };
}

export async function startTestChain(blockMode: BlockMode = 'instant'): Promise<TestChain> {
  const { logger, problems } = collectingLogger();
  const running = await startChain({ host: '127.0.0.1', port: 0, blockMode, logger });
  const provider = new WsProvider(running.url);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    running,
    api,
    provider,
    keyring,
    alice: keyring.addFromUri('//Alice'),
    bob: keyring.addFromUri('//Bob'),
    problems,
    close: async () => {
      await api.disconnect();
      await running.close();
    },
  };
}

export interface TxOutcome {
  readonly statuses: string[];
  readonly blockHash: Hash;
  readonly events: EventRecord[];
  readonly result: ISubmittableResult;
}

/** signAndSend, resolving at InBlock (`until: 'inBlock'`) or Finalized with every status seen until then. */
export function send(
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  options: { nonce?: number; era?: number; until?: 'inBlock' | 'finalized'; timeoutMs?: number } = {},
): Promise<TxOutcome> {
  const until = options.until ?? 'finalized';
  return new Promise((resolve, reject) => {
    const statuses: string[] = [];
    const timer = setTimeout(() => reject(new Error(`no ${until} within time; statuses ${statuses.join(',')}`)),
      options.timeoutMs ?? 20_000);
    let unsub: (() => void) | undefined;
    tx.signAndSend(signer, { nonce: options.nonce, era: options.era }, (result) => {
      statuses.push(result.status.type);
      const done = until === 'inBlock' ? result.status.isInBlock : result.status.isFinalized;
      if (result.isError && !result.status.isInBlock && !result.status.isFinalized) {
        clearTimeout(timer);
        reject(new Error(`transaction ${result.status.type}`));
      }
      if (!done) return;
      clearTimeout(timer);
      unsub?.();
      const blockHash = until === 'inBlock' ? result.status.asInBlock : result.status.asFinalized;
      resolve({ statuses, blockHash, events: result.events, result });
    }).then((u) => {
      unsub = u;
    }, (error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export const eventNames = (events: readonly EventRecord[]): string[] =>
  events.map(({ event }) => `${event.section}.${event.method}`);

export async function freeBalance(api: ApiPromise, address: string): Promise<bigint> {
  return (await api.query.system.account(address)).data.free.toBigInt();
}

export async function nonceOf(api: ApiPromise, address: string): Promise<number> {
  return (await api.query.system.account(address)).nonce.toNumber();
}

/** Balances.transfer (call 7): the deprecated alias tfchain_client sends, absent from Substrate's generated types. */
export const transfer = (api: ApiPromise, dest: string, value: bigint): SubmittableExtrinsic<'promise'> =>
  api.tx.balances.transfer!(dest, value);

/** 1 TFT in raw units. */
export const TFT = 10_000_000n;

/** Submits and waits for InBlock; returns the extrinsic's events. */
export const inBlockEvents = async (tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<EventRecord[]> =>
  (await send(tx, signer, { until: 'inBlock' })).events;

/** `section.Name` of the module error an extrinsic failed with (decoded through the registry), else undefined. */
export function moduleFailure(api: ApiPromise, events: readonly EventRecord[]): string | undefined {
  const failed = events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
  if (!failed || !api.events.system.ExtrinsicFailed.is(failed.event)) return undefined;
  const error = failed.event.data.dispatchError;
  if (!error.isModule) return error.type;
  const meta = api.registry.findMetaError(error.asModule);
  return `${meta.section}.${meta.name}`;
}
