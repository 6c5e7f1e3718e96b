/**
 * The relay's connection token (rmb-rs `src/token`, JS `Client.newJWT`): `b64url(header).b64url(claims).b64url(sig)`
 * with header `{"alg":"RS512","typ":"JWT"}` (a fixed label), claims `{sub, iat, exp, sid?}` and an RMB prefixed
 * signature over the ASCII of the first two parts.
 */
import { signPrefixed, verifyPrefixed, type RmbIdentity } from './identity';

export interface JwtClaims {
  /** twin id */
  sub: number;
  iat: number;
  exp: number;
  sid?: string;
}

export class JwtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwtError';
  }
}

const HEADER = { alg: 'RS512', typ: 'JWT' };
/** How far `iat` may be ahead of this clock: peers' clocks drift a little. */
const MAX_CLOCK_AHEAD_SECS = 60;
const MAX_SID_LENGTH = 128;

const b64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

export function createJwt(identity: RmbIdentity, opts: { sid?: string; ttlSecs?: number; nowSecs?: number } = {}): string {
  const iat = opts.nowSecs ?? Math.ceil(Date.now() / 1000);
  const claims: JwtClaims = { sub: identity.twinId, iat, exp: iat + (opts.ttlSecs ?? 1000) };
  if (opts.sid !== undefined) claims.sid = opts.sid;
  const signed = `${b64url(JSON.stringify(HEADER))}.${b64url(JSON.stringify(claims))}`;
  return `${signed}.${b64url(signPrefixed(identity, new TextEncoder().encode(signed)))}`;
}

/** Parses a token's claims without checking its signature (the relay needs `sub` to find the key). */
export function parseJwt(token: string): { claims: JwtClaims; signed: string; signature: Uint8Array } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('malformed token: expected three dot-separated parts');
  const [h, c, s] = parts as [string, string, string];
  let header: unknown;
  let raw: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    raw = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed token: header or claims are not base64url JSON');
  }
  if (typeof header !== 'object' || header === null || (header as { typ?: unknown }).typ !== 'JWT') {
    throw new JwtError('malformed token: header is not a JWT header');
  }
  const claims = raw as Record<string, unknown>;
  const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (typeof claims !== 'object' || claims === null || !isUint(claims.sub) || claims.sub === 0 || claims.sub > 0xffffffff) {
    throw new JwtError('malformed token: sub must be a twin id');
  }
  if (!isUint(claims.iat) || !isUint(claims.exp)) throw new JwtError('malformed token: iat and exp must be unix seconds');
  if (claims.sid !== undefined && claims.sid !== null &&
      (typeof claims.sid !== 'string' || claims.sid.length > MAX_SID_LENGTH)) {
    throw new JwtError('malformed token: sid must be a short string');
  }
  const out: JwtClaims = { sub: claims.sub, iat: claims.iat, exp: claims.exp };
  if (typeof claims.sid === 'string' && claims.sid !== '') out.sid = claims.sid;
  return { claims: out, signed: `${h}.${c}`, signature: new Uint8Array(Buffer.from(s, 'base64url')) };
}

/** Checks time and signature against the twin's account id; returns the claims or throws JwtError. */
export function verifyJwt(token: string, accountId: Uint8Array, nowSecs = Math.floor(Date.now() / 1000)): JwtClaims {
  const { claims, signed, signature } = parseJwt(token);
  if (nowSecs > claims.exp) throw new JwtError('token expired');
  if (claims.iat > nowSecs + MAX_CLOCK_AHEAD_SECS) throw new JwtError('token issued in the future');
  if (!verifyPrefixed(new TextEncoder().encode(signed), signature, accountId)) {
    throw new JwtError('invalid token signature');
  }
  return claims;
}
