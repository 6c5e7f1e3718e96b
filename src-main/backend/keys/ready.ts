import { cryptoWaitReady } from '@polkadot/util-crypto';

let ready: Promise<void> | undefined;

/**
 * The WASM half of util-crypto loads asynchronously. Everything the vault uses also has a pure-JS path, so nothing is
 * wrong before this settles; waiting for it once just makes the faster implementations available.
 */
export function cryptoReady(): Promise<void> {
  ready ??= cryptoWaitReady().then(
    () => undefined,
    (err: unknown) => {
      ready = undefined;
      throw err;
    },
  );
  return ready;
}
