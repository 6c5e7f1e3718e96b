// Relay tokens: ours are accepted by our verifier and have the client's shape; the client's own newJWT is accepted;
// expired, future, wrongly signed and malformed tokens are refused with a JwtError.
import { describe, expect, it } from 'vitest';
import { JwtError, createJwt, parseJwt, verifyJwt } from '../../../simulator/rmb/jwt';
import { rmbClientModule, testTwin } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
const { Client } = rmbClientModule<any>('client');

describe('JWT', () => {
  it('creates tokens with the client header and claims, verified against the account id', async () => {
    const alice = await testTwin(7, '//Alice', 'sr25519');
    const token = createJwt(alice.identity, { sid: 'abc', nowSecs: 1000 });
    const [h, c] = token.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({ alg: 'RS512', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(c!, 'base64url').toString())).toEqual({ sub: 7, iat: 1000, exp: 2000, sid: 'abc' });
    expect(verifyJwt(token, alice.pair.publicKey, 1500)).toEqual({ sub: 7, iat: 1000, exp: 2000, sid: 'abc' });
    // Zero-OS style: no sid, ed25519 ('e' prefix).
    const node = await testTwin(9, '//Node', 'ed25519');
    const nodeToken = createJwt(node.identity);
    expect(verifyJwt(nodeToken, node.pair.publicKey)).toMatchObject({ sub: 9 });
    expect(verifyJwt(nodeToken, node.pair.publicKey).sid).toBeUndefined();
    expect(Buffer.from(nodeToken.split('.')[2]!, 'base64url')[0]).toBe('e'.charCodeAt(0));
  });

  it("accepts rmb_direct_client's own newJWT", async () => {
    const alice = await testTwin(7, '//Alice', 'sr25519');
    const fake = { twin: { id: 7 }, signer: alice.pair };
    const token: string = Client.prototype.newJWT.call(fake, 'sess1');
    expect(verifyJwt(token, alice.pair.publicKey)).toMatchObject({ sub: 7, sid: 'sess1' });
  });

  it('refuses expired, future, wrongly signed and malformed tokens', async () => {
    const alice = await testTwin(7, '//Alice', 'sr25519');
    const bob = await testTwin(8, '//Bob', 'sr25519');
    const token = createJwt(alice.identity, { nowSecs: 1000, ttlSecs: 10 });
    expect(() => verifyJwt(token, alice.pair.publicKey, 1011)).toThrow(/expired/);
    expect(() => verifyJwt(token, alice.pair.publicKey, 800)).toThrow(/future/);
    expect(() => verifyJwt(token, bob.pair.publicKey, 1005)).toThrow(/signature/);
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 8, iat: 1000, exp: 1010 })).toString('base64url')}.${s}`;
    expect(() => verifyJwt(forged, alice.pair.publicKey, 1005)).toThrow(/signature/);
    for (const bad of ['', 'a.b', 'a.b.c', `${h}.${Buffer.from('{"sub":"x","iat":1,"exp":2}').toString('base64url')}.${s}`,
      `${h}.${Buffer.from('{"sub":0,"iat":1,"exp":2}').toString('base64url')}.${s}`,
      `${h}.${Buffer.from('{"sub":1,"iat":1}').toString('base64url')}.${s}`, `${h}.${h}.${s}.x`]) {
      expect(() => parseJwt(bad)).toThrow(JwtError);
    }
    expect(() => verifyJwt(`${token.slice(0, -4)}`, alice.pair.publicKey, 1005)).toThrow(JwtError);
  });
});
