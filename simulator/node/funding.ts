/**
 * Getting a node account funded before it can accept T&C and create its twin: the activation service when the host
 * is given one (as Zero-OS does), else a dev faucet inside the host (transfers from //Alice, serialised).
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { TxSubmitter } from './node-chain';

/** Zero-OS tops up when free balance is at or below 0.001 TFT (10,000 units). */
export const MIN_FREE_UNITS = 10_000n;
/** What the dev faucet gives: 100 TFT, plenty for a node's fees (most of its calls are Pays::No). */
export const FAUCET_UNITS = 100n * 10_000_000n;

export interface Funder {
  fund(address: string): Promise<void>;
}

export class ActivationFunder implements Funder {
  constructor(private readonly activationUrl: string) {}

  async fund(address: string): Promise<void> {
    const url = `${this.activationUrl.replace(/\/+$/, '')}/activation/activate`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ substrateAccountID: address }),
      signal: AbortSignal.timeout(15_000),
    });
    // 409 means "already activated", which Zero-OS counts as success.
    if (response.status !== 200 && response.status !== 409) {
      throw new Error(`activation service answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
  }
}

export class DevFaucet implements Funder {
  readonly #alice: KeyringPair;

  constructor(private readonly submitter: TxSubmitter, private readonly units = FAUCET_UNITS) {
    this.#alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  }

  async fund(address: string): Promise<void> {
    // The submitter serialises everything Alice signs, so many nodes booting at once do not collide on her nonce.
    await this.submitter.submit(this.#alice, 'balances', 'transferKeepAlive', address, this.units);
  }
}

/** Funds the account when it is empty (or nearly so), then waits up to `waitMs` for the funds to show. */
export async function ensureFunds(
  freeBalance: (address: string) => Promise<bigint>, funder: Funder, address: string, waitMs = 10_000,
): Promise<void> {
  if (await freeBalance(address) > MIN_FREE_UNITS) return;
  await funder.fund(address);
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (await freeBalance(address) > MIN_FREE_UNITS) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`account ${address} still has no funds ${waitMs} ms after funding`);
}
