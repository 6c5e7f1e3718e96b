// The chain without a server: block times, instant batching, pruning of old state, and what a pruned or unknown
// block answers.
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { Chain } from '../../../simulator/chain/core/chain';
import { RpcError } from '../../../simulator/chain/rpc/errors';
import { manualChain } from './helpers';

const EVENTS = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7';
const NOW = '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb';

function signedTransfer(chain: Chain, uri: string, nonce: number): `0x${string}` {
  const { registry } = chain.codec;
  const pair = new Keyring({ type: 'sr25519' }).addFromUri(uri);
  const xt = registry.createType('Extrinsic', {
    method: registry.createType('Call', { callIndex: [20, 0], args: { dest: { Id: new Uint8Array(32).fill(7) }, value: 10_000n } }),
  });
  xt.sign(pair, {
    blockHash: chain.genesisHash, genesisHash: chain.genesisHash, era: registry.createType('ExtrinsicEra', 0), nonce,
    tip: 0, runtimeVersion: { specVersion: 152, transactionVersion: 2 } as never, signedExtensions: registry.signedExtensions,
  });
  return xt.toHex();
}

describe('Chain', () => {
  it('times block n at genesis + n × 6 s and stores Timestamp.Now accordingly', async () => {
    const chain = await manualChain();
    const b1 = chain.buildBlock();
    const b2 = chain.buildBlock();
    expect([b1.timestamp, b2.timestamp]).toEqual([1_700_000_006_000, 1_700_000_012_000]);
    expect(chain.getStorage(NOW)).toBe(u8aToHex(chain.codec.registry.createType('u64', 1_700_000_012_000).toU8a()));
    expect(chain.getBlock(b2.hash)!.block.extrinsics).toHaveLength(1);
    chain.close();
  });

  it('in instant mode puts transactions that arrive in one turn into one block', async () => {
    const chain = await Chain.create({ blockMode: 'instant', genesisTime: 1_700_000_000_000 });
    for (let n = 0; n < 3; n++) chain.submitExtrinsic(signedTransfer(chain, '//Alice', n));
    expect(chain.bestNumber()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chain.bestNumber()).toBe(1);
    expect(chain.getBlock()!.block.extrinsics).toHaveLength(4);
    expect(chain.pendingExtrinsics()).toEqual([]);
    chain.close();
  });

  it('refuses unsigned extrinsics as Substrate does: inherents as mandatory, others without a validator', async () => {
    const chain = await manualChain();
    const { registry } = chain.codec;
    const unsigned = (callIndex: [number, number], args: object) =>
      registry.createType('Extrinsic', { method: registry.createType('Call', { callIndex, args }) }).toHex();
    expect(() => chain.submitExtrinsic(unsigned([1, 0], { now: 1 }))).toThrow(expect.objectContaining({
      code: 1010, data: 'Transaction dispatch is mandatory; transactions must not be validated.',
    }));
    expect(() => chain.submitExtrinsic(unsigned([0, 0], { remark: '0x' }))).toThrow(expect.objectContaining({
      code: 1011, message: 'Unknown Transaction Validity', data: 'NoUnsignedValidator',
    }));
    expect(() => chain.submitExtrinsic('0x0c8400')).toThrow(expect.objectContaining({ code: 1001 }));
    chain.close();
  });

  it('keeps historyDepth blocks of state and bodies; older reads are errors, hashes by number stay', async () => {
    const chain = await manualChain({ historyDepth: 3 });
    const genesis = chain.genesisHash;
    const kept = [chain.buildBlock(), chain.buildBlock(), chain.buildBlock(), chain.buildBlock()];
    // Readable: blocks 2, 3 and 4.
    expect(chain.getBlockHash(0)).toBe(genesis);
    expect(chain.getHeader(genesis)).toBeNull();
    expect(() => chain.getStorage(EVENTS, genesis)).toThrow(/State already discarded for 0x/);
    expect(() => chain.getStorage(EVENTS, kept[0]!.hash)).toThrow(RpcError);
    expect(chain.getStorage(EVENTS, kept[1]!.hash)).not.toBeNull();
    expect(() => chain.getStorage(EVENTS, `0x${'12'.repeat(32)}`)).toThrow(/Header was not found/);
    chain.close();
  });
});
