// 10,000 seeded random and malformed messages against the real dev chain's RPC: invalid JSON, wrong shapes, unknown
// methods, every registered method with random params, batches, huge strings, deep nesting, binary frames, mangled
// extrinsics and state_call garbage. Each must get exactly one answer (its id, or null where none could be read)
// within a bounded time; afterwards the server still answers and a normal transfer still reaches InBlock, and the
// chain logged no unexpected failure.
import '@polkadot/api-augment/substrate';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../../../simulator/chain';
import { collectingLogger } from '../chain/helpers';

// GRIDBOX_FUZZ_SEED / GRIDBOX_FUZZ_MESSAGES explore further than the fixed run CI makes.
const MESSAGES = Number(process.env.GRIDBOX_FUZZ_MESSAGES ?? 10_000);
const CONNECTIONS = 4;
const ANSWER_TIMEOUT_MS = 5_000;

/** mulberry32: small, seeded, good enough to spread cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a message must be answered with: one frame with this id, a batch of this many, or nothing. */
type Expect = { kind: 'single'; id: string | number | null } | { kind: 'batch'; ids: Array<string | number | null> };

interface Case {
  readonly frame: string | Buffer;
  readonly binary?: boolean;
  readonly expect: Expect;
  readonly label: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
type Json = any;

let running: RunningChain;
let api: ApiPromise;
let provider: WsProvider;
let problems: string[];
let methods: string[];
let templates: Uint8Array[];

beforeAll(async () => {
  const collected = collectingLogger();
  problems = collected.problems;
  running = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', logger: collected.logger });
  provider = new WsProvider(running.url);
  api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  methods = (await api.rpc.rpc.methods()).methods.map((m) => m.toString());
  // Valid transfers from Bob to mangle (Alice sends the final one, so Bob's pool entries cannot block it).
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
  templates = [];
  for (let nonce = 0; nonce < 8; nonce++) {
    const tx = await api.tx.balances.transferKeepAlive(bob.address, 1000n + BigInt(nonce)).signAsync(bob, { nonce, era: nonce % 2 ? 64 : 0 });
    templates.push(tx.toU8a());
  }
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await running?.close();
});

function generate(rand: () => number, count: number): Case[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number) => Math.floor(rand() * n);
  let nextId = 1;
  const id = (): string | number => (rand() < 0.7 ? nextId++ : `s-${nextId++}`);
  const hex = (bytes: number) => u8aToHex(Uint8Array.from({ length: bytes }, () => int(256)));
  const randomString = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(0x2fff))).join('');
  // Built once: making half a megabyte of random text per message would cost more than the server's answer.
  const hugeStrings = [randomString(300_000), 'a'.repeat(1_000_000), hex(64 * 1024)];
  const scalar = (): Json => pick<() => Json>([
    () => int(4), () => -1, () => 2 ** 53, () => 4294967296, () => 0.5, () => 1e308, () => true, () => null,
    () => '', () => '0x', () => hex(int(40)), () => randomString(int(20)), () => '0xzz', () => hex(32),
    () => `${int(100)}`, () => 'Instant', () => 'Manual',
  ])();
  const value = (depth = 0): Json => {
    if (depth > 2 || rand() < 0.6) return scalar();
    return rand() < 0.5
      ? Array.from({ length: int(4) }, () => value(depth + 1))
      : Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['count', 'to', 'a', 'transactions', '']), value(depth + 1)]));
  };
  const params = (): Json => pick<() => Json>([
    () => [], () => [value()], () => [value(), value()], () => [value(), value(), value(), value()],
    () => value(), () => ({ [pick(['hash', 'at', 'key', 'extrinsic'])]: value() }),
  ])();
  const mangle = (bytes: Uint8Array): Uint8Array => {
    const out = Uint8Array.from(bytes);
    const flip = (from: number, to: number) => {
      const i = from + int(Math.max(1, to - from));
      out[i] = out[i]! ^ (1 << int(8));
    };
    // Offsets in a v4 signed transfer: 2-byte length, version, MultiAddress (33), MultiSignature (65), era …
    switch (int(7)) {
      case 0: flip(38, 102); return out; // signature
      case 1: flip(102, 104); return out; // era
      case 2: flip(103, 106); return out; // nonce (after a 1- or 2-byte era)
      case 3: flip(out.length - 40, out.length - 38); return out; // call index
      case 4: return out.subarray(0, int(out.length));
      case 5: return Uint8Array.from([...out, ...Array.from({ length: 1 + int(40) }, () => int(256))]);
      default: return bytes; // valid: accepted once, then 1013 Already Imported or 1010 Stale
    }
  };
  const call = (method: string, p: Json, key = id()): Case => ({
    frame: JSON.stringify({ jsonrpc: '2.0', id: key, method, params: p }),
    expect: { kind: 'single', id: key },
    label: method,
  });
  const extrinsic = (): string => (rand() < 0.2 ? hex(int(300)) : u8aToHex(mangle(pick(templates))));
  const common: Array<() => Case> = [
    () => ({ frame: pick(['{', '[', '{"id":1', 'nul', '{"jsonrpc":"2.0",}', '\u0000', '{}}', randomString(30)]), expect: { kind: 'single', id: null }, label: 'invalid JSON' }),
    () => {
      const shapes: Array<[Json, string | number | null]> = [[42, null], ['x', null], [null, null], [{}, null], [true, null]];
      const key = id();
      shapes.push([{ jsonrpc: '1.0', id: key, method: 'system_health' }, key], [{ jsonrpc: '2.0', id: key, method: 7 }, key],
        [{ jsonrpc: '2.0', id: key, method: 'system_health', params: 'x' }, key], [{ jsonrpc: '2.0', id: { a: 1 }, method: 'x' }, null],
        [{ jsonrpc: '2.0', id: key, method: '' }, key]);
      const [shape, expected] = pick(shapes);
      return { frame: JSON.stringify(shape), expect: { kind: 'single', id: expected }, label: 'wrong shape' };
    },
    () => call(pick(['foo', 'system_healthz', 'state_getStorageX', '__proto__', 'constructor', randomString(8)]), params()),
    () => call(pick(methods), params()),
    () => call(pick(methods), params()),
    () => call(pick(methods), params()),
    () => {
      const entries = Array.from({ length: int(6) }, () => (rand() < 0.7 ? JSON.parse(call(pick(methods), params()).frame as string) : pick([1, 'x', {}])));
      if (entries.length === 0) return { frame: '[]', expect: { kind: 'single', id: null }, label: 'empty batch' };
      const ids = entries.map((e) => (typeof e === 'object' && 'id' in e ? e.id : null));
      return { frame: JSON.stringify(entries), expect: { kind: 'batch', ids }, label: 'batch' };
    },
  ];
  // Big frames are rarer: they cost the server milliseconds each.
  const rare: Array<() => Case> = [
    () => call(pick(methods), [pick(hugeStrings)]),
    () => {
      const depth = pick([100, 5_000, 100_000]);
      const key = id();
      return { frame: `{"jsonrpc":"2.0","id":${JSON.stringify(key)},"method":"state_getStorage","params":${'['.repeat(depth)}${']'.repeat(depth)}}`, expect: { kind: 'single', id: key }, label: 'deep nesting' };
    },
  ];
  const generators: Array<() => Case> = [
    ...common,
    () => {
      if (rand() < 0.5) return { ...call(pick(methods), params()), binary: true, label: 'binary request' };
      return { frame: Buffer.from(Array.from({ length: 1 + int(64) }, () => 128 + int(128))), binary: true, expect: { kind: 'single', id: null }, label: 'binary garbage' };
    },
    () => call(pick(['author_submitExtrinsic', 'author_submitAndWatchExtrinsic']), [extrinsic()]),
    () => call(pick(['author_submitExtrinsic', 'author_submitAndWatchExtrinsic']), [extrinsic()]),
    () => call('state_call', [pick(['Core_version', 'TaggedTransactionQueue_validate_transaction', 'TransactionPaymentApi_query_info',
      'AccountNonceApi_account_nonce', 'Metadata_metadata_at_version', 'BlockBuilder_apply_extrinsic', randomString(6)]), pick([hex(int(200)), extrinsic(), '0x', 'zz'])]),
  ];
  return Array.from({ length: count }, () => (rand() < 0.01 ? pick(rare) : pick(generators))());
}

