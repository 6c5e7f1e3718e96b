// The relay between RmbPeers over a real dev chain: token checks against the chain's twins, routing by twin and
// session, pong, error envelopes, the offline queue (delivery on connect and expiry), session replacement, limits,
// the HTTP side, and light fuzzing that must never bring it down.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeEnvelope, encodeEnvelope, signEnvelope, type Envelope } from '../../../simulator/rmb/envelope';
import { createJwt } from '../../../simulator/rmb/jwt';
import { RmbCallError, RmbPeer } from '../../../simulator/rmb/peer';
import { chainTwinLookup } from '../../../simulator/rmb/twin-lookup';
import { startLocalGrid, type LocalGrid, type Twin } from './harness';

let grid: LocalGrid;
let user: Twin;
let node: Twin;
const peers: RmbPeer[] = [];

beforeAll(async () => {
  grid = await startLocalGrid({ queueTtlSecs: 3, maxFrameBytes: 64 * 1024 });
  user = await grid.createTwin();
  node = await grid.createTwin({ type: 'ed25519' });
});

afterAll(async () => {
  for (const p of peers) await p.close();
  await grid?.close();
});

async function startPeer(twin: Twin, opts: { sessionId?: string; verify?: boolean } = {}): Promise<RmbPeer> {
  const peer = new RmbPeer({
    relayUrl: grid.relay.url, identity: twin.identity, sessionId: opts.sessionId,
    twins: opts.verify ? chainTwinLookup(grid.api) : undefined, reconnectMinMs: 50,
  });
  peers.push(peer);
  await peer.start();
  return peer;
}

