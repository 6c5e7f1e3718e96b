// TfgridModule: farms (tfchain.md §3.1.2; pallet-tfgrid farm.rs, v2.7). Farmer calls are authorised by twin
// ownership (the signer's twin must be the farm's); certification, dedication and IP reset are admin calls.
import type { DispatchContext } from '../../core/dispatch/context';
import {
  checkAddFarmIp, checkCreateFarmName, checkCreateFarmPublicIps, checkFarmName, checkForceResetFarmIp,
  checkRemoveFarmIp, checkUpdateFarmName, type FarmCertificationName,
} from './tfgrid-rules';
import {
  FARM_VERSION, getTwin, must, requireFarm, requireTwinId, sameAccount, type CallTable, type FarmValue, type PublicIpValue,
} from './tfgrid-support.impl';

/** The signer's farm: twin (TwinNotExists), farm (FarmNotExists), ownership (CannotUpdateFarmWrongTwin). */
function ownFarm(ctx: DispatchContext, farmId: number): FarmValue {
  const twinId = requireTwinId(ctx, ctx.ensureSigned());
  const farm = requireFarm(ctx, farmId);
  if (farm.twin_id !== twinId) ctx.fail('CannotUpdateFarmWrongTwin');
  return farm;
}

function saveFarm(ctx: DispatchContext, farm: FarmValue, event = 'FarmUpdated'): void {
  ctx.storage('Farms').set(farm.id, farm);
  ctx.depositEvent(event, farm);
}

export const farmCalls: CallTable = {
  create_farm: (ctx: DispatchContext, { name, public_ips }: { name: Uint8Array; public_ips: { ip: Uint8Array; gw: Uint8Array }[] }) => {
    const who = ctx.ensureSigned();
    const twinId = requireTwinId(ctx, who);
    const twin = getTwin(ctx, twinId);
    if (!twin) ctx.fail('TwinNotExists');
    if (!sameAccount(twin.account_id, who)) ctx.fail('CannotCreateFarmWrongTwin');
    const byName = ctx.storage<number>('FarmIdByName');
    must(ctx, checkCreateFarmName(name, byName.get(name)));
    const ips = checkCreateFarmPublicIps(public_ips);
    must(ctx, ips);
    const id = ctx.storage<number>('FarmID').get() + 1;
    const farm: FarmValue = {
      version: FARM_VERSION,
      id,
      name,
      twin_id: twinId,
      pricing_policy_id: 1,
      certification: 'NotCertified',
      public_ips: ips.publicIps as PublicIpValue[],
      dedicated_farm: false,
      farming_policy_limits: null,
    };
    ctx.storage('Farms').set(id, farm);
    byName.set(name, id);
    ctx.storage('FarmID').set(id);
    ctx.depositEvent('FarmStored', farm);
  },

  /** Renames; the same name again is a no-op without an event, another farm's name is InvalidFarmName. */
  update_farm: (ctx: DispatchContext, { farm_id, name }: { farm_id: number; name: Uint8Array }) => {
    const twinId = requireTwinId(ctx, ctx.ensureSigned());
    must(ctx, checkFarmName(name));
    const farm = requireFarm(ctx, farm_id);
    if (farm.twin_id !== twinId) ctx.fail('CannotUpdateFarmWrongTwin');
    const byName = ctx.storage<number>('FarmIdByName');
    const verdict = checkUpdateFarmName(name, farm.id, byName.get(name));
    must(ctx, verdict);
    if (!verdict.changed) return;
    byName.remove(farm.name);
    farm.name = name;
    byName.set(name, farm.id);
    saveFarm(ctx, farm);
  },

  /** Stored unvalidated, as the chain does; the client returns the farm id (first event field). */
  add_stellar_payout_v2address: (ctx: DispatchContext, { farm_id, stellar_address }: { farm_id: number; stellar_address: Uint8Array }) => {
    const farm = ownFarm(ctx, farm_id);
    ctx.storage('FarmPayoutV2AddressByFarmID').set(farm.id, stellar_address);
    ctx.depositEvent('FarmPayoutV2AddressRegistered', [farm.id, stellar_address]);
  },

  add_farm_ip: (ctx: DispatchContext, { farm_id, ip, gw }: { farm_id: number; ip: Uint8Array; gw: Uint8Array }) => {
    const farm = ownFarm(ctx, farm_id);
    const added = checkAddFarmIp(farm.public_ips, ip, gw);
    must(ctx, added);
    farm.public_ips.push(added.entry as PublicIpValue);
    saveFarm(ctx, farm);
  },

  remove_farm_ip: (ctx: DispatchContext, { farm_id, ip }: { farm_id: number; ip: Uint8Array }) => {
    const farm = ownFarm(ctx, farm_id);
    const found = checkRemoveFarmIp(farm.public_ips, ip);
    must(ctx, found);
    farm.public_ips.splice(found.index, 1);
    saveFarm(ctx, farm);
  },

  set_farm_certification: (ctx: DispatchContext, { farm_id, certification }: { farm_id: number; certification: FarmCertificationName }) => {
    ctx.ensureRootOrCouncil();
    const farm = requireFarm(ctx, farm_id);
    farm.certification = certification;
    ctx.storage('Farms').set(farm.id, farm);
    ctx.depositEvent('FarmCertificationSet', [farm.id, certification]);
  },

  set_farm_dedicated: (ctx: DispatchContext, { farm_id, dedicated }: { farm_id: number; dedicated: boolean }) => {
    ctx.ensureRootOrCouncil();
    const farm = requireFarm(ctx, farm_id);
    farm.dedicated_farm = dedicated;
    saveFarm(ctx, farm);
  },

  /** Frees an IP whatever contract holds it (the contract keeps its copy; that is the admin's business). */
  force_reset_farm_ip: (ctx: DispatchContext, { farm_id, ip }: { farm_id: number; ip: Uint8Array }) => {
    ctx.ensureRootOrCouncil();
    const farm = requireFarm(ctx, farm_id);
    const found = checkForceResetFarmIp(farm.public_ips, ip);
    must(ctx, found);
    farm.public_ips[found.index]!.contract_id = 0n;
    saveFarm(ctx, farm);
  },
};