/** Sends each case and waits for its answer before the next; notifications (subscriptions) are not answers. */
async function drive(cases: Case[]): Promise<string[]> {
  const ws = new WebSocket(running.url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const answers: Json[] = [];
  let wake: (() => void) | undefined;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (!Array.isArray(frame) && frame.method !== undefined && frame.id === undefined) return;
    answers.push(frame);
    wake?.();
  });
  const failures: string[] = [];
  for (const c of cases) {
    answers.length = 0;
    ws.send(c.frame, { binary: c.binary ?? false });
    const answer = await new Promise<Json>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ANSWER_TIMEOUT_MS);
      wake = () => {
        clearTimeout(timer);
        resolve(answers[0]);
      };
    });
    const describe = `${c.label}: ${String(c.frame).slice(0, 120)} → ${JSON.stringify(answer)?.slice(0, 200)}`;
    if (answer === undefined) failures.push(`no answer: ${describe}`);
    else if (c.expect.kind === 'single') {
      if (Array.isArray(answer) || answer.id !== c.expect.id || (answer.error === undefined) === (answer.result === undefined)) failures.push(`wrong answer: ${describe}`);
    } else if (!Array.isArray(answer) || JSON.stringify(answer.map((a: Json) => a.id)) !== JSON.stringify(c.expect.ids)) {
      failures.push(`wrong batch answer: ${describe}`);
    }
    if (failures.length > 20) break;
  }
  // Exactly one: nothing more may follow (a ping round trip flushes anything in flight).
  answers.length = 0;
  ws.send('{"jsonrpc":"2.0","id":"last","method":"system_health","params":[]}');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ANSWER_TIMEOUT_MS);
    wake = () => answers.some((a) => a.id === 'last') && (clearTimeout(timer), resolve());
  });
  if (answers.length !== 1) failures.push(`extra answers: ${JSON.stringify(answers).slice(0, 300)}`);
  ws.close();
  return failures;
}

