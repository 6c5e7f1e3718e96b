/**
 * The public endpoints of ThreeFold's live networks, as grid_client and the dashboard use them. Facts, kept as data
 * so that a moved service is one edit (and users can override any of them in Settings).
 */
import type { NetworkEndpoints, NetworkId } from '../../api/contract';

export interface NetworkDefaults {
  label: string;
  bootstrapNetwork: string;
  endpoints: NetworkEndpoints;
  mainnet: boolean;
}

const BOOTSTRAP = 'https://v3.bootstrap.grid.tf';

function live(sub: string): NetworkEndpoints {
  const host = (service: string) => `${service}.${sub ? `${sub}.` : ''}grid.tf`;
  return {
    substrate: `wss://${host('tfchain')}/ws`,
    relay: `wss://${host('relay')}`,
    proxy: `https://${host('gridproxy')}`,
    graphql: `https://${host('graphql')}/graphql`,
    activation: `https://${host('activation')}/activation/activate`,
    bootstrap: BOOTSTRAP,
  };
}

export const NO_ENDPOINTS: NetworkEndpoints = { substrate: '', relay: '', proxy: '', graphql: '', activation: '', bootstrap: BOOTSTRAP };

export const NETWORK_DEFAULTS: Readonly<Record<NetworkId, NetworkDefaults>> = {
  local: { label: 'Local grid', bootstrapNetwork: 'dev', endpoints: NO_ENDPOINTS, mainnet: false },
  dev: { label: 'Devnet', bootstrapNetwork: 'dev', endpoints: live('dev'), mainnet: false },
  qa: { label: 'QAnet', bootstrapNetwork: 'qa', endpoints: live('qa'), mainnet: false },
  test: { label: 'Testnet', bootstrapNetwork: 'test', endpoints: live('test'), mainnet: false },
  main: { label: 'Mainnet', bootstrapNetwork: 'prod', endpoints: live(''), mainnet: true },
};
