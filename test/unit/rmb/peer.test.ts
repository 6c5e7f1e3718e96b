// RmbPeer against a bare WebSocket server standing in for the relay: the test plays the other twin by writing and
// reading envelopes on the peer's socket, so every byte the peer sends and accepts is checked.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import {
  decodeEnvelope, encodeEnvelope, jsonPayload, plainJson, signEnvelope, verifyEnvelopeSignature, type Envelope,
} from '../../../simulator/rmb/envelope';
import { verifyJwt } from '../../../simulator/rmb/jwt';
import { RmbCallError, RmbHandlerError, RmbPeer } from '../../../simulator/rmb/peer';
import { mapTwinLookup } from '../../../simulator/rmb/twin-lookup';
import { testTwin, type TestTwin } from './helpers';

interface FakeRelay {
  url: string;
  sockets: WebSocket[];
  tokens: string[];
  next(): Promise<WebSocket>;
  close(): Promise<void>;
}

async function fakeRelay(opts: { autoPong?: boolean } = {}): Promise<FakeRelay> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: opts.autoPong ?? true });
  await once(wss, 'listening');
  const relay: FakeRelay = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    sockets: [],
    tokens: [],
    next: async () => (await once(wss, 'connection'))[0] as WebSocket,
    close: () => new Promise((resolve) => {
      for (const s of relay.sockets) s.terminate();
      wss.close(() => resolve());
    }),
  };
  wss.on('connection', (ws, req) => {
    relay.sockets.push(ws);
    relay.tokens.push(req.url!.slice(req.url!.indexOf('?') + 1));
  });
  return relay;
}

