// Regression guard on the metadata's shape. The digests below were recorded from this metadata after
// shared/tools/metadata-diff.mjs reported 100 % for all 23 pallets against the spec-152 reference; the test reads
// only our own metadata. If a digest changes on purpose, re-run the diff tool, then update the digest here.
import { describe, expect, it } from 'vitest';
import { load } from './helpers';
import { palletDigests, palletShapes } from './shape';

/** calls / events / errors / storage items / constants per pallet (tfchain.md §2, §3). */
const COUNTS: Record<string, [number, number, number, number, number]> = {
  System: [8, 6, 6, 16, 6],
  Timestamp: [1, 0, 0, 2, 1],
  Utility: [6, 6, 1, 0, 1],
  Scheduler: [6, 6, 5, 3, 2],
  ValidatorSet: [3, 2, 4, 3, 0],
  Session: [2, 1, 5, 7, 0],
  Aura: [0, 0, 0, 2, 0],
  Grandpa: [3, 3, 7, 6, 3],
  Historical: [0, 0, 0, 0, 0],
  Authorship: [0, 0, 0, 1, 0],
  Balances: [9, 21, 10, 7, 5],
  TransactionPayment: [0, 1, 0, 2, 1],
  TfgridModule: [37, 31, 116, 27, 5],
  SmartContractModule: [21, 29, 54, 19, 3],
  TFTBridgeModule: [11, 15, 21, 12, 0],
  TFTPriceModule: [3, 5, 8, 7, 0],
  BurningModule: [1, 1, 1, 1, 0],
  TFKVStore: [2, 3, 3, 1, 0],
  RuntimeUpgrade: [1, 0, 0, 0, 0],
  Council: [6, 7, 11, 6, 1],
  CouncilMembership: [7, 6, 3, 2, 0],
  Dao: [4, 8, 18, 6, 0],
  Validator: [6, 7, 12, 2, 0],
};

/** Digest of each pallet's shape lines (see shape.ts): types, indices, names, fallbacks and constant values. */
const DIGESTS: Record<string, string> = {
  System: '0e96a22a0535cbb9',
  Timestamp: 'b374aaa060001c4f',
  Utility: '46f6912d416b7b93',
  Scheduler: '02221de777c55a21',
  ValidatorSet: '6146afd63242922e',
  Session: '4509cb2728ddc1e4',
  Aura: '2b5e5c63aeb4c322',
  Grandpa: 'e6dae53a918f2166',
  Historical: '02f6068ffb5d9abd',
  Authorship: 'c6f19b763d49287d',
  Balances: '63db49d04fbb80ed',
  TransactionPayment: '7c637311e96de968',
  TfgridModule: '0985eb042702de4c',
  SmartContractModule: '12b6eaef8986730f',
  TFTBridgeModule: 'dcf745f792d97256',
  TFTPriceModule: 'f575069dfd5b47e5',
  BurningModule: '54a7f6377f3503db',
  TFKVStore: '3af607b76b99fd09',
  RuntimeUpgrade: '8e57b2b078301cc8',
  Council: '7a16bb0a19604a86',
  CouncilMembership: 'e6e5db2bcf2e7a0d',
  Dao: '0d57a84e910ca904',
  Validator: 'd74a7fe44a719bc7',
};

describe('metadata shape', () => {
  const { metadata } = load(14);
  const shapes = palletShapes(metadata);

  it('has the spec\'s number of calls, events, errors, storage items and constants per pallet', () => {
    const counts = Object.fromEntries([...shapes].map(([name, lines]) => [name,
      ['call ', 'event ', 'error ', 'storage ', 'constant '].map((k) => lines.filter((l) => l.startsWith(k)).length)]));
    expect(counts).toEqual(COUNTS);
  });

  it.each(Object.keys(DIGESTS))('%s keeps its recorded shape digest', (pallet) => {
    expect(palletDigests(metadata)[pallet], shapes.get(pallet)!.join('\n')).toBe(DIGESTS[pallet]);
  });

  it('spells out the shapes clients depend on most', () => {
    const line = (pallet: string, prefix: string) => shapes.get(pallet)!.find((l) => l.startsWith(prefix));
    const opt = (t: string) => `enum{0=None()|1=Some(${t})}`;
    expect(line('TfgridModule', 'call 17 ')).toBe(`call 17 create_twin(relay:${opt('Vec<u8>')},pk:${opt('Vec<u8>')})`);
    expect(line('Balances', 'call 7 ')).toBe('call 7 transfer(dest:enum{0=Id([u8;32])|1=Index(Compact<()>)|2=Raw(Vec<u8>)|'
      + '3=Address32([u8;32])|4=Address20([u8;20])},value:Compact<u128>)');
    expect(line('Utility', 'call 2 ')).toBe('call 2 batch_all(calls:Vec<<Call>>)');
    expect(line('SmartContractModule', 'call 0 ')).toBe('call 0 create_node_contract(node_id:u32,deployment_hash:[u8;32],'
      + `deployment_data:Vec<u8>,public_ips:u32,solution_provider_id:${opt('u64')})`);
    expect(line('TfgridModule', 'event 29 ')).toBe('event 29 PowerTargetChanged(farm_id:u32,node_id:u32,power_target:enum{0=Up()|1=Down()})');
    expect(line('TfgridModule', 'storage TwinIdByAccountID '))
      .toBe('storage TwinIdByAccountID Optional map[Blake2_128Concat] [u8;32] => u32 fallback 0x00');
    expect(line('TFKVStore', 'storage '))
      .toBe('storage TFKVStore Default map[Blake2_128Concat,Blake2_128Concat] ([u8;32],Vec<u8>) => Vec<u8> fallback 0x00');
  });
});
