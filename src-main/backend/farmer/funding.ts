/**
 * Getting TFT onto an account: the activation service where a network has one (the local grid, dev, qa), and where
 * to get TFT where it does not (test, main), as a farmer needs to read it.
 */
import type { NetworkProfile } from '../../api/contract';
import { ApiError } from '../../api/errors';

const TIMEOUT_MS = 15_000;

/** Networks whose TFT is worth something: no activation service hands it out. */
export const NO_FAUCET: ReadonlySet<NetworkProfile['id']> = new Set(['test', 'main']);

/**
 * The activation endpoint: live profiles hold the whole URL (…/activation/activate), the local grid its service's
 * base URL; both are accepted.
 */
export function activationEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/activate$/.test(trimmed) ? trimmed : `${trimmed}/activation/activate`;
}

/** POSTs the account to the activation service as the real one expects it (`{"substrateAccountID": ss58}`). */
export async function requestActivation(url: string, address: string, label: string): Promise<void> {
  const endpoint = activationEndpoint(url);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ substrateAccountID: address }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError('unavailable', `the ${label} activation service at ${endpoint} does not answer (${err instanceof Error ? err.message : String(err)}): check the activation URL in Settings → Networks`);
  }
  const text = await response.text().catch(() => '');
  // 409: the real service's "already activated".
  if (!response.ok && response.status !== 409) {
    throw new ApiError('unavailable', `the ${label} activation service refused to fund the account (HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''})`);
  }
}

export function howToGetTft(profile: NetworkProfile, address: string): string {
  if (profile.id === 'main') {
    return `Mainnet needs real TFT. Buy TFT (for example in the TF Connect app's wallet or on an exchange that lists TFT on Stellar or BSC), then move it to TFChain with the bridge in the ThreeFold Dashboard (TFChain → Bridge → Deposit) to this account: ${address}. About 1 TFT covers the fees of a twin, a farm and a payout address.`;
  }
  if (profile.id === 'test') {
    return `Testnet has no public faucet in Gridbox. Ask for testnet TFT in the ThreeFold forum or community chat (give this account: ${address}), or bridge testnet TFT from Stellar testnet with the Testnet Dashboard (TFChain → Bridge). About 1 TFT covers the fees of a twin, a farm and a payout address.`;
  }
  return `${profile.label} has no activation URL set: add it in Settings → Networks (e.g. https://activation.${profile.id}.grid.tf/activation/activate), or send TFT to ${address} from another account.`;
}
