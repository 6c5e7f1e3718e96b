// Indices the clients depend on (pallet, call, event, error), signed extensions in TFChain's order, and the
// runtime-level enums, checked both on the declarations and on the decoded metadata.
import { expandMetadata } from '@polkadot/types';
import type { Event } from '@polkadot/types/interfaces';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { defineRuntime, palletByName, PALLETS, runtime } from '../../../simulator/chain/runtime';
import { callIndex, definePallet, errorIndex, eventIndex } from '../../../simulator/chain/runtime/pallet';
import { enumType, u8 } from '../../../simulator/chain/runtime/types/dsl';
import { load } from './helpers';

// [pallet, item, pallet index, item index] from tfchain.md §1.4, §2, §3 and §5.3.
const CALLS: Array<[string, string, number, number]> = [
  ['TfgridModule', 'create_twin', 25, 17],
  ['TfgridModule', 'user_accept_tc', 25, 25],
  ['TfgridModule', 'create_farm', 25, 1],
  ['TfgridModule', 'change_power_target', 25, 36],
  ['TfgridModule', 'report_uptime_v2', 25, 38],
  ['SmartContractModule', 'create_node_contract', 26, 0],
  ['SmartContractModule', 'create_name_contract', 26, 4],
  ['SmartContractModule', 'bill_contract_for_block', 26, 10],
  ['SmartContractModule', 'cancel_contract_collective', 26, 21],
  ['Balances', 'transfer_keep_alive', 20, 3],
  ['Balances', 'transfer', 20, 7],
  ['Utility', 'batch', 3, 0],
  ['Utility', 'batch_all', 3, 2],
  ['TFKVStore', 'set', 30, 0],
  ['TFTPriceModule', 'set_prices', 28, 0],
  ['Council', 'close', 40, 6],
  ['Dao', 'propose', 43, 0],
  ['Timestamp', 'set', 1, 0],
];
const EVENTS: Array<[string, string, number, number]> = [
  ['System', 'ExtrinsicSuccess', 0, 0],
  ['System', 'ExtrinsicFailed', 0, 1],
  ['Balances', 'Transfer', 20, 2],
  ['TfgridModule', 'TwinStored', 25, 11],
  ['TfgridModule', 'PowerTargetChanged', 25, 29],
  ['SmartContractModule', 'ContractCreated', 26, 0],
  ['SmartContractModule', 'RewardDistributed', 26, 28],
  ['TFTBridgeModule', 'MintCompleted', 27, 2],
  ['TransactionPayment', 'TransactionFeePaid', 21, 0],
];
const ERRORS: Array<[string, string, number, number]> = [
  ['TfgridModule', 'TwinNotExists', 25, 27],
  ['TfgridModule', 'InvalidStorageInput', 25, 115],
  ['SmartContractModule', 'ContractPaymentStateNotExists', 26, 53],
  ['Balances', 'InsufficientBalance', 20, 2],
  ['Dao', 'ThresholdTooLow', 43, 17],
];

describe('declared indices', () => {
  it.each(CALLS)('%s.%s is call (%i, %i)', (pallet, call, pi, ci) => {
    const p = palletByName(runtime, pallet);
    expect([p.index, callIndex(p, call)]).toEqual([pi, ci]);
  });
  it.each(EVENTS)('%s.%s is event (%i, %i)', (pallet, event, pi, ei) => {
    const p = palletByName(runtime, pallet);
    expect([p.index, eventIndex(p, event)]).toEqual([pi, ei]);
  });
  it.each(ERRORS)('%s.%s is error (%i, %i)', (pallet, error, pi, ei) => {
    const p = palletByName(runtime, pallet);
    expect([p.index, errorIndex(p, error)]).toEqual([pi, ei]);
  });
});

