// A local RMB grid for the relay tests: the dev chain (instant blocks), a relay on a free port, and twins created
// on chain with @polkadot/api as their owners would (funded by //Alice, T&C, createTwin with a relay host).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { startChain, type RunningChain } from '../../../simulator/chain';
import { identityFromPair, type RmbIdentity } from '../../../simulator/rmb/identity';
import type { RmbLogger } from '../../../simulator/rmb/peer';
import { startRelay, type RelayOptions, type RunningRelay } from '../../../simulator/services/relay';
import { collectingLogger, send, TFT } from '../chain/helpers';

export const RELAY_DOMAIN = 'relay.local';
const TC = ['http://zos.tf/terms/v0.1', '9021d4dee05a661e2cb6838152c67f25'] as const;

export interface Twin {
  id: number;
  pair: KeyringPair;
  /** the BIP-39 phrase, for clients that take one (rmb_direct_client) */
  mnemonic: string;
  identity: RmbIdentity;
}

export interface LocalGrid {
  chain: RunningChain;
  api: ApiPromise;
  relay: RunningRelay;
  /** relay log lines at warn and error level */
  relayProblems: string[];
  createTwin(opts?: { type?: 'sr25519' | 'ed25519'; relay?: string | null }): Promise<Twin>;
  close(): Promise<void>;
}

export async function startLocalGrid(relayOpts: Partial<RelayOptions> = {}): Promise<LocalGrid> {
  const { logger } = collectingLogger();
  const chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', logger });
  const api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true, throwOnConnect: true });
  const relayProblems: string[] = [];
  const relayLogger: RmbLogger = {
    debug() {}, info() {},
    warn: (m, f) => relayProblems.push(`warn: ${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => relayProblems.push(`error: ${m} ${JSON.stringify(f ?? {})}`),
  };
  const relay = await startRelay({ chainUrl: chain.url, domain: RELAY_DOMAIN, logger: relayLogger, ...relayOpts });
  const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  const tf = () => api.tx['tfgridModule']!;
  // One funding transfer at a time: they share //Alice's nonce.
  let funding = Promise.resolve();

  return {
    chain, api, relay, relayProblems,
    async createTwin({ type = 'sr25519', relay: relayHost = RELAY_DOMAIN } = {}) {
      const mnemonic = mnemonicGenerate(12);
      const pair = new Keyring({ type, ss58Format: 42 }).addFromUri(mnemonic);
      const funded = funding.then(() => send(api.tx.balances!.transferKeepAlive!(pair.address, 10n * TFT), alice, { until: 'inBlock' }));
      funding = funded.then(() => undefined, () => undefined);
      await funded;
      await send(tf().userAcceptTc!(...TC), pair, { until: 'inBlock' });
      const { events } = await send(tf().createTwin!(relayHost, null), pair, { until: 'inBlock' });
      const stored = events.find(({ event }) => event.section === 'tfgridModule' && event.method === 'TwinStored');
      if (!stored) throw new Error(`createTwin failed: ${events.map(({ event }) => `${event.section}.${event.method}`).join(', ')}`);
      const id = (stored.event.data[0]!.toPrimitive() as { id: number }).id;
      return { id, pair, mnemonic, identity: identityFromPair(id, pair) };
    },
    async close() {
      await relay.close();
      await api.disconnect();
      await chain.close();
    },
  };
}
