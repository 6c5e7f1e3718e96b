// The TFChain spec-152 runtime as data: its pallets in construct_runtime order, the outer enums built from them,
// the extrinsic format, version and runtime APIs. The metadata builder and (later) the chain's dispatcher read this.
import { RUNTIME_APIS, type RuntimeApi } from './apis';
import {
  EXTRINSIC_VERSION, SIGNED_EXTENSIONS, SignedExtra, UncheckedExtrinsic, type SignedExtension,
} from './extrinsic';
import type { Pallet } from './pallet';
import { aura } from './pallets/aura';
import { authorship } from './pallets/authorship';
import { balances } from './pallets/balances';
import { burning } from './pallets/burning';
import { council } from './pallets/council';
import { councilMembership } from './pallets/council-membership';
import { dao } from './pallets/dao';
import { grandpa } from './pallets/grandpa';
import { historical } from './pallets/historical';
import { kvstore } from './pallets/kvstore';
import { runtimeUpgrade } from './pallets/runtime-upgrade';
import { scheduler } from './pallets/scheduler';
import { session } from './pallets/session';
import { smartContract } from './pallets/smart-contract';
import { system } from './pallets/system';
import { tfgrid } from './pallets/tfgrid';
import { tftBridge } from './pallets/tft-bridge';
import { tftPrice } from './pallets/tft-price';
import { timestamp } from './pallets/timestamp';
import { transactionPayment } from './pallets/transaction-payment';
import { utility } from './pallets/utility';
import { validator } from './pallets/validator';
import { validatorSet } from './pallets/validator-set';
import { enumType, struct, type CompositeType, type OuterName, type TupleType, type TypeDef, type VariantType } from './types/dsl';
import { MultiAddress, MultiSignature, Void } from './types/substrate';
import { chainProperties, runtimeVersion, type RuntimeVersionInfo } from './version';

export interface Runtime {
  /** The runtime crate; outer types live at `<crate>::RuntimeCall` etc. */
  readonly crate: string;
  readonly pallets: readonly Pallet[];
  /** `<crate>::Runtime`, the `type` of metadata V14/V15. */
  readonly runtimeType: CompositeType;
  readonly outer: Readonly<Record<OuterName | 'RuntimeError', VariantType>>;
  readonly extrinsic: {
    readonly version: number;
    readonly type: CompositeType;
    readonly address: TypeDef;
    readonly call: VariantType;
    readonly signature: TypeDef;
    readonly extra: TupleType;
    readonly signedExtensions: readonly SignedExtension[];
  };
  readonly version: RuntimeVersionInfo;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly apis: readonly RuntimeApi[];
}

/** construct_runtime!: pallet index order, which is also the order of the metadata's pallet list. */
export const PALLETS: readonly Pallet[] = [
  system, timestamp, utility, scheduler, validatorSet, session, aura, grandpa, historical, authorship, balances,
  transactionPayment, tfgrid, smartContract, tftBridge, tftPrice, burning, kvstore, runtimeUpgrade, council,
  councilMembership, dao, validator,
];

/** An outer enum: one variant per pallet that has `part`, named after the pallet, at the pallet's index. */
function outerEnum(crate: string, name: string, pallets: readonly Pallet[], part: 'calls' | 'events' | 'errors'): VariantType {
  const variants: Record<string, [number, TypeDef]> = {};
  for (const p of pallets) {
    const t = p[part];
    if (t) variants[p.name] = [p.index, t];
  }
  return enumType(`${crate}::${name}`, variants);
}

/**
 * `OriginCaller`: one variant per pallet with an origin, at the pallet's index; construct_runtime names System's
 * `system`, and appends a hidden `Void` variant whose index is its position (no explicit codec index).
 */
function originCallerEnum(crate: string, pallets: readonly Pallet[]): VariantType {
  const variants: Record<string, [number, TypeDef]> = {};
  for (const p of pallets) {
    if (p.origin) variants[p.crate === 'frame_system' ? 'system' : p.name] = [p.index, p.origin];
  }
  variants.Void = [Object.keys(variants).length, Void];
  return enumType(`${crate}::OriginCaller`, variants);
}

function assertIndices(pallets: readonly Pallet[]): void {
  const seen = new Map<number, string>();
  for (const p of pallets) {
    const other = seen.get(p.index);
    if (other) throw new Error(`pallet index ${p.index} used by ${other} and ${p.name}`);
    seen.set(p.index, p.name);
  }
}

export function defineRuntime(crate: string, pallets: readonly Pallet[]): Runtime {
  assertIndices(pallets);
  const call = outerEnum(crate, 'RuntimeCall', pallets, 'calls');
  const originCaller = originCallerEnum(crate, pallets);
  return {
    crate,
    pallets,
    runtimeType: struct(`${crate}::Runtime`, {}),
    outer: {
      RuntimeCall: call,
      RuntimeEvent: outerEnum(crate, 'RuntimeEvent', pallets, 'events'),
      RuntimeError: outerEnum(crate, 'RuntimeError', pallets, 'errors'),
      OriginCaller: originCaller,
    },
    extrinsic: {
      version: EXTRINSIC_VERSION,
      type: UncheckedExtrinsic,
      address: MultiAddress,
      call,
      signature: MultiSignature,
      extra: SignedExtra,
      signedExtensions: SIGNED_EXTENSIONS,
    },
    version: runtimeVersion,
    properties: chainProperties,
    apis: RUNTIME_APIS,
  };
}

export const runtime: Runtime = defineRuntime('tfchain_runtime', PALLETS);

export function palletByName(rt: Runtime, name: string): Pallet {
  const p = rt.pallets.find((x) => x.name === name);
  if (!p) throw new Error(`no pallet ${name}`);
  return p;
}

export function palletByIndex(rt: Runtime, index: number): Pallet | undefined {
  return rt.pallets.find((x) => x.index === index);
}