describe('indices in the decoded metadata', () => {
  const { registry, metadata } = load(14);
  const { tx } = expandMetadata(registry, metadata);
  const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const section = (p: string) => (p === 'TFKVStore' ? 'tfkvStore' : p === 'TFTPriceModule' ? 'tftPriceModule' : camel(p[0]!.toLowerCase() + p.slice(1)));

  it.each(CALLS)('tx.%s.%s encodes with call index (%i, %i)', (pallet, call, pi, ci) => {
    const fn = tx[section(pallet)]![camel(call)]!;
    expect(u8aToHex(fn.callIndex)).toBe(u8aToHex(new Uint8Array([pi, ci])));
  });

  it.each(ERRORS)('findMetaError(%s.%s)', (pallet, error, pi, ei) => {
    const meta = registry.findMetaError(new Uint8Array([pi, ei]));
    expect([meta.section, meta.name]).toEqual([section(pallet), error]);
  });

  it('puts each pallet at its index in RuntimeCall and RuntimeEvent', () => {
    const lookup = metadata.asV14.lookup;
    const callEnum = lookup.getSiType(lookup.getSiType(metadata.asV14.extrinsic.type).params[1]!.type.unwrap());
    for (const p of PALLETS.filter((x) => x.calls)) {
      expect(callEnum.def.asVariant.variants.find((v) => v.name.eq(p.name))!.index.toNumber(), p.name).toBe(p.index);
    }
    const event = registry.createType<Event>('Event', hexToU8a(`0x1402${'00'.repeat(32 + 32 + 16)}`));
    expect([event.section, event.method]).toEqual(['balances', 'Transfer']);
  });
});

describe('signed extensions', () => {
  const ORDER = [
    'CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality', 'CheckNonce',
    'CheckWeight', 'ChargeTransactionPayment', 'ContractIdProvides',
  ];

  it('are TFChain\'s nine, in order, in the metadata', () => {
    const { metadata } = load(14);
    expect(metadata.asV14.extrinsic.signedExtensions.map((e) => e.identifier.toString())).toEqual(ORDER);
    expect(runtime.extrinsic.signedExtensions.map((e) => e.identifier)).toEqual(ORDER);
  });

  it('put era, nonce and tip in the extrinsic and versions, genesis and era hash in the payload only', () => {
    const { metadata } = load(14);
    const lookup = metadata.asV14.lookup;
    const describe = (id: Parameters<typeof lookup.getSiType>[0]) => {
      const t = lookup.getSiType(id);
      if (t.def.isTuple && t.def.asTuple.length === 0) return '()';
      if (t.def.isPrimitive) return t.def.asPrimitive.type.toLowerCase();
      if (t.def.isComposite && t.def.asComposite.fields.length === 0) return '{}';
      return t.path.join('::') || t.def.type;
    };
    const got = metadata.asV14.extrinsic.signedExtensions.map((e) => [describe(e.type), describe(e.additionalSigned)]);
    expect(got).toEqual([
      ['{}', '()'],
      ['{}', 'u32'],
      ['{}', 'u32'],
      ['{}', 'primitive_types::H256'],
      ['frame_system::extensions::check_mortality::CheckMortality', 'primitive_types::H256'],
      ['frame_system::extensions::check_nonce::CheckNonce', '()'],
      ['{}', '()'],
      ['pallet_transaction_payment::ChargeTransactionPayment', '()'],
      ['{}', '()'],
    ]);
  });
});

describe('runtime assembly', () => {
  it('builds OriginCaller from the pallets\' origins, Void at its positional index', () => {
    const origin = runtime.outer.OriginCaller;
    expect(origin.variants.map((v) => [v.name, v.index])).toEqual([['system', 0], ['Council', 40], ['Void', 2]]);
  });

  it('refuses two pallets at one index and an enum with a repeated variant index', () => {
    const clash = definePallet({ name: 'Clash', index: 25, crate: 'pallet_clash' });
    expect(() => defineRuntime('x_runtime', [...PALLETS, clash])).toThrow(/index 25/);
    expect(() => enumType('a::B', { A: 0, B: [0, u8] })).toThrow(/used twice/);
  });
});
