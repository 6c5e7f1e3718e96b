// The pallets' behaviour, as runtime/index.ts lists their declarations. Genesis hooks and block hooks run in this
// order, which is construct_runtime's (pallet index order), as in FRAME. A pallet with no entry here still decodes and
// shows in the metadata; its calls fail with System.CallFiltered until an implementation is added.
import type { PalletImpl } from '../core/dispatch/pallet-impl';
import { auraImpl } from './pallets/aura.impl';
import { authorshipImpl } from './pallets/authorship.impl';
import { balancesImpl } from './pallets/balances.impl';
import { councilImpl } from './pallets/council.impl';
import { councilMembershipImpl } from './pallets/council-membership.impl';
import { daoImpl } from './pallets/dao.impl';
import { grandpaImpl } from './pallets/grandpa.impl';
import { sessionImpl } from './pallets/session.impl';
import { systemImpl } from './pallets/system.impl';
import { timestampImpl } from './pallets/timestamp.impl';
import { transactionPaymentImpl } from './pallets/transaction-payment.impl';
import { utilityImpl } from './pallets/utility.impl';
import { validatorSetImpl } from './pallets/validator-set.impl';
import { kvstoreImpl } from './pallets/kvstore.impl';
import { smartContractImpl } from './pallets/smart-contract.impl';
import { tfgridImpl } from './pallets/tfgrid.impl';
import { tftPriceImpl } from './pallets/tft-price.impl';

export const PALLET_IMPLS: readonly PalletImpl[] = [
  systemImpl, timestampImpl, utilityImpl, validatorSetImpl, sessionImpl, auraImpl, grandpaImpl, authorshipImpl,
  balancesImpl, transactionPaymentImpl, councilImpl, councilMembershipImpl, daoImpl,
  tfgridImpl, kvstoreImpl, tftPriceImpl, smartContractImpl,
];

/** By pallet name, in construct_runtime order (a Map keeps insertion order). */
export function implsByPallet(impls: readonly PalletImpl[] = PALLET_IMPLS): ReadonlyMap<string, PalletImpl> {
  const sorted = [...impls].sort((a, b) => a.pallet.index - b.pallet.index);
  const map = new Map<string, PalletImpl>();
  for (const impl of sorted) {
    if (map.has(impl.pallet.name)) throw new Error(`two implementations of ${impl.pallet.name}`);
    map.set(impl.pallet.name, impl);
  }
  return map;
}