/** Opens a raw socket; resolves with it when open, or with the HTTP status the relay refused it with. */
function rawConnect(query: string): Promise<{ ws?: WebSocket; status?: number; body?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${grid.relay.url}/${query ? `?${query}` : ''}`);
    ws.on('open', () => resolve({ ws }));
    ws.on('error', () => {});
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
  });
}

const nextEnvelope = async (ws: WebSocket): Promise<Envelope> => decodeEnvelope(new Uint8Array((await once(ws, 'message'))[0] as Buffer));

describe('connecting', () => {
  it('accepts a token signed by the twin account on chain, refuses the others', async () => {
    const ok = await rawConnect(createJwt(user.identity, { sid: 'raw1' }));
    expect(ok.ws).toBeDefined();
    ok.ws!.close();
    const wrongKey = { ...node.identity, twinId: user.id };  // signs as the node, claims to be the user
    expect(await rawConnect(createJwt(wrongKey))).toMatchObject({ status: 401, body: 'invalid token signature\n' });
    expect(await rawConnect(createJwt(user.identity, { nowSecs: 1000 }))).toMatchObject({ status: 401, body: 'token expired\n' });
    expect(await rawConnect(createJwt({ ...user.identity, twinId: 999 }))).toMatchObject({ status: 401, body: 'twin 999 not found\n' });
    expect(await rawConnect('')).toMatchObject({ status: 401 });
    expect(await rawConnect('not-a-jwt')).toMatchObject({ status: 401 });
  });
});

describe('routing between peers', () => {
  it('delivers a request to a sid-less node and its response back to the caller session, signatures verified', async () => {
    const server = await startPeer(node, { verify: true });
    server.handle('zos.system.version', async () => ({ zos: 'v3.99.0', zinit: 'v0.2.14' }));
    const client = await startPeer(user, { sessionId: 'sess-a', verify: true });
    expect(await client.call(node.id, 'zos.system.version', null)).toEqual({ zos: 'v3.99.0', zinit: 'v0.2.14' });
    await expect(client.call(node.id, 'zos.nope', null)).rejects.toEqual(new RmbCallError('handler not found: zos.nope'));
  });

  it('answers routing failures of requests with the relay error envelope', async () => {
    const client = await startPeer(user, { sessionId: 'sess-b' });
    const noRelay = await grid.createTwin({ relay: null });
    await expect(client.call(noRelay.id, 'x', null)).rejects.toThrow('relay info is not set for this twin');
    await expect(client.call(4242, 'x', null)).rejects.toThrow('unknown twin destination');
    const elsewhere = await grid.createTwin({ relay: 'relay.other.grid.tf' });
    await expect(client.call(elsewhere.id, 'x', null)).rejects.toThrow(/does not federate/);
  });

  it('queues requests for an offline twin of its domain and delivers them when it connects', async () => {
    const late = await grid.createTwin({ type: 'ed25519' });
    const client = await startPeer(user, { sessionId: 'sess-c' });
    const answer = client.call(late.id, 'echo', { n: 1 }, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(grid.relay.stats().queued).toBe(1);
    const peer = new RmbPeer({ relayUrl: grid.relay.url, identity: late.identity });
    peers.push(peer);
    peer.handle('echo', async (p) => p);
    await peer.start();
    expect(await answer).toEqual({ n: 1 });
    expect(grid.relay.stats().queued).toBe(0);
  });

  it('expires queued requests and tells the sender', async () => {
    const never = await grid.createTwin({ type: 'ed25519' });
    const client = await startPeer(user, { sessionId: 'sess-d' });
    const before = grid.relay.stats().expired;
    await expect(client.call(never.id, 'echo', null, { timeoutMs: 10_000 })).rejects.toThrow(/expired in the relay queue/);
    expect(grid.relay.stats().expired).toBe(before + 1);
  });
});

describe('protocol rules on a raw connection', () => {
  const envelope = (twin: Twin, extra: Partial<Envelope>): Uint8Array => encodeEnvelope(signEnvelope({
    uid: 'u1', timestamp: Math.floor(Date.now() / 1000), expiration: 60, source: { twin: twin.id, connection: 'raw' },
    destination: { twin: node.id }, message: { kind: 'request', command: 'x' }, relays: [], ...extra,
  }, twin.identity));

  it('answers a ping with a pong to the sender, "hello world" appended', async () => {
    const { ws } = await rawConnect(createJwt(user.identity, { sid: 'raw' }));
    ws!.send(envelope(user, { uid: 'p1', destination: { twin: 0 }, message: { kind: 'ping' } }));
    const pong = await nextEnvelope(ws!);
    expect(pong).toMatchObject({ uid: 'p1', message: { kind: 'pong' }, destination: { twin: user.id, connection: 'raw' } });
    expect(Buffer.from(pong.payload!.data).toString()).toBe('hello world');
    ws!.close();
  });

  it('refuses envelopes with a source other than the connection', async () => {
    const { ws } = await rawConnect(createJwt(user.identity, { sid: 'raw' }));
    ws!.send(envelope(user, { uid: 'w1', source: { twin: user.id, connection: 'other' } }));
    expect(await nextEnvelope(ws!)).toMatchObject({ uid: 'w1', message: { kind: 'error', message: 'message wrong source' } });
    ws!.close();
  });

  it('closes on text frames, undecodable envelopes and oversized frames; a new session replaces the old', async () => {
    const token = createJwt(user.identity, { sid: 'raw' });
    for (const [frame, code] of [['hello', 1003], [Buffer.from([0xff, 0xff]), 1007], [Buffer.alloc(70 * 1024), 1009]] as const) {
      const { ws } = await rawConnect(token);
      ws!.send(frame);
      expect((await once(ws!, 'close'))[0]).toBe(code);
    }
    const first = (await rawConnect(token)).ws!;
    const second = (await rawConnect(token)).ws!;
    expect((await once(first, 'close'))[0]).toBe(4000);
    expect(second.readyState).toBe(WebSocket.OPEN);
    second.close();
  });

  it('survives random frames and still routes', async () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const valid = envelope(user, { uid: 'f', destination: { twin: node.id } });
    for (let i = 0; i < 100; i++) {
      const { ws } = await rawConnect(createJwt(user.identity, { sid: `fuzz${i % 5}` }));
      const frame = Buffer.from(valid);
      for (let k = 0; k < 1 + rand(4); k++) frame[rand(frame.length)] = rand(256);
      ws!.send(i % 3 === 0 ? frame.subarray(0, rand(frame.length)) : frame);
      ws!.terminate();
    }
    const res = await fetch(`${grid.relay.url.replace('ws:', 'http:')}/health`);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    const client = await startPeer(user, { sessionId: 'after-fuzz' });
    expect(await client.call(node.id, 'zos.system.version', null)).toEqual({ zos: 'v3.99.0', zinit: 'v0.2.14' });
    expect(grid.relayProblems.filter((p) => p.startsWith('error'))).toEqual([]);
  });

  it('serves stats as /metrics', async () => {
    const text = await (await fetch(`${grid.relay.url.replace('ws:', 'http:')}/metrics`)).text();
    expect(text).toMatch(/^gridbox_relay_connections \d+$/m);
    expect(text).toMatch(/^gridbox_relay_refused_connections \d+$/m);
  });
});
