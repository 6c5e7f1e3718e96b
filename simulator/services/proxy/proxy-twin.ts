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
  /** A client of that chain to share (left connected on close); else the twin connects its own. */
  api?: ApiPromise;
  relayUrl: string;
  activationUrl?: string;
  /** Secret URI or mnemonic of the proxy's account (default `//GridProxy`). */
  seed?: string;
  /**
   * The twin is created only once this settles (funding goes ahead meanwhile): the orchestrator passes the farmer's
   * twin being in the chain's pool, so twin ids come out the same on every grid (farmer 1, proxy 2).
   */
  twinAfter?: Promise<unknown>;
  logger?: RmbLogger;
}

export interface ProxyTwin {
  twinId: number;
  peer: RmbPeer;
  close(): Promise<void>;
}

async function ensureTwin(api: ApiPromise, submitter: ChainSubmitter, options: ProxyTwinOptions): Promise<{ twinId: number; pair: ReturnType<Keyring['addFromUri']> }> {
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(options.seed ?? PROXY_TWIN_URI);
  const freeBalance = async (address: string) => BigInt((await queryOf<{ data: { free: number | string } }>(api, 'system', 'account', address)).data.free);
  await ensureFunds(freeBalance, options.activationUrl ? new ActivationFunder(options.activationUrl) : new DevFaucet(submitter), pair.address);
  await options.twinAfter;
  const relay = relayHostOf(options.relayUrl);
  const [accepted, existing] = await Promise.all([
    queryOf<unknown[] | null>(api, 'tfgridModule', 'usersTermsAndConditions', pair.address),
    queryOf<number | null>(api, 'tfgridModule', 'twinIdByAccountID', pair.address),
  ]);
  if (existing) {
    const twin = await queryOf<{ relay: string | null } | null>(api, 'tfgridModule', 'twins', existing);
    if (twin?.relay !== relay) await submitter.submit(pair, 'tfgridModule', 'updateTwin', relay, null);
    return { twinId: existing, pair };
  }
  // T&C and the twin together: one block on an instant chain.
  const calls = [
    ...(accepted?.length ? [] : [{ section: 'tfgridModule', method: 'userAcceptTc', args: [ZOS_TERMS.link, ZOS_TERMS.hash] }]),
    { section: 'tfgridModule', method: 'createTwin', args: [relay, null] },
  ];
  const events = (await submitter.submitTogether(pair, calls)).flat();
  const twinId = (events.find((e) => e.method === 'TwinStored')?.data[0] as { id: number } | undefined)?.id;
  if (!twinId) throw new Error('the proxy twin was not created');
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
  const api = options.api ?? await connectChain(options.chainUrl, 10_000);
  const release = () => (options.api ? Promise.resolve() : api.disconnect());
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
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
