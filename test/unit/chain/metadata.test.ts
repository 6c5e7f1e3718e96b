// Our generated metadata decodes with @polkadot/types (V14 for state_getMetadata, V15 for the Metadata runtime API)
// and carries the runtime-level facts of TFChain spec 152 (shared/spec/tfchain.md §1).
import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { buildMetadata, buildMetadataWithLookup } from '../../../simulator/chain/metadata';
import { palletByName, runtime } from '../../../simulator/chain/runtime';
import { ALICE, load } from './helpers';
import { palletDigests } from './shape';

/** construct_runtime of spec 152 (tfchain.md §1.4). */
const PALLET_INDICES: Record<string, number> = {
  System: 0, Timestamp: 1, Utility: 3, Scheduler: 4, ValidatorSet: 10, Session: 11, Aura: 12, Grandpa: 13,
  Historical: 14, Authorship: 15, Balances: 20, TransactionPayment: 21, TfgridModule: 25, SmartContractModule: 26,
  TFTBridgeModule: 27, TFTPriceModule: 28, BurningModule: 29, TFKVStore: 30, RuntimeUpgrade: 31, Council: 40,
  CouncilMembership: 41, Dao: 43, Validator: 50,
};

/** `apis` of state_getRuntimeVersion (tfchain.md §1.1). */
const APIS: Array<[string, string, number]> = [
  ['Core', '0xdf6acb689907609b', 4],
  ['Metadata', '0x37e397fc7c91f5e4', 2],
  ['BlockBuilder', '0x40fe3ad401f8959a', 6],
  ['TaggedTransactionQueue', '0xd2bc9897eed08f15', 3],
  ['OffchainWorkerApi', '0xf78b278be53f454c', 2],
  ['AuraApi', '0xdd718d5cc53262d4', 1],
  ['SessionKeys', '0xab3c0572291feb8b', 1],
  ['GrandpaApi', '0xed99c5acb25eedf5', 3],
  ['AccountNonceApi', '0xbc9d89904f5b923f', 1],
  ['TransactionPaymentApi', '0x37c8bb1350a9a2a8', 4],
];