const nextEnvelope = async (ws: WebSocket): Promise<Envelope> => {
  const [data] = await once(ws, 'message');
  return decodeEnvelope(new Uint8Array(data as Buffer));
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function setup(opts: { verify?: boolean; sessionId?: string } = {}): Promise<{
  relay: FakeRelay; peer: RmbPeer; node: TestTwin; user: TestTwin; socket: WebSocket;
}> {
  const node = await testTwin(9, '//Node', 'ed25519');
  const user = await testTwin(7, '//Alice', 'sr25519');
  const relay = await fakeRelay();
  const peer = new RmbPeer({
    relayUrl: relay.url, identity: node.identity, sessionId: opts.sessionId,
    twins: opts.verify === false ? undefined : mapTwinLookup([node.info, user.info]),
    reconnectMinMs: 20, pingIntervalMs: 100,
  });
  cleanup.push(() => relay.close(), () => peer.close());
  const socket = relay.next();
  await peer.start();
  return { relay, peer, node, user, socket: await socket };
}

function userRequest(user: TestTwin, command: string, body: Uint8Array | undefined, extra: Partial<Envelope> = {}): Envelope {
  const env: Envelope = {
    uid: `uid-${command}`, timestamp: Math.floor(Date.now() / 1000), expiration: 60,
    source: { twin: 7, connection: 'sess1' }, destination: { twin: 9 }, message: { kind: 'request', command },
    schema: 'application/json', relays: ['relay.local'], ...extra,
  };
  if (body) env.payload = { kind: 'plain', data: body };
  return signEnvelope(env, user.identity);
}

describe('RmbPeer serving requests', () => {
  it('connects with a JWT in the query and answers with a signed response to the source connection', async () => {
    const { relay, peer, node, user, socket } = await setup();
    expect(peer.connected).toBe(true);
    expect(verifyJwt(relay.tokens[0]!, node.pair.publicKey)).toMatchObject({ sub: 9 });
    expect(verifyJwt(relay.tokens[0]!, node.pair.publicKey).sid).toBeUndefined();
    const seen: unknown[] = [];
    peer.handle('zos.system.version', async (payload, ctx) => {
      seen.push(payload, ctx);
      return { zos: 'v3.99.0', zinit: 'v0.2.14' };
    });
    socket.send(encodeEnvelope(userRequest(user, 'zos.system.version', undefined)));
    const reply = await nextEnvelope(socket);
    expect(reply).toMatchObject({
      uid: 'uid-zos.system.version', source: { twin: 9 }, destination: { twin: 7, connection: 'sess1' },
      message: { kind: 'response' }, schema: 'application/json',
    });
    expect(plainJson(reply)).toEqual({ zos: 'v3.99.0', zinit: 'v0.2.14' });
    expect(verifyEnvelopeSignature(reply, node.pair.publicKey)).toBe(true);
    expect(seen).toEqual([undefined, { uid: 'uid-zos.system.version', command: 'zos.system.version', source: { twin: 7, connection: 'sess1' } }]);
  });

  it('answers null for handlers that return nothing, and error envelopes for what it cannot serve', async () => {
    const { peer, user, socket } = await setup();
    peer.handle('nothing', async () => undefined);
    peer.handle('refuse', async () => { throw new RmbHandlerError('deployment not found', 4); });
    peer.handle('crash', async () => { throw new Error('boom'); });
    const ask = async (command: string, body?: string, extra: Partial<Envelope> = {}): Promise<Envelope> => {
      socket.send(encodeEnvelope(userRequest(user, command, body === undefined ? undefined : new TextEncoder().encode(body), extra)));
      return nextEnvelope(socket);
    };
    expect(plainJson(await ask('nothing', '{}'))).toBeNull();
    expect((await ask('refuse')).message).toEqual({ kind: 'error', code: 4, message: 'deployment not found' });
    expect((await ask('crash')).message).toEqual({ kind: 'error', code: 0, message: 'boom' });
    expect((await ask('zos.nope')).message).toMatchObject({ kind: 'error', message: 'handler not found: zos.nope' });
    expect((await ask('nothing', '{bad')).message).toMatchObject({ kind: 'error', message: 'invalid request payload: not JSON' });
    expect((await ask('nothing', undefined, { schema: 'text/plain' })).message).toMatchObject({ kind: 'error', message: /schema/ });
    // A request whose signature does not match its source twin's account.
    const forged = { ...userRequest(user, 'nothing', undefined), uid: 'changed' };
    socket.send(encodeEnvelope(forged));
    expect((await nextEnvelope(socket)).message).toEqual({ kind: 'error', code: 0, message: 'invalid signature' });
  });

  it('drops garbage frames and keeps serving', async () => {
    const { peer, user, socket } = await setup({ verify: false });
    peer.handle('echo', async (p) => p);
    socket.send(Uint8Array.from([0xff, 0xff, 0xff]));
    socket.send('text frame');
    socket.send(encodeEnvelope(userRequest(user, 'echo', new TextEncoder().encode('[1,2]'))));
    expect(plainJson(await nextEnvelope(socket))).toEqual([1, 2]);
  });
});

describe('RmbPeer calling', () => {
  it('sends a signed request and resolves with the JSON answer; error replies reject with RmbCallError', async () => {
    const { peer, node, user, socket } = await setup({ sessionId: 'node-sid' });
    const answer = async (reply: (req: Envelope) => Envelope): Promise<void> => {
      const req = await nextEnvelope(socket);
      socket.send(encodeEnvelope(reply(req)));
    };
    const respond = (req: Envelope, extra: Partial<Envelope>): Envelope => signEnvelope({
      uid: req.uid, timestamp: req.timestamp, expiration: 60, source: { twin: 7 }, destination: req.source,
      schema: 'application/json', relays: [], message: { kind: 'response' }, ...extra,
    }, user.identity);

    const ok = peer.call(7, 'echo', { x: 1 });
    await answer((req) => {
      expect(req).toMatchObject({ source: { twin: 9, connection: 'node-sid' }, destination: { twin: 7 }, message: { kind: 'request', command: 'echo' } });
      expect(plainJson(req)).toEqual({ x: 1 });
      expect(verifyEnvelopeSignature(req, node.pair.publicKey)).toBe(true);
      return respond(req, { payload: jsonPayload({ y: 2 }) });
    });
    expect(await ok).toEqual({ y: 2 });

    const failing = peer.call(7, 'echo', null);
    await answer((req) => respond(req, { message: { kind: 'error', code: 3, message: 'nope' } }));
    await expect(failing).rejects.toEqual(new RmbCallError('nope', 3));

    // The relay's own error envelope (no source, unsigned) is accepted.
    const unroutable = peer.call(7, 'echo', null);
    await answer((req) => ({ uid: req.uid, timestamp: 1, expiration: 300, destination: req.source, relays: [],
      message: { kind: 'error', code: 0, message: 'relay info is not set for this twin' } }));
    await expect(unroutable).rejects.toThrow('relay info is not set for this twin');
  });

  it('ignores replies with a bad signature and times out', async () => {
    const { peer, node, socket } = await setup();
    await expect(peer.call(7, 'echo', () => 1)).rejects.toThrow('a function has no JSON form');
    const call = peer.call(7, 'echo', null, { timeoutMs: 300 });
    const req = await nextEnvelope(socket);
    // Signed by the wrong key (the node's own, not twin 7's).
    socket.send(encodeEnvelope(signEnvelope({ uid: req.uid, timestamp: 1, expiration: 60, source: { twin: 7 },
      destination: req.source, message: { kind: 'response' }, payload: jsonPayload(1), relays: [] }, node.identity)));
    await expect(call).rejects.toThrow(/no answer from twin 7/);
  });

  it('refuses to call while disconnected', async () => {
    const { peer, relay } = await setup();
    await peer.close();
    await expect(peer.call(7, 'x', null)).rejects.toThrow('not connected');
    expect(relay.sockets).toHaveLength(1);
  });
});

describe('RmbPeer connection', () => {
  it('sends WebSocket pings and reconnects with a fresh token when the relay drops it', async () => {
    const { peer, relay, socket } = await setup();
    const events: string[] = [];
    peer.on('connected', () => events.push('connected'));
    peer.on('disconnected', () => events.push('disconnected'));
    await once(socket, 'ping');
    const again = relay.next();
    socket.terminate();
    await again;
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(['disconnected', 'connected']);
    expect(peer.connected).toBe(true);
    expect(relay.tokens).toHaveLength(2);
  });

  it('drops a connection whose relay stops answering pings, and connects again', async () => {
    const node = await testTwin(9, '//Node', 'ed25519');
    const relay = await fakeRelay({ autoPong: false });
    const peer = new RmbPeer({ relayUrl: relay.url, identity: node.identity, reconnectMinMs: 20, pingIntervalMs: 50 });
    cleanup.push(() => relay.close(), () => peer.close());
    const first = relay.next();
    await peer.start();
    const again = relay.next();
    await first;
    await again;
    expect(relay.tokens.length).toBeGreaterThanOrEqual(2);
  });
});