describe('RPC fuzz: 10,000 random and malformed messages', () => {
  it('answers every message once, stays up, and still includes a normal transfer', async () => {
    const cases = generate(prng(Number(process.env.GRIDBOX_FUZZ_SEED ?? 0x6d1b)), MESSAGES);
    const perConnection = Math.ceil(MESSAGES / CONNECTIONS);
    const failures = (await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) =>
      drive(cases.slice(i * perConnection, (i + 1) * perConnection))))).flat();
    expect(failures).toEqual([]);

    // An oversized message closes only its own connection (1009), as documented in rpc/README.md.
    const big = new WebSocket(running.url, { perMessageDeflate: false });
    await new Promise((resolve) => big.once('open', resolve));
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(`{"jsonrpc":"2.0","id":1,"method":"system_health","params":["${'a'.repeat(16 * 1024 * 1024)}"]}`);
    expect(await closed).toBe(1009);

    // The fuzzing may have switched the block mode or moved the head: back to instant blocks.
    await provider.send('dev_setBlockBuildMode', ['Instant']);
    const health = await api.rpc.system.health();
    expect(health.isSyncing.isFalse).toBe(true);
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const status = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no InBlock within 20 s')), 20_000);
      api.tx.balances.transferKeepAlive('5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', 1_000_000n).signAndSend(alice, (r) => {
        if (r.status.isInBlock || r.isError) {
          clearTimeout(timer);
          resolve(r.status.type);
        }
      }).catch(reject);
    });
    expect(status).toBe('InBlock');
    expect(problems.filter((p) => p.startsWith('error'))).toEqual([]);
  }, 120_000);
});
