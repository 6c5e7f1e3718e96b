/**
 * Getting a node account funded before it can accept T&C and create its twin: the activation service when the host
 * is given one (as Zero-OS does), else a dev faucet inside the host (transfers from //Alice, serialised).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
    const { status, text } = await postJson(url, { substrateAccountID: address }, 15_000);
    // 409 means "already activated", which Zero-OS counts as success.
    if (status !== 200 && status !== 409) throw new Error(`activation service answered ${status}: ${text.slice(0, 200)}`);
  }
}

/**
 * One JSON POST with node:http(s). Not `fetch`: its first call loads undici, tens of ms of a node container's CPU
 * for the one request a node makes.
 */
function postJson(url: string, body: unknown, timeoutMs: number): Promise<{ status: number; text: string }> {
  const data = JSON.stringify(body);
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
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
