// TfgridModule's behaviour (pallet_tfgrid, index 25) as spec 152 describes it (shared/spec/tfchain.md §3.1, §4):
// terms and conditions and twins, farms, nodes with uptime and power, policies and the admin settings, and the dev
// genesis (pricing policy 1, farming policies 1 and 2, connection price 80).
//
// Validation is tfgrid-rules.ts (one function per pallet rule, returning the exact error name); this file and its
// parts only look values up in the pallet's order, write storage and emit the events clients read their results from
// (tfchain_client takes the first TfgridModule event of the extrinsic).
//
// Every declared call is implemented. Node creation, update and deletion call the runtime's NodeChanged hooks
// (node-changed.impl.ts), as TFChain's runtime wires them into SmartContractModule and Dao.
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { tfgrid } from './tfgrid';
import { entityCalls } from './tfgrid-entities.impl';
import { farmCalls } from './tfgrid-farms.impl';
import { nodeCalls } from './tfgrid-nodes.impl';
import { policyCalls, tfgridGenesis } from './tfgrid-policies.impl';
import { twinCalls } from './tfgrid-twins.impl';

export const tfgridImpl = definePalletImpl(tfgrid, {
  calls: { ...twinCalls, ...farmCalls, ...nodeCalls, ...policyCalls, ...entityCalls },
  genesis: tfgridGenesis,
});
