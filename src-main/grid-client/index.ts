/**
 * `gridbox/grid-client`: the official `@threefold/grid_client` (2.9.2, a peer dependency, unmodified) connected to a
 * local grid. It handles the two places where grid_client cannot be pointed at a local grid by options alone, each
 * for this one client only (grid-services.md §6.3):
 *
 * - Relay: grid_client writes its relay URL's host on chain as the twin's relay, and the chain accepts a bare
 *   hostname only (no port, no scheme). The client is given `wss://relay.local` (a host the local relay serves) and
 *   its own rmb_direct_client instance dials `endpoints.relay` instead.
 * - KYC: grid_client always asks `https://kyc.<network>.grid.tf` and ignores its `KycURL` option. This client's KYC
 *   host is a name under `.invalid` (so it can never reach a real service) and an axios interceptor, on the axios
 *   that grid_client itself loads, sends requests for exactly that host to `endpoints.kyc`.
 *
 * A mnemonic without a twin gets what grid_client's own `tfchain.create` gives a new user: funds from the
 * activation service, the terms and conditions accepted, a twin with its relay set.
 */
import { createRequire } from 'node:module';
import type { GridClient } from '@threefold/grid_client';

/** What `gridbox up --json` prints (the URLs grid_client needs). */
export interface LocalGridEndpoints {
  readonly substrate: string;
  readonly relay: string;
  readonly activation: string;
  readonly proxy: string;
  readonly graphql: string;
  readonly kyc: string;
}

export interface ConnectLocalGridClientOptions {
  readonly mnemonic: string;
  readonly endpoints: LocalGridEndpoints;
  /** grid_client's project name (deployments are listed per project). */
  readonly projectName?: string;
  /** Encrypts what grid_client stores; given, it also skips grid_client's key-migration pass at connect. */
  readonly storeSecret?: string;
  readonly keypairType?: 'sr25519' | 'ed25519';
  /** grid_client's deployment timeout (default 10 minutes, as grid_client). */
  readonly deploymentTimeoutMinutes?: number;
}

export interface LocalGridClient {
  /** The connected grid_client. */
  readonly grid: GridClient;
  readonly twinId: number;
  /** Whether this connect created the account's twin (new-user flow). */
  readonly createdTwin: boolean;
  disconnect(): Promise<void>;
}

/** The relay host written on chain for local users; the local relay serves it (its default domains). */
export const LOCAL_RELAY_HOST = 'relay.local';
/**
 * The terms a new user accepts, as the dashboards send them. (grid_client's own `tfchain.create` sends a link with
 * an empty hash, which TFChain refuses: DocumentHashInputTooShort.)
 */
const TERMS = { documentLink: 'https://library.threefold.me/info/legal/#/', documentHash: '9021d4dee05a661e2cb6838152c67f25' };
const ACTIVATION_WAIT_MS = 10_000;

const requireHere = createRequire(import.meta.url);

interface GridClientModule {
  GridClient: new (options: Record<string, unknown>) => GridClient;
}
interface Axios {
  interceptors: { request: { use(fn: (config: { url?: string }) => unknown): number; eject(id: number): void } };
}
interface RmbInstance { session: string; newJWT(session: string): string; updateUrl(): string }

/** grid_client and the axios it resolves (npm may nest a copy of axios under it). */
function loadGridClient(): { module: GridClientModule; axios: Axios; requireFromGridClient: NodeJS.Require } {
  let entry: string;
  try {
    entry = requireHere.resolve('@threefold/grid_client');
  } catch {
    throw new Error('gridbox/grid-client needs @threefold/grid_client (2.9.2) installed next to it: npm install @threefold/grid_client@2.9.2');
  }
  const requireFromGridClient = createRequire(entry);
  const axios = requireFromGridClient('axios') as Axios & { default?: Axios };
  return { module: requireHere(entry) as GridClientModule, axios: axios.default ?? axios, requireFromGridClient };
}

let kycHosts = 0;

