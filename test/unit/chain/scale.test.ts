// Our small SCALE encoder (storage defaults, constants, storage keys) agrees with @polkadot/types and rejects
// values that do not fit the declared type.
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { buildMetadataWithLookup } from '../../../simulator/chain/metadata';
import { runtime } from '../../../simulator/chain/runtime';
import { encode, zeroValue } from '../../../simulator/chain/runtime/scale';
import { Contract } from '../../../simulator/chain/runtime/pallets/smart-contract-types';
import { Node } from '../../../simulator/chain/runtime/pallets/tfgrid-types';
import { AccountInfo } from '../../../simulator/chain/runtime/pallets/system';
import { compact, enumType, i32, option, struct, u128, u32, u64, u8, vec, type TypeDef } from '../../../simulator/chain/runtime/types/dsl';
import { MultiAddress, perDispatchClass, Weight } from '../../../simulator/chain/runtime/types/substrate';
import { ALICE, load } from './helpers';

const alice = hexToU8a(ALICE);
const { registry } = load(14);
const built = buildMetadataWithLookup(runtime, 14);
/** Encodes with polkadot-js using the lookup type our metadata gave `t`. */
const theirs = (t: TypeDef, value: unknown) => registry.createType(registry.createLookupType(built.idOf(t)), value).toHex();

const node = {
  version: 5, id: 3, farm_id: 1, twin_id: 7,
  resources: { hru: 0, sru: 512n * 2n ** 30n, cru: 8, mru: 16n * 2n ** 30n },
  location: { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.71' },
  public_config: { ip4: { ip: '185.206.122.33/24', gw: '185.206.122.1' }, ip6: null, domain: 'gw.example.com' },
  created: 1_700_000_000, farming_policy_id: 1,
  interfaces: [{ name: 'zos', mac: '00:11:22:33:44:55', ips: ['10.0.0.2/24'] }],
  certification: 'Diy', secure_boot: false, virtualized: true, serial_number: null, connection_price: 80,
};
const camel = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(camel);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camel(x)]));
  }
  return v;
};

describe('encode', () => {
  it('matches polkadot-js on a full TFChain Node', () => {
    expect(u8aToHex(encode(Node, node))).toBe(theirs(Node, camel(node)));
  });

  it('matches polkadot-js on enums with payloads and options', () => {
    const contract = {
      version: 4, state: { GracePeriod: 1234n }, contract_id: 9n, twin_id: 2,
      contract_type: { NodeContract: {
        node_id: 3, deployment_hash: 'a'.repeat(32), deployment_data: '{"type":"vm"}', public_ips: 1,
        public_ips_list: [{ ip: '185.206.122.33/24', gateway: '185.206.122.1', contract_id: 9n }],
      } },
      solution_provider_id: 5n,
    };
    const pj = camel(contract) as Record<string, unknown>;
    pj.contractType = { nodeContract: camel(contract.contract_type.NodeContract) };
    pj.state = { gracePeriod: 1234 };
    expect(u8aToHex(encode(Contract, contract))).toBe(theirs(Contract, pj));
  });

  it('matches polkadot-js on big balances, compacts, MultiAddress and the account default', () => {
    const info = { nonce: 3, consumers: 0, providers: 1, sufficients: 0, data: { free: 1n << 60n, reserved: 0, frozen: 0, flags: 1n << 127n } };
    expect(u8aToHex(encode(AccountInfo, info))).toBe(theirs(AccountInfo, info));
    expect(u8aToHex(encode(compact(u128), 2n ** 100n))).toBe(u8aToHex(registry.createType('Compact<u128>', 2n ** 100n).toU8a()));
    expect(u8aToHex(encode(MultiAddress, { Id: alice }))).toBe(registry.createType('Address', ALICE).toHex());
    expect(u8aToHex(encode(i32, -2))).toBe('0xfeffffff');
  });

  it('rejects values that do not fit', () => {
    expect(() => encode(u8, 256)).toThrow(/does not fit/);
    expect(() => encode(u64, 1.5)).toThrow(/integer/);
    expect(() => encode(AccountInfo, { nonce: 1 })).toThrow(/missing field consumers/);
    expect(() => encode(MultiAddress, { Id: new Uint8Array(31) })).toThrow(/32 bytes/);
    expect(() => encode(MultiAddress, 'Nope')).toThrow(/no variant Nope/);
    expect(() => encode(vec(u64), 'x')).toThrow(/array/);
    expect(() => encode(AccountInfo, { ...zeroValue(AccountInfo) as object, nonse: 1 })).toThrow(/unknown field\(s\) nonse/);
  });
});

describe('type identity', () => {
  it('gives one object, hence one lookup id, per generic instantiation', () => {
    expect(option(u64)).toBe(option(u64));
    expect(vec(option(u64))).toBe(vec(option(u64)));
    expect(perDispatchClass(Weight)).toBe(perDispatchClass(Weight));
    expect(option(u64)).not.toBe(option(u8));
    const optionsOfU32 = load(14).metadata.asV14.lookup.types.filter((t) =>
      t.type.path.join('::') === 'Option' && t.type.params[0]!.type.unwrap().toNumber() === built.idOf(u32));
    expect(optionsOfU32).toHaveLength(1);
  });
});

describe('zeroValue', () => {
  it('is Rust\'s Default for structs, options and field-less enums', () => {
    const s = struct('a::S', { n: u64, o: option(u8), e: enumType('a::E', { A: 0, B: 1 }) });
    expect(zeroValue(s)).toEqual({ n: 0, o: null, e: 'A' });
  });

  it('refuses to guess the default of an enum whose first variant carries data', () => {
    expect(() => zeroValue(enumType('a::E', { A: [0, u8], B: 1 }))).toThrow(/explicit default/);
  });
});
