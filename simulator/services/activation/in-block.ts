/**
 * Sign, submit and wait until a transaction is in a block, failing with the module error's name (`balances.X`)
 * when the call was included but failed. Shared by the activation service and the orchestrator's farmer setup.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';

const INCLUSION_TIMEOUT_MS = 30_000;

/** `nonce: -1` (the default) lets the chain pick the next index. */
export function submitInBlock(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair, nonce = -1): Promise<void> {
  const label = `${tx.method.section}.${tx.method.method}`;
  return new Promise((resolve, reject) => {
    let finished = false;
    let unsubscribe: (() => void) | undefined;
    const done = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe?.();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`${label} was not included within 30 s`)), INCLUSION_TIMEOUT_MS);
    tx.signAndSend(signer, { nonce }, (result) => {
      if (result.status.isInBlock || result.status.isFinalized) {
        const failed = result.dispatchError;
        if (!failed) return done();
        const meta = failed.isModule ? api.registry.findMetaError(failed.asModule) : undefined;
        return done(new Error(`${label} failed: ${meta ? `${meta.section}.${meta.name}` : failed.type}`));
      }
      if (result.isError) done(new Error(`${label}: transaction ${result.status.type}`));
    }).then((unsub) => {
      if (finished) unsub();
      else unsubscribe = unsub;
    }, (error: unknown) => done(new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`)));
  });
}
