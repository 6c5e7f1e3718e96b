// Admission with signatures verified in worker threads (core/verify-pool.ts), over a real WebSocket: refusals and
// acceptances come back exactly as with in-thread verification, in arrival order, and the pool ends up the same.
import { Keyring } from '@polkadot/keyring';
import { compactFromU8a, hexToU8a, u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Chain } from '../../../simulator/chain/core/chain';
import { startChain, type RunningChain } from '../../../simulator/chain/index';
import { collectingLogger } from './helpers';

type Reply = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

/** Pipelined JSON-RPC over one socket: every call is sent at once, replies matched by id. */
class Rpc {
  readonly #replies = new Map<number, (reply: Reply) => void>();
  readonly notifications: Array<{ subscription: string; result: unknown }> = [];
  #nextId = 1;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; params?: { subscription: string; result: unknown } } & Reply;
      if (msg.id !== undefined) this.#replies.get(msg.id)?.(msg);
      else if (msg.params) this.notifications.push(msg.params);
    });
  }

  static open(url: string): Promise<Rpc> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Rpc(ws)));
      ws.once('error', reject);
    });
  }

  call(method: string, params: unknown[] = []): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#replies.set(id, resolve);
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

function transfer(chain: Chain, uri: string, nonce: number, value = 10_000n): `0x${string}` {
  const { registry } = chain.codec;
  const pair = new Keyring({ type: 'sr25519' }).addFromUri(uri);
  const xt = registry.createType('Extrinsic', {
    method: registry.createType('Call', { callIndex: [20, 0], args: { dest: { Id: new Uint8Array(32).fill(7) }, value } }),
  });
  xt.sign(pair, {
    blockHash: chain.genesisHash, genesisHash: chain.genesisHash, era: registry.createType('ExtrinsicEra', 0), nonce,
    tip: 0, runtimeVersion: { specVersion: 152, transactionVersion: 2 } as never, signedExtensions: registry.signedExtensions,
  });
  return xt.toHex();
}

/** The same extrinsic with one bit of its sr25519 signature flipped. */
function tamper(hex: `0x${string}`): `0x${string}` {
  const bytes = hexToU8a(hex);
  const [prefix] = compactFromU8a(bytes);
  // length prefix, version byte, MultiAddress::Id + 32 bytes, MultiSignature variant, then the signature
  bytes[prefix + 1 + 33 + 1 + 10]! ^= 1;
  return u8aToHex(bytes);
}

const BAD_PROOF = { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' };

let running: RunningChain;
let rpc: Rpc;
const { logger, problems } = collectingLogger();

beforeAll(async () => {
  running = await startChain({ port: 0, blockMode: 'manual', verifyWorkers: 1, logger });
  rpc = await Rpc.open(running.url);
});
afterAll(async () => {
  rpc?.close();
  await running?.close();
});

describe('signature verification in worker threads', () => {
  it('runs a worker and still refuses a bad signature with 1010 BadProof', async () => {
    expect(running.chain.verifyWorkers).toBe(1);
    const reply = await rpc.call('author_submitExtrinsic', [tamper(transfer(running.chain, '//Alice', 0, 1n))]);
    expect(reply).toMatchObject({ error: BAD_PROOF });
    expect(running.chain.pool.size).toBe(0);
  });

  it('answers a burst of valid, bad, duplicate and future transactions in order, as in-thread admission would', async () => {
    const { chain } = running;
    const a0 = transfer(chain, '//Alice', 0);
    const a1 = transfer(chain, '//Alice', 1);
    const a2 = transfer(chain, '//Alice', 2);
    const b0 = transfer(chain, '//Bob', 0);
    const b1 = transfer(chain, '//Bob', 1);
    const burst: Array<[string, unknown[]]> = [
      ['author_submitExtrinsic', [a0]],
      ['author_submitExtrinsic', [a1]],
      ['author_submitExtrinsic', [tamper(a2)]],
      ['author_submitExtrinsic', [a2]],
      ['author_submitAndWatchExtrinsic', [b1]],
      ['author_submitAndWatchExtrinsic', [b0]],
      ['author_submitExtrinsic', [a1]],
      ['author_submitExtrinsic', ['0x0c8400']],
    ];
    // Sent together: they arrive in one event-loop turn or a few and are verified as batches.
    const replies = await Promise.all(burst.map(([method, params]) => rpc.call(method, params)));
    const hashOf = (hex: string) => chain.codec.registry.createType('Extrinsic', hex).hash.toHex();
    expect(replies[0]).toEqual(expect.objectContaining({ result: hashOf(a0) }));
    expect(replies[1]).toEqual(expect.objectContaining({ result: hashOf(a1) }));
    expect(replies[2]).toMatchObject({ error: BAD_PROOF });
    expect(replies[3]).toEqual(expect.objectContaining({ result: hashOf(a2) }));
    expect(replies[4]).toEqual(expect.objectContaining({ result: expect.any(String) }));
    expect(replies[5]).toEqual(expect.objectContaining({ result: expect.any(String) }));
    expect(replies[6]).toMatchObject({ error: { code: 1013, message: 'Transaction Already Imported' } });
    expect(replies[7]).toMatchObject({ error: { code: 1001 } });

    // Bob's nonce 1 came first, so it waited as future until nonce 0 arrived.
    const sub = (i: number) => (replies[i] as { result: string }).result;
    const statuses = (i: number) => rpc.notifications.filter((n) => n.subscription === sub(i)).map((n) => n.result);
    expect(statuses(4)[0]).toBe('future');
    expect(statuses(5)[0]).toBe('ready');

    expect(chain.pool.size).toBe(5);
    const block = await rpc.call('dev_newBlock');
    expect(block).toEqual(expect.objectContaining({ result: expect.anything() }));
    const head = (await rpc.call('chain_getBlock')) as { result: { block: { extrinsics: string[] } } };
    expect(head.result.block.extrinsics.slice(1).sort()).toEqual([a0, a1, a2, b0, b1].sort());
    expect(chain.pool.size).toBe(0);
    expect(problems).toEqual([]);
  });
});
