/**
 * The proxy's own twin on RMB, as the real grid proxy runs one (its `--mnemonics`): an sr25519 dev account
 * (`//GridProxy` by default, so nothing secret is kept), funded through the activation service (or the dev
 * faucet without one), with T&C accepted and a twin on the relay; then an `RmbPeer` to call the nodes.
 */
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { ChainSubmitter, connectChain, queryOf } from '../../node/chain-client';
import { ActivationFunder, DevFaucet, ensureFunds } from '../../node/funding';
import { ZOS_TERMS, relayHostOf } from '../../node/registration';
import { RmbPeer, chainTwinLookup, identityFromPair, type RmbLogger } from '../../rmb';

export const PROXY_TWIN_URI = '//GridProxy';

export interface ProxyTwinOptions {
  chainUrl: string;
  relayUrl: string;
  activationUrl?: string;
  /** Secret URI or mnemonic of the proxy's account (default `//GridProxy`). */
  seed?: string;
  logger?: RmbLogger;
}

export interface ProxyTwin {
  twinId: number;
  peer: RmbPeer;
  close(): Promise<void>;
}

async function ensureTwin(api: ApiPromise, submitter: ChainSubmitter, options: ProxyTwinOptions): Promise<{ twinId: number; pair: ReturnType<Keyring['addFromUri']> }> {
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(options.seed ?? PROXY_TWIN_URI);
  await ensureFunds(api, options.activationUrl ? new ActivationFunder(options.activationUrl) : new DevFaucet(submitter), pair.address);
  const accepted = await queryOf<unknown[] | null>(api, 'tfgridModule', 'usersTermsAndConditions', pair.address);
  if (!accepted?.length) await submitter.submit(pair, 'tfgridModule', 'userAcceptTc', ZOS_TERMS.link, ZOS_TERMS.hash);
  const relay = relayHostOf(options.relayUrl);
  let twinId = await queryOf<number | null>(api, 'tfgridModule', 'twinIdByAccountID', pair.address);
  if (!twinId) {
    const events = await submitter.submit(pair, 'tfgridModule', 'createTwin', relay, null);
    twinId = (events.find((e) => e.method === 'TwinStored')?.data[0] as { id: number } | undefined)?.id ?? null;
    if (!twinId) throw new Error('the proxy twin was not created');
  } else {
    const twin = await queryOf<{ relay: string | null } | null>(api, 'tfgridModule', 'twins', twinId);
    if (twin?.relay !== relay) await submitter.submit(pair, 'tfgridModule', 'updateTwin', relay, null);
  }
  return { twinId, pair };
}

/**
 * Makes sure the proxy's twin exists, and disconnects: after a chain reset the orchestrator re-creates it right after
 * the farmer's, before the nodes register, so twin ids come out as on a fresh grid and the running proxy's identity
 * (same account, same twin id) stays valid.
 */
export async function ensureProxyTwin(options: Omit<ProxyTwinOptions, 'logger'>): Promise<number> {
  const api = await connectChain(options.chainUrl, 10_000);
  try {
    return (await ensureTwin(api, new ChainSubmitter(api), options)).twinId;
  } finally {
    await api.disconnect();
  }
}

export async function startProxyTwin(options: ProxyTwinOptions): Promise<ProxyTwin> {
  const api = await connectChain(options.chainUrl, 10_000);
  try {
    const submitter = new ChainSubmitter(api);
    const { twinId, pair } = await ensureTwin(api, submitter, options);
    const peer = new RmbPeer({
      relayUrl: options.relayUrl, identity: identityFromPair(twinId, pair), twins: chainTwinLookup(api),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    await peer.start();
    return {
      twinId, peer,
      close: async () => {
        await peer.close();
        await api.disconnect();
      },
    };
  } catch (error) {
    await api.disconnect();
    throw error;
  }
}
