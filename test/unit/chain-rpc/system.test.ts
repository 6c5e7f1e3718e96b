import { createHash } from 'node:crypto';
import { base58Encode } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { systemGroup, TFCHAIN_DEV_SYSTEM_INFO } from '../../../simulator/chain/rpc/groups/system';
import type { RpcContext } from '../../../simulator/chain/rpc/group';

const call = async (group: ReturnType<typeof systemGroup>, name: string): Promise<unknown> => {
  const spec = group.methods.get(name);
  if (!spec) throw new Error(`${name} missing`);
  return spec.handler([], {} as RpcContext);
};

describe('system group', () => {
  it('answers like a TFChain dev node', async () => {
    const group = systemGroup();
    expect(await call(group, 'system_chain')).toBe('Development');
    expect(await call(group, 'system_chainType')).toBe('Development');
    expect(await call(group, 'system_name')).toBe('Gridbox TFChain simulator');
    expect(await call(group, 'system_properties')).toEqual({ tokenDecimals: 7, tokenSymbol: 'TFT' });
    expect(await call(group, 'system_health')).toEqual({ peers: 0, isSyncing: false, shouldHavePeers: false });
    expect(await call(group, 'system_nodeRoles')).toEqual(['Authority']);
    expect(await call(group, 'system_peers')).toEqual([]);
    expect(await call(group, 'system_localListenAddresses')).toEqual([]);
    expect(await call(group, 'system_syncState')).toEqual({ startingBlock: 0, currentBlock: 0, highestBlock: 0 });
    expect(typeof (await call(group, 'system_version'))).toBe('string');
  });

  it('takes overrides and the best block from the chain', async () => {
    const group = systemGroup({ info: { version: '9.9.9' }, chain: { bestNumber: async () => 42 } });
    expect(await call(group, 'system_version')).toBe('9.9.9');
    expect(await call(group, 'system_syncState')).toEqual({ startingBlock: 0, currentBlock: 42, highestBlock: 42 });
  });

  it('has a well-formed Ed25519 PeerId derived as documented', () => {
    const key = createHash('sha256').update('gridbox-tfchain-dev-node').digest();
    const multihash = Buffer.concat([Buffer.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]), key]);
    expect(TFCHAIN_DEV_SYSTEM_INFO.peerId).toBe(base58Encode(multihash));
    expect(TFCHAIN_DEV_SYSTEM_INFO.peerId).toMatch(/^12D3KooW/);
  });
});
