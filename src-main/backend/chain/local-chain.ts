/**
 * Chain flows of the app on the local grid's chain (through the backend's shared connections): transactions signed
 * in the backend with the vault's keys (secrets never reach the renderer), and chain refusals turned into errors
 * that name the pallet rule.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { ApiError } from '../../api/errors';
import type { LocalGrid } from '../grid/local-grid';
import type { KeyVault } from '../keys/vault';
import type { ChainConnections } from './connections';
import { signAndWait, type Included } from './submit';

export type { Included } from './submit';

/** The local T&C document (the chain only records the link and its hash). */
const LOCAL_TERMS = { link: 'https://library.threefold.me/info/legal/#/legal__terms_conditions_chain', hash: 'local-grid' };

export class LocalChain {
  constructor(private readonly deps: { vault: KeyVault; grid: LocalGrid; connections: ChainConnections }) {}

  /** The connected API of the running local grid's chain. */
  async api(): Promise<ApiPromise> {
    const view = await this.deps.grid.status();
    const endpoint = view.state === 'running' ? view.endpoints?.substrate : undefined;
    if (!endpoint) throw new ApiError('unavailable', 'the local grid is not running: start it on the Local grid page');
    return this.deps.connections.api(endpoint, 'local grid');
  }

  /** Signs with the account's key and resolves once included in a block; a refusal names the pallet error. */
  async submit(address: string, build: (api: ApiPromise) => SubmittableExtrinsic<'promise'>): Promise<Included> {
    const api = await this.api();
    const pair = await this.deps.vault.signer(address);
    return signAndWait(api, pair, build(api));
  }

  async twinId(address: string): Promise<number> {
    const api = await this.api();
    return Number((await api.query.tfgridModule!.twinIdByAccountID!(address)).toString());
  }

  /**
   * What a new user needs before contracts, as grid_client expects it: funds (from the local activation service),
   * accepted terms and a twin on the local relay. Steps already done are skipped.
   */
  async ensureTwin(address: string): Promise<number> {
    const existing = await this.twinId(address);
    if (existing) return existing;
    const api = await this.api();
    const view = await this.deps.grid.status();
    const account = (await api.query.system!.account!(address)) as unknown as { data: { free: { isZero(): boolean } } };
    if (account.data.free.isZero() && view.endpoints?.activation) {
      const response = await fetch(`${view.endpoints.activation}/activation/activate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ substrateAccountID: address }),
      });
      if (!response.ok && response.status !== 409) throw new ApiError('unavailable', `the local activation service refused to fund the account (HTTP ${response.status})`);
    }
    const accepted = await api.query.tfgridModule!.usersTermsAndConditions!(address);
    if (accepted.isEmpty) {
      await this.submit(address, (a) => a.tx.tfgridModule!.userAcceptTc!(LOCAL_TERMS.link, LOCAL_TERMS.hash));
    }
    const relay = view.endpoints?.relay ? new URL(view.endpoints.relay).hostname : null;
    await this.submit(address, (a) => a.tx.tfgridModule!.createTwin!(relay, null));
    return this.twinId(address);
  }
}
