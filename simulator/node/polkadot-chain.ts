/**
 * The node's chain access through @polkadot/api, for chains the light client does not describe (node-chain.ts):
 * any TFChain-compatible runtime whose metadata polkadot-js can read.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { queryTwin, type TwinInfo } from '../rmb/twin-lookup';
import { ChainSubmitter, connectChain, queryOf, type TxCall, type TxEvent } from './chain-client';
import { decodeEvents, decodeU64, EventPrefilter, plainStorageKey, watchRaw } from './chain-watch';
import type { ChainEventListener, NodeChain } from './node-chain';

export class PolkadotChain implements NodeChain {
  readonly kind = 'polkadot';
  readonly #submitter: ChainSubmitter;

  constructor(readonly api: ApiPromise, private readonly ownsApi = true) {
    this.#submitter = new ChainSubmitter(api);
  }

  static async connect(url: string, waitMs = 0): Promise<PolkadotChain> {
    return new PolkadotChain(await connectChain(url, waitMs));
  }

  query<T = unknown>(section: string, method: string, ...keys: unknown[]): Promise<T> {
    return queryOf<T>(this.api, section, method, ...keys);
  }

  twin(id: number): Promise<TwinInfo | null> {
    return queryTwin(this.api, id);
  }

  submit(pair: KeyringPair, section: string, method: string, ...args: unknown[]): Promise<TxEvent[]> {
    return this.#submitter.submit(pair, section, method, ...args);
  }

  submitTogether(pair: KeyringPair, calls: readonly TxCall[], onSent?: () => void): Promise<TxEvent[][]> {
    return this.#submitter.submitTogether(pair, calls, onSent);
  }

  followTime(listener: (nowMs: number) => void): Promise<() => void> {
    return watchRaw(this.api, plainStorageKey(this.api, 'timestamp', 'now'), (bytes) => listener(bytes ? decodeU64(bytes) : 0));
  }

  followEvents(wanted: readonly (readonly [string, string])[], listener: ChainEventListener): Promise<() => void> {
    const prefilter = EventPrefilter.of(this.api, wanted);
    return watchRaw(this.api, plainStorageKey(this.api, 'system', 'events'), (bytes) => {
      if (!bytes || !prefilter.mayHold(bytes)) return;
      for (const { event } of decodeEvents(this.api, bytes)) {
        if (!wanted.some(([section, method]) => event.section === section && event.method === method)) continue;
        listener(event.section, event.method, event.data.map((d) => d.toPrimitive()));
      }
    });
  }

  async pendingCalls(section: string, method: string): Promise<unknown[][]> {
    const pending = await this.api.rpc.author.pendingExtrinsics();
    return pending.filter((x) => x.method.section === section && x.method.method === method)
      .map((x) => x.method.args.map((a) => a.toPrimitive()));
  }

  async close(): Promise<void> {
    if (this.ownsApi) await this.api.disconnect();
  }
}
