/**
 * The local grid's farmer: a dev account (`//Farmer` from the well-known dev phrase, so nothing secret is kept),
 * funded through the activation service like any new account, with T&C accepted, a twin on the local relay and one
 * farm. Idempotent: on a chain that already has them (a restarted workspace) they are reused.
 */
import '@polkadot/api-augment';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { submitInBlock as submit } from '../services/activation/in-block';
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
}

export function farmerPair(): KeyringPair {
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(FARMER_URI);
}

export async function ensureFarmer(api: ApiPromise, options: EnsureFarmerOptions): Promise<Farmer> {
  const pair = farmerPair();
  const tfgrid = api.tx.tfgridModule!;
  const query = api.query.tfgridModule!;
  await activate(options.activationUrl, pair.address);

  let twinId = Number((await query.twinIdByAccountID!(pair.address)).toPrimitive() ?? 0);
  if (twinId === 0) {
    const accepted = (await query.usersTermsAndConditions!(pair.address)).toPrimitive() as unknown[];
    if (!accepted?.length) await submit(api, tfgrid.userAcceptTc!(...TERMS), pair);
    await submit(api, tfgrid.createTwin!(options.relay, null), pair);
    twinId = Number((await query.twinIdByAccountID!(pair.address)).toPrimitive() ?? 0);
    if (twinId === 0) throw new Error('the farmer twin was not created');
  } else {
    const twin = (await query.twins!(twinId)).toPrimitive() as { relay?: string | null } | null;
    if (twin && decodeText(twin.relay) !== options.relay) await submit(api, tfgrid.updateTwin!(options.relay, null), pair);
  }

  const name = options.farmName ?? FARM_NAME;
  let farmId = Number((await query.farmIdByName!(name)).toPrimitive() ?? 0);
  if (farmId === 0) {
    await submit(api, tfgrid.createFarm!(name, []), pair);
    farmId = Number((await query.farmIdByName!(name)).toPrimitive() ?? 0);
    if (farmId === 0) throw new Error(`farm ${name} was not created`);
  }
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