describe('metadata V14', () => {
  const { bytes, registry, metadata } = load(14);

  it('starts with the "meta" magic and version 14, and decodes', () => {
    expect(u8aToHex(bytes.subarray(0, 5))).toBe('0x6d6574610e');
    expect(metadata.version).toBe(14);
    expect(metadata.asV14.extrinsic.version.toNumber()).toBe(4);
  });

  it('is deterministic', () => {
    expect(u8aToHex(buildMetadata(runtime, 14))).toBe(u8aToHex(bytes));
  });

  it('lists the pallets of construct_runtime with their indices, in index order', () => {
    const got = metadata.asV14.pallets.map((p) => [p.name.toString(), p.index.toNumber()]);
    expect(Object.fromEntries(got)).toEqual(PALLET_INDICES);
    const indices = got.map(([, i]) => i as number);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  it('describes the extrinsic with the paths polkadot-js keys on', () => {
    const lookup = metadata.asV14.lookup;
    const ext = lookup.getSiType(metadata.asV14.extrinsic.type);
    expect(ext.path.map(String)).toEqual(['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic']);
    expect(ext.params.map((p) => p.name.toString())).toEqual(['Address', 'Call', 'Signature', 'Extra']);
    const [address, call, signature] = ext.params.map((p) => lookup.getSiType(p.type.unwrap()).path.map(String).join('::'));
    expect(address).toBe('sp_runtime::multiaddress::MultiAddress');
    expect(call).toBe('tfchain_runtime::RuntimeCall');
    expect(signature).toBe('sp_runtime::MultiSignature');
    // polkadot-js derived the account and address types from those parameters.
    expect(registry.createType('Address', ALICE).toU8a()[0]).toBe(0); // MultiAddress::Id
    expect(registry.createType('AccountId', ALICE).toU8a().length).toBe(32);
  });

  it('makes RuntimeCall recursive through Utility.batch without duplicating it', () => {
    const lookup = metadata.asV14.lookup;
    const callId = lookup.getSiType(metadata.asV14.extrinsic.type).params[1]!.type.unwrap().toNumber();
    const utility = metadata.asV14.pallets.find((p) => p.name.eq('Utility'))!;
    const batch = lookup.getSiType(utility.calls.unwrap().type).def.asVariant.variants.find((v) => v.name.eq('batch'))!;
    const vecOfCall = lookup.getSiType(batch.fields[0]!.type).def.asSequence.type.toNumber();
    expect(vecOfCall).toBe(callId);
    const runtimeCalls = metadata.asV14.lookup.types.filter((t) => t.type.path.join('::') === 'tfchain_runtime::RuntimeCall');
    expect(runtimeCalls).toHaveLength(1);
  });

  it('exposes the polkadot-js type names the spec and the clients use', () => {
    for (const name of [
      'FrameSystemAccountInfo', 'FrameSystemEventRecord', 'SpRuntimeDispatchError', 'PalletTfgridTwin',
      'TfchainSupportFarm', 'TfchainSupportNode', 'TfchainSupportInterfaceInterfaceName',
      'TfchainSupportInterfaceBoundedVec', 'PalletSmartContractContract', 'PalletSmartContractContractPaymentState',
      'PalletTfgridTermsCondTermsAndConditions', 'TfchainRuntimeOriginCaller', 'PalletSmartContractContractIdProvides',
    ]) {
      expect(() => registry.createType(name), name).not.toThrow();
    }
  });

  it('carries the runtime version and SS58 prefix as System constants', () => {
    const system = metadata.asV14.pallets.find((p) => p.name.eq('System'))!;
    const constant = (n: string) => {
      const c = system.constants.find((x) => x.name.eq(n))!;
      return registry.createType(registry.createLookupType(c.type), c.value.toU8a(true));
    };
    expect(constant('Version').toJSON()).toEqual({
      specName: 'substrate-threefold', implName: 'substrate-threefold', authoringVersion: 1, specVersion: 152,
      implVersion: 1, apis: APIS.map(([, id, v]) => [id, v]), transactionVersion: 2, stateVersion: 0,
    });
    expect(constant('SS58Prefix').toJSON()).toBe(42);
  });

  it('maps declared types to their lookup ids', () => {
    const built = buildMetadataWithLookup(runtime, 14);
    const twins = palletByName(runtime, 'TfgridModule').storage!.find((s) => s.name === 'Twins')!;
    const name = registry.createLookupType(built.idOf(twins.value));
    expect(registry.createType(name).toRawType()).toBe(registry.createType('PalletTfgridTwin').toRawType());
  });
});

describe('runtime version', () => {
  it('advertises the APIs of spec 152 with ids derived from their names', () => {
    expect(runtime.version.apis.map(([id, v]) => [u8aToHex(id), v])).toEqual(APIS.map(([, id, v]) => [id, v]));
    expect(runtime.version.specVersion).toBe(152);
    expect(runtime.version.transactionVersion).toBe(2);
    expect(runtime.properties).toEqual({ tokenDecimals: 7, tokenSymbol: 'TFT' });
  });
});

describe('metadata V15', () => {
  const { bytes, registry, metadata } = load(15);

  it('decodes as version 15 with the same pallets as V14', () => {
    expect(bytes[4]).toBe(15);
    expect(metadata.version).toBe(15);
    expect(palletDigests(metadata)).toEqual(palletDigests(load(14).metadata));
  });

  it('describes the runtime APIs with their methods', () => {
    const apis = metadata.asV15.apis;
    expect(apis.map((a) => a.name.toString())).toEqual(APIS.map(([n]) => n));
    const lookup = metadata.asV15.lookup;
    const method = (api: string, name: string) =>
      apis.find((a) => a.name.eq(api))!.methods.find((m) => m.name.eq(name))!;
    const nonce = method('AccountNonceApi', 'account_nonce');
    expect(nonce.inputs.map((i) => i.name.toString())).toEqual(['account']);
    expect(lookup.getSiType(nonce.output).def.asPrimitive.type).toBe('U32');
    const queryInfo = method('TransactionPaymentApi', 'query_info');
    expect(queryInfo.inputs.map((i) => i.name.toString())).toEqual(['uxt', 'len']);
    expect(lookup.getSiType(queryInfo.output).path.join('::')).toBe('pallet_transaction_payment::types::RuntimeDispatchInfo');
    const atVersion = method('Metadata', 'metadata_at_version');
    expect(lookup.getSiType(atVersion.output).path.join('::')).toBe('Option');
  });

  it('names the outer enums, with pallet indices as variant indices', () => {
    const { callType, eventType, errorType } = metadata.asV15.outerEnums;
    const lookup = metadata.asV15.lookup;
    const path = (id: typeof callType) => lookup.getSiType(id).path.join('::');
    expect([path(callType), path(eventType), path(errorType)])
      .toEqual(['tfchain_runtime::RuntimeCall', 'tfchain_runtime::RuntimeEvent', 'tfchain_runtime::RuntimeError']);
    const errors = lookup.getSiType(errorType).def.asVariant.variants;
    expect(errors.find((v) => v.name.eq('TfgridModule'))!.index.toNumber()).toBe(25);
    expect(registry.findMetaError(new Uint8Array([26, 53])).name)
      .toBe('ContractPaymentStateNotExists');
  });

  it('gives the extrinsic its address, call, signature and extra types', () => {
    const x = metadata.asV15.extrinsic;
    const lookup = metadata.asV15.lookup;
    expect(lookup.getSiType(x.addressType).path.join('::')).toBe('sp_runtime::multiaddress::MultiAddress');
    expect(lookup.getSiType(x.signatureType).path.join('::')).toBe('sp_runtime::MultiSignature');
    expect(lookup.getSiType(x.extraType).def.asTuple).toHaveLength(9);
  });
});
