/**
 * Signing and sending one extrinsic with a vault key and waiting until it is in a block; a refusal becomes
 * `rejected` with the pallet error and its meaning. Shared by the local chain flows and the farmer's flows.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { ApiError } from '../../api/errors';
import { describeDispatchError } from '../explorer/decode';

const TX_TIMEOUT_MS = 60_000;

export interface Included {
  blockHash: string;
  events: EventRecord[];
}

export function signAndWait(api: ApiPromise, pair: KeyringPair, tx: SubmittableExtrinsic<'promise'>): Promise<Included> {
  return new Promise<Included>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let finished = false;
    // Said on a timeout: "none" (never admitted), Future (a nonce gap) or Ready (admitted, no block came) differ.
    let lastStatus = 'none';
    const timer = setTimeout(
      () => done(() => reject(new ApiError('unavailable', `the transaction was not included within 60 s (last status from the chain: ${lastStatus})`))),
      TX_TIMEOUT_MS,
    );
    function done(fn: () => void): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe?.();
      fn();
    }
    tx.signAndSend(pair, { nonce: -1 }, (result) => {
      lastStatus = result.status.type;
      // Finalized counts too: polkadot-js drops the InBlock result when Finalized comes before it has fetched that
      // block's events, which a busy machine makes likely on an instantly finalizing chain.
      if (result.status.isInBlock || result.status.isFinalized) {
        const failure = result.dispatchError;
        if (failure) done(() => reject(new ApiError('rejected', describeDispatchError(api, failure))));
        else done(() => resolve({ blockHash: (result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized).toHex(), events: result.events }));
      } else if (result.isError) {
        done(() => reject(new ApiError('rejected', `the transaction was dropped (${result.status.type})`)));
      }
    })
      .then((unsub) => {
        if (finished) unsub();
        else unsubscribe = unsub;
      })
      .catch((err: unknown) => done(() => reject(new ApiError('rejected', err instanceof Error ? err.message : String(err)))));
  });
}
