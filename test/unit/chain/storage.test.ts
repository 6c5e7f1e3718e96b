// Storage: every fallback is a valid encoding of its value type (chain-rpc-notes trap 7), the ValueQuery defaults
// are TFChain's (tfchain.md §2, §3), and keys computed from the declarations are the chain's (§1.8, §6).
import { expandMetadata } from '@polkadot/types';
import { compactStripLength, hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { palletByName, runtime } from '../../../simulator/chain/runtime';
import { storageKey } from '../../../simulator/chain/runtime/storage';
import { ALICE, load } from './helpers';

const { registry, metadata } = load(14);

/** The item's fallback decoded as polkadot-js does for an absent key: `Option<V>` for Optional items, else `V`. */
function fallbackOf(pallet: string, item: string) {
  const p = metadata.asV14.pallets.find((x) => x.name.eq(pallet))!;
  const e = p.storage.unwrap().items.find((x) => x.name.eq(item))!;
  const name = registry.createLookupType(e.type.isPlain ? e.type.asPlain : e.type.asMap.value);
  const type = e.modifier.isOptional ? `Option<${name}>` : name;
  return { entry: e, value: registry.createType(type, e.fallback.toU8a(true)) };
}

describe('storage fallbacks', () => {
  const items = metadata.asV14.pallets.flatMap((p) =>
    p.storage.isSome ? p.storage.unwrap().items.map((e) => [p.name.toString(), e.name.toString()] as [string, string]) : []);

  it('cover every storage item of every pallet', () => {
    expect(items.length).toBe(runtime.pallets.reduce((n, p) => n + (p.storage?.length ?? 0), 0));
    expect(items.length).toBe(132); // the sum of the storage tables of tfchain.md §2 and §3
  });

  it.each(items)('%s.%s decodes exactly (Optional items as None)', (pallet, item) => {
    const { entry, value } = fallbackOf(pallet, item);
    const bytes = entry.fallback.toU8a(true);
    if (entry.modifier.isOptional) expect(value.isEmpty && u8aToHex(bytes)).toBe('0x00');
    expect(u8aToHex(value.toU8a())).toBe(u8aToHex(bytes)); // no bytes left over, none missing
  });

  // Defaults as polkadot-js shows them (toJSON), from the storage tables of tfchain.md.
  const DEFAULTS: Array<[string, string, unknown]> = [
    ['System', 'Account', {
      nonce: 0, consumers: 0, providers: 0, sufficients: 0,
      data: { free: 0, reserved: 0, frozen: 0, flags: '0x80000000000000000000000000000000' },
    }],
    ['System', 'BlockWeight', {
      normal: { refTime: 0, proofSize: 0 }, operational: { refTime: 0, proofSize: 0 }, mandatory: { refTime: 0, proofSize: 0 },
    }],
    ['System', 'Digest', { logs: [] }],
    ['System', 'Events', []],
    ['TransactionPayment', 'NextFeeMultiplier', '0x00000000000000000de0b6b3a7640000'],
    ['TransactionPayment', 'StorageVersion', 'V1Ancient'],
    ['Grandpa', 'State', { live: null }],
    ['TfgridModule', 'PalletVersion', 'V17Struct'],
    ['TfgridModule', 'NodePower', { state: { up: null }, target: 'Up' }],
    ['TfgridModule', 'FarmingPoliciesMap', {
      version: 0, id: 0, name: '0x', cu: 0, su: 0, nu: 0, ipv4: 0, minimalUptime: 0, policyCreated: 0, policyEnd: 0,
      immutable: false, default: false, nodeCertification: 'Diy', farmCertification: 'NotCertified',
    }],
    ['SmartContractModule', 'PalletVersion', 'V10'],
    ['SmartContractModule', 'BillingFrequency', 600],
    ['SmartContractModule', 'ContractLock', { amountLocked: 0, extraAmountLocked: 0, lockUpdated: 0, cycles: 0 }],
    ['SmartContractModule', 'NodeContractResources', { contractId: 0, used: { hru: 0, sru: 0, cru: 0, mru: 0 } }],
    ['TFTBridgeModule', 'RefundTransactions', {
      block: 0, amount: 0, target: '0x', txHash: '0x', signatures: [], sequenceNumber: 0,
    }],
    ['TFTBridgeModule', 'PalletVersion', 'V1'],
    ['TFTPriceModule', 'BufferRange', [0, 0]],
    ['TFKVStore', 'TFKVStore', '0x'],
  ];

  it.each(DEFAULTS)('%s.%s defaults to TFChain\'s value', (pallet, item, want) => {
    const { entry, value } = fallbackOf(pallet, item);
    expect(entry.modifier.isDefault).toBe(true);
    expect(value.toJSON()).toEqual(want);
  });

  it('keeps the default as a JS value on the declaration for the runtime', () => {
    const item = palletByName(runtime, 'SmartContractModule').storage!.find((s) => s.name === 'BillingFrequency')!;
    expect(item.defaultValue).toBe(600);
  });
});

describe('storage keys', () => {
  // twox128(pallet) ++ twox128(item), from tfchain.md §6.
  const PREFIXES: Array<[string, string, string]> = [
    ['System', 'Account', '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9'],
    ['System', 'Events', '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7'],
    ['Timestamp', 'Now', '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb'],
    ['TfgridModule', 'Twins', '0x19a2526838feefd7695a3b5715b415b1311378229266fc86f673a3f4cf398e69'],
    ['TfgridModule', 'NodePower', '0x19a2526838feefd7695a3b5715b415b1bbe9ea91f5704625862feab196816dfb'],
    ['SmartContractModule', 'ContractPaymentState', '0x44cb2e51a1811cda53a74b4395e03d57c9a8a448158592722ae2b37547d30a45'],
    ['TFTPriceModule', 'AverageTftPrice', '0xd110469680c238196d735e80e7c80523de1f6b88d9a05ccc921f1dfb4989cfc9'],
    ['TFKVStore', 'TFKVStore', '0xbd05d43493846b6a9b68833881cd4092bd05d43493846b6a9b68833881cd4092'],
    ['Council', 'Members', '0xaebd463ed9925c488c112434d61debc0ba7fb8745735dc3be2a2c61a72c39e78'],
    ['Dao', 'ProposalList', '0xa42582174a9b2a1542058833a111926939d3003b4b2d5bffa3c58acabaaa8b25'],
  ];

  it.each(PREFIXES)('%s.%s has the spec\'s prefix', (pallet, item, prefix) => {
    expect(u8aToHex(storageKey(palletByName(runtime, pallet), item))).toBe(prefix);
  });

  it('hashes keys like the spec example: Twins[1] = prefix ++ blake2_128(0x01000000) ++ 0x01000000', () => {
    const key = u8aToHex(storageKey(palletByName(runtime, 'TfgridModule'), 'Twins', 1));
    expect(key.startsWith(PREFIXES[3]![2])).toBe(true);
    expect(key.endsWith('01000000')).toBe(true);
    expect(key.length).toBe(2 + 2 * (32 + 16 + 4));
  });

  // The same keys as polkadot-js computes them from our metadata (all hasher kinds, single and double maps).
  const { query } = expandMetadata(registry, metadata);
  const alice = hexToU8a(ALICE);
  const hash = new Uint8Array(32).fill(0xab);
  const CASES: Array<[string, string, string, string, unknown[]]> = [
    ['System', 'Account', 'system', 'account', [alice]],
    ['System', 'BlockHash', 'system', 'blockHash', [7]],
    ['TfgridModule', 'Twins', 'tfgridModule', 'twins', [1]],
    ['TfgridModule', 'TwinIdByAccountID', 'tfgridModule', 'twinIdByAccountID', [alice]],
    ['TfgridModule', 'FarmIdByName', 'tfgridModule', 'farmIdByName', ['farm1']],
    ['SmartContractModule', 'Contracts', 'smartContractModule', 'contracts', [42n]],
    ['SmartContractModule', 'ContractIDByNodeIDAndHash', 'smartContractModule', 'contractIDByNodeIDAndHash', [3, hash]],
    ['TFKVStore', 'TFKVStore', 'tfkvStore', 'tfkvStore', [alice, 'key']],
    ['Dao', 'FarmWeight', 'dao', 'farmWeight', [5]],
    ['Session', 'NextKeys', 'session', 'nextKeys', [alice]],
  ];

  it.each(CASES)('%s.%s matches polkadot-js', (pallet, item, section, method, keys) => {
    const ours = u8aToHex(storageKey(palletByName(runtime, pallet), item, ...keys));
    const fn = query[section]![method]!;
    // polkadot-js returns the key length-prefixed (ready to be a `Bytes` RPC param).
    const [, theirs] = compactStripLength(fn(...keys));
    expect(ours).toBe(u8aToHex(theirs));
  });

  it('gives the iteration prefix for a partial key (state_getKeysPaged for .entries(account))', () => {
    const kv = palletByName(runtime, 'TFKVStore');
    const full = u8aToHex(storageKey(kv, 'TFKVStore', alice, stringToU8a('key')));
    const partial = u8aToHex(storageKey(kv, 'TFKVStore', alice));
    expect(full.startsWith(partial)).toBe(true);
    expect(partial.length).toBe(2 + 2 * (32 + 16 + 32));
    expect(() => storageKey(kv, 'TFKVStore', alice, stringToU8a('k'), 1)).toThrow(/takes 2 key/);
  });
});
