/**
 * The local grid's farmer: a dev account (`//Farmer` from the well-known dev phrase, so nothing secret is kept),
 * funded through the activation service like any new account, with T&C accepted, a twin on the local relay and one
 * farm. Idempotent: on a chain that already has them (a restarted workspace) they are reused. `gridbox up` sets it
 * up inside the services process (services-main.ts --farmer-relay), which has @polkadot/api loaded already; with
 * separate processes or Docker the CLI does (setUpFarmer).
 */
import '@polkadot/api-augment';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { ChainSubmitter, type TxCall } from '../node/chain-client';
import { DEFAULT_FARM_NAME } from './workspace-config';

export const FARMER_URI = '//Farmer';
export const FARM_NAME = DEFAULT_FARM_NAME;
/** Zero-OS's terms (link, md5 of the document), as the dashboards send them. */
const TERMS = ['http://zos.tf/terms/v0.1', '9021d4dee05a661e2cb6838152c67f25'] as const;

export interface Farmer {
  readonly address: string;
  readonly twinId: number;
  readonly farmId: number;
}

export interface EnsureFarmerOptions {
  readonly activationUrl: string;
  /** The relay's hostname as twins record it (no scheme, no port), or null without a relay. */
  readonly relay: string | null;
  readonly farmName?: string;
  /**
   * Called once the farmer's twin is on chain or in the chain's pool (or the setup failed): whoever creates the
   * next twin waits for it, so twin ids come out the same on every grid.
   */
  readonly onTwinQueued?: () => void;
}

export function farmerPair(): KeyringPair {
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(FARMER_URI);
}

/** Connects to the chain, sets the farmer up, disconnects. */
export async function setUpFarmer(chainUrl: string, options: EnsureFarmerOptions): Promise<Farmer> {
  return ensureFarmer(await connectFarmerApi(chainUrl), options, { disconnect: true });
}

export function connectFarmerApi(chainUrl: string): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(chainUrl, 1000), noInitWarn: true, throwOnConnect: true });
}

export async function ensureFarmer(api: ApiPromise, options: EnsureFarmerOptions, after: { disconnect?: boolean } = {}): Promise<Farmer> {
  try {
    return await ensureFarmerOn(api, options);
  } finally {
    if (after.disconnect) await api.disconnect();
  }
}

async function ensureFarmerOn(api: ApiPromise, options: EnsureFarmerOptions): Promise<Farmer> {
  let notify = options.onTwinQueued;
  const twinQueued = () => {
    const once = notify;
    notify = undefined;
    once?.();
  };
  try {
    return await ensureFarmerSteps(api, options, twinQueued);
  } finally {
    twinQueued();
  }
}

async function ensureFarmerSteps(api: ApiPromise, options: EnsureFarmerOptions, twinQueued: () => void): Promise<Farmer> {
  const pair = farmerPair();
  const query = api.query.tfgridModule!;
  const name = options.farmName ?? FARM_NAME;
  const twinOf = async () => Number((await query.twinIdByAccountID!(pair.address)).toPrimitive() ?? 0);
  const farmOf = async () => Number((await query.farmIdByName!(name)).toPrimitive() ?? 0);
  const [, twinBefore, farmBefore, accepted] = await Promise.all([
    activate(options.activationUrl, pair.address),
    twinOf(), farmOf(), query.usersTermsAndConditions!(pair.address).then((v) => v.toPrimitive() as unknown[] | null),
  ]);

  // What is missing goes to the pool at once with consecutive nonces, in the order the chain needs it (T&C before the
  // twin, the twin before the farm): one block on an instant chain instead of one round trip each.
  const step = (method: string, ...args: unknown[]): TxCall => ({ section: 'tfgridModule', method, args });
  const steps: TxCall[] = [];
  if (twinBefore === 0) {
    if (!accepted?.length) steps.push(step('userAcceptTc', ...TERMS));
    steps.push(step('createTwin', options.relay, null));
  } else {
    const twin = (await query.twins!(twinBefore)).toPrimitive() as { relay?: string | null } | null;
    if (twin && decodeText(twin.relay) !== options.relay) steps.push(step('updateTwin', options.relay, null));
  }
  if (farmBefore === 0) steps.push(step('createFarm', name, []));
  if (steps.length > 0) await new ChainSubmitter(api).submitTogether(pair, steps, twinQueued);

  const twinId = twinBefore || await twinOf();
  if (twinId === 0) throw new Error('the farmer twin was not created');
  const farmId = farmBefore || await farmOf();
  if (farmId === 0) throw new Error(`farm ${name} was not created`);
  return { address: pair.address, twinId, farmId };
}

async function activate(activationUrl: string, address: string): Promise<void> {
  const response = await fetch(`${activationUrl}/activation/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ substrateAccountID: address }),
  });
  if (response.status !== 200 && response.status !== 409) {
    throw new Error(`activation refused the farmer (${response.status}): ${(await response.text()).slice(0, 200)}`);
  }
}

/** Bytes come back from toPrimitive() as hex or text depending on content. */
function decodeText(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!/^0x[0-9a-f]*$/i.test(value)) return value;
  return Buffer.from(value.slice(2), 'hex').toString('utf8');
}
