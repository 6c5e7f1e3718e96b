/**
 * A network's chain as the app's flows use it: its profile, a connection (shared, from ChainConnections), signing
 * with the vault's keys, and the mainnet rule (a write needs the user's explicit confirmation, checked before
 * anything is sent). The farmer's flows and the contracts reach every network through it.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { NetworkId, NetworkProfile } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { KeyVault } from '../keys/vault';
import type { NetworkProfiles } from '../networks/networks';
import type { ChainConnections } from './connections';
import { signAndWait, type Included } from './submit';

export type Build = (api: ApiPromise) => SubmittableExtrinsic<'promise'>;

export class NetworkChains {
  constructor(private readonly deps: { vault: KeyVault; networks: NetworkProfiles; connections: ChainConnections }) {}

  profile(id: NetworkId): NetworkProfile {
    return this.deps.networks.get(id);
  }

  /** A network to write to: on mainnet only with the user's explicit confirmation. */
  writable(id: NetworkId, confirmMainnet: boolean | undefined): NetworkProfile {
    const profile = this.profile(id);
    if (profile.mainnet && confirmMainnet !== true) {
      throw new ApiError('confirmation_failed', `this writes to ${profile.label} and spends real TFT: confirm it to go ahead`);
    }
    return profile;
  }

  api(profile: NetworkProfile): Promise<ApiPromise> {
    const endpoint = profile.endpoints.substrate;
    if (!endpoint) {
      throw new ApiError('unavailable', profile.id === 'local'
        ? 'the local grid is not running: start it on the Local grid page'
        : `${profile.label} has no chain endpoint: set it in Settings → Networks`);
    }
    return this.deps.connections.api(endpoint, profile.label);
  }

  async submit(profile: NetworkProfile, address: string, build: Build): Promise<Included> {
    const pair = await this.deps.vault.signer(address);
    const api = await this.api(profile);
    return signAndWait(api, pair, build(api));
  }
}