/** Connects grid_client to the local grid; creates the account's twin first when it has none. */
export async function connectLocalGridClient(options: ConnectLocalGridClientOptions): Promise<LocalGridClient> {
  const endpoints = checkEndpoints(options.endpoints);
  const { module, axios, requireFromGridClient } = loadGridClient();
  const keypairType = options.keypairType ?? 'sr25519';
  const createdTwin = await ensureUser(requireFromGridClient, options.mnemonic, keypairType, endpoints);

  const kycHost = `kyc${++kycHosts}.${process.pid}.gridbox.invalid`;
  const kycPrefix = `https://${kycHost}/`;
  const kycTarget = `${endpoints.kyc.replace(/\/+$/, '')}/`;
  const interceptor = axios.interceptors.request.use((config) => {
    if (config.url?.startsWith(kycPrefix)) config.url = kycTarget + config.url.slice(kycPrefix.length);
    return config;
  });
  const localRelay = endpoints.relay.replace(/\/+$/, '');

  class LocalGridGridClient extends (module.GridClient as new (o: Record<string, unknown>) => GridClient & {
    getDefaultUrls(network: string): Record<string, string>;
  }) {
    constructor(o: Record<string, unknown>) {
      super(o);
      // grid_client builds its rmb_direct_client inside connect(); this instance's one dials the local relay.
      let rmb: RmbInstance | undefined;
      Object.defineProperty(this, 'rmbClient', {
        configurable: true, enumerable: true,
        get: () => rmb,
        set: (client: RmbInstance | undefined) => {
          if (client) client.updateUrl = () => `${localRelay}/?${client.newJWT(client.session)}`;
          rmb = client;
        },
      });
    }

    override getDefaultUrls(network: string): Record<string, string> {
      return { ...super.getDefaultUrls(network), KYC: kycHost };
    }
  }

  const grid = new LocalGridGridClient({
    network: 'dev',
    mnemonic: options.mnemonic,
    ...(options.storeSecret ? { storeSecret: options.storeSecret } : {}),
    projectName: options.projectName ?? '',
    keypairType,
    substrateURL: endpoints.substrate,
    relayURL: `wss://${LOCAL_RELAY_HOST}`,
    proxyURL: endpoints.proxy,
    graphqlURL: endpoints.graphql,
    // All five URLs given: grid_client skips its public-network monitors.
    activationURL: `${endpoints.activation.replace(/\/+$/, '')}/activation/activate`,
    ...(options.deploymentTimeoutMinutes ? { deploymentTimeoutMinutes: options.deploymentTimeoutMinutes } : {}),
  });
  try {
    await grid.connect();
  } catch (error) {
    axios.interceptors.request.eject(interceptor);
    await grid.disconnect().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    grid,
    twinId: grid.twinId,
    createdTwin,
    async disconnect() {
      if (closed) return;
      closed = true;
      try {
        await grid.disconnect();
      } finally {
        axios.interceptors.request.eject(interceptor);
      }
    },
  };
}

function checkEndpoints(e: LocalGridEndpoints | undefined): LocalGridEndpoints {
  const missing = (['substrate', 'relay', 'activation', 'proxy', 'graphql', 'kyc'] as const)
    .filter((key) => typeof e?.[key] !== 'string' || !/^(wss?|https?):\/\//.test(e[key]));
  if (missing.length) throw new Error(`endpoints must be what \`gridbox up --json\` prints; missing or invalid: ${missing.join(', ')}`);
  return e!;
}

interface TfchainClient {
  address: string;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  twins: { getMyTwinId(): Promise<number>; create(o: { relay: string }): Promise<{ apply(): Promise<{ id: number }> }> };
  balances: { getMyBalance(): Promise<{ free: number }> };
  termsAndConditions: { accept(o: { documentLink: string; documentHash: string }): Promise<{ apply(): Promise<unknown> }> };
}

/** The new-user flow of grid_client's `tfchain.create`, for an existing mnemonic: true when it created the twin. */
async function ensureUser(requireFromGridClient: NodeJS.Require, mnemonic: string, keypairType: string, endpoints: LocalGridEndpoints): Promise<boolean> {
  const { Client } = requireFromGridClient('@threefold/tfchain_client') as { Client: new (o: Record<string, unknown>) => TfchainClient };
  const client = new Client({ url: endpoints.substrate, mnemonicOrSecret: mnemonic, keypairType });
  await client.connect();
  try {
    if (await client.twins.getMyTwinId()) return false;
    const response = await fetch(`${endpoints.activation.replace(/\/+$/, '')}/activation/activate`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ substrateAccountID: client.address }),
    });
    if (response.status !== 200 && response.status !== 409) {
      throw new Error(`the activation service refused ${client.address} (${response.status}): ${(await response.text()).slice(0, 200)}`);
    }
    const deadline = Date.now() + ACTIVATION_WAIT_MS;
    while ((await client.balances.getMyBalance()).free <= 0) {
      if (Date.now() > deadline) throw new Error(`the account ${client.address} was not funded within ${ACTIVATION_WAIT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await (await client.termsAndConditions.accept(TERMS)).apply();
    // The relay is set at creation: grid_client 2.9.2 breaks on a twin whose relay is still empty (§2.6).
    await (await client.twins.create({ relay: LOCAL_RELAY_HOST })).apply();
    return true;
  } finally {
    await client.disconnect();
  }
}
