// TfgridModule's validation rules as pure functions, for the call implementations (and the UI) to share.
//
// Sources: shared/spec/tfchain.md §3.1 and shared/spec/tfchain-types.md ("Input validation bounds"). Where the spec
// summarises a rule loosely, the behaviour follows the v2.7 pallet it was written from (tfchain commit 33046d68:
// pallet-tfgrid/src/{farm,node,twin,terms_cond,interface,pricing}.rs, support/src/{types,resources}.rs and the
// `valip` 0.4 crate it uses for IP parsing); each such point says so.
//
// Conventions:
// - Byte-string inputs are `Uint8Array | string | number[]`; a string is UTF-8 text (the scale.ts convention). Lengths
//   are counted in bytes, as on chain.
// - A rule returns `{ ok: true, … }` or `{ ok: false, error }` where `error` is the name of the TfgridModule error
//   (pallets/tfgrid.ts) the real pallet raises. Where several checks apply they run in the pallet's order, so the
//   first failure is the one the chain reports.
// - Several inputs are `BoundedVec`s on chain: an over-long value is rejected while the extrinsic is decoded, before
//   the pallet runs (an invalid transaction, not a module error). Those bounds are in `INPUT_BOUNDS`; rules only
//   check a maximum where the pallet itself has an error for it.
import { stringToU8a, u8aToHex } from '@polkadot/util';

// ---- shared plumbing (also used by smart-contract-rules / smart-contract-billing) ---------------------------------

export type ByteInput = Uint8Array | string | readonly number[];
export type IntLike = bigint | number;

export type Fail<E extends string> = { readonly ok: false; readonly error: E };
export type Ok<T extends object = object> = { readonly ok: true } & T;
export type Check<E extends string, T extends object = object> = Ok<T> | Fail<E>;

export const OK: Ok = Object.freeze({ ok: true as const });
export const fail = <E extends string>(error: E): Fail<E> => ({ ok: false, error });

export function toBytes(input: ByteInput): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string') return stringToU8a(input);
  return Uint8Array.from(input);
}

export const big = (n: IntLike): bigint => (typeof n === 'bigint' ? n : BigInt(n));

export function bytesEqual(a: ByteInput, b: ByteInput): boolean {
  const x = toBytes(a);
  const y = toBytes(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Hex form of a byte string, handy as a map key for byte-keyed storage. */
export const bytesKey = (b: ByteInput): string => u8aToHex(toBytes(b));

/** The first failing `[condition, error]` pair (conditions are "this is wrong"), in order; else ok. */
export function firstError<E extends string>(checks: ReadonlyArray<readonly [boolean, E]>): Check<E> {
  for (const [wrong, error] of checks) if (wrong) return fail(error);
  return OK;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isAlnum = (c: number) => isDigit(c) || isLower(c) || isUpper(c);
const hexValue = (c: number): number =>
  isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
const every = (b: Uint8Array, pred: (c: number) => boolean) => b.every(pred);
const inSet = (chars: string) => {
  const set = new Set(Array.from(chars, (ch) => ch.charCodeAt(0)));
  return (c: number) => set.has(c);
};
const dashUnderscore = inSet('-_');

// ---- limits -------------------------------------------------------------------------------------------------------

export const GIB = 1024n ** 3n;

/** Bounds enforced when the call is decoded (BoundedVec inputs); exceeding one makes the extrinsic undecodable. */
export const INPUT_BOUNDS = Object.freeze({
  farmName: 40, // MaxFarmNameLength
  farmPublicIps: 512, // MaxFarmPublicIps (create_farm input)
  ip4: 18,
  gw4: 15,
  ip6: 43,
  gw6: 39,
  domain: 128,
  relay: 1024, // MAX_RELAY_LENGTH
  pk: 128, // MAX_PK_LENGTH
  interfaces: 10, // MaxInterfacesLength
  interfaceIps: 10, // MaxInterfaceIpsLength
  interfaceName: 20,
  interfaceMac: 17,
  interfaceIp: 42,
  city: 58,
  country: 56,
  latitude: 50,
  longitude: 50,
  serialNumber: 128,
  documentLink: 2048,
  documentHash: 50,
});

export const FARM_NAME_MIN = 3;
export const FARM_NAME_MAX = 40;
/** The stored `Farm.public_ips` list is a BoundedVec of 256 (support/src/types.rs); pushing past it fails. */
export const MAX_STORED_FARM_PUBLIC_IPS = 256;
export const MIN_NODE_SRU = 100n * GIB;
export const MIN_NODE_MRU = 2n * GIB;
export const MIN_NODE_CRU = 1n;
export const TIMESTAMP_HINT_DRIFT = 60n;

// ---- terms and conditions (§3.1.1) --------------------------------------------------------------------------------

export type TermsError =
  | 'DocumentLinkInputTooShort' | 'DocumentLinkInputTooLong' | 'InvalidDocumentLinkInput'
  | 'DocumentHashInputTooShort' | 'DocumentHashInputTooLong' | 'InvalidDocumentHashInput';

// RFC 3986 unreserved + reserved characters, without '%' (terms_cond.rs accepts no percent-encoding).
const isLinkChar = (c: number) => isAlnum(c) || inSet("-._~:/?#[]@!$&'()*+,;=")(c);
const isHashChar = (c: number) => isAlnum(c) || dashUnderscore(c);

/** `user_accept_tc`: link 1..=2048 bytes of the URI character set, hash 1..=50 bytes of `[A-Za-z0-9_-]`. */
export function checkTermsAndConditions(documentLink: ByteInput, documentHash: ByteInput): Check<TermsError> {
  const link = toBytes(documentLink);
  const hash = toBytes(documentHash);
  return firstError<TermsError>([
    [link.length < 1, 'DocumentLinkInputTooShort'],
    [link.length > INPUT_BOUNDS.documentLink, 'DocumentLinkInputTooLong'],
    [!every(link, isLinkChar), 'InvalidDocumentLinkInput'],
    [hash.length < 1, 'DocumentHashInputTooShort'],
    [hash.length > INPUT_BOUNDS.documentHash, 'DocumentHashInputTooLong'],
    [!every(hash, isHashChar), 'InvalidDocumentHashInput'],
  ]);
}

// ---- twins (§3.1.1) -----------------------------------------------------------------------------------------------

/**
 * Relay hostname rule of `create_twin` / `update_twin` (twin.rs `validate_relay_address`): non-empty, no trailing
 * dot, only `[A-Za-z0-9_-]` and dots, no leading dot and no empty label. The pallet tracks the previous dot starting
 * from index 0, so a dot at index 1 also counts as an "empty label": a relay whose first label is one character long
 * (`a.example.com`) is refused. That quirk is reproduced here because the real chain refuses it too.
 */
export function isValidRelay(relay: ByteInput): boolean {
  const b = toBytes(relay);
  if (b.length === 0 || b[b.length - 1] === 0x2e) return false;
  let prevDot = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x2e) {
      if (i === 0 || i - prevDot === 1) return false;
      prevDot = i;
    } else if (!(isAlnum(c) || dashUnderscore(c))) {
      return false;
    }
  }
  return true;
}

export type TwinError = 'UserDidNotSignTermsAndConditions' | 'TwinWithPubkeyExists' | 'InvalidRelayAddress'
  | 'TwinNotExists' | 'UnauthorizedToUpdateTwin' | 'TwinCannotBoundToItself';

/** `relay: Option<Bytes>`: `None` is always fine; `Some` must pass `isValidRelay`. */
export function checkRelay(relay: ByteInput | null | undefined): Check<'InvalidRelayAddress'> {
  return relay == null || isValidRelay(relay) ? OK : fail('InvalidRelayAddress');
}

/** `create_twin` checks, in order: accepted T&C, no twin yet for the account, relay. `pk` is opaque (≤ 128 bytes at decode). */
export function checkCreateTwin(p: { hasAcceptedTerms: boolean; hasTwin: boolean; relay: ByteInput | null | undefined }):
Check<TwinError> {
  if (!p.hasAcceptedTerms) return fail('UserDidNotSignTermsAndConditions');
  if (p.hasTwin) return fail('TwinWithPubkeyExists');
  return checkRelay(p.relay);
}

/** `update_twin`: the signer's twin must exist and belong to it; then the relay rule. Both fields are overwritten. */
export function checkUpdateTwin(p: { twinExists: boolean; signerOwnsTwin: boolean; relay: ByteInput | null | undefined }):
Check<TwinError> {
  if (!p.twinExists) return fail('TwinNotExists');
  if (!p.signerOwnsTwin) return fail('UnauthorizedToUpdateTwin');
  return checkRelay(p.relay);
}

/** `bond_twin_account`: the twin must exist and the signer must not be the twin's own account. */
export function checkBondTwinAccount(p: { twinAccount: ByteInput | null; signer: ByteInput }): Check<TwinError> {
  if (p.twinAccount == null) return fail('TwinNotExists');
  return bytesEqual(p.twinAccount, p.signer) ? fail('TwinCannotBoundToItself') : OK;
}

// ---- farm names (§3.1.2) ------------------------------------------------------------------------------------------

export type FarmNameError = 'FarmNameTooShort' | 'FarmNameTooLong' | 'InvalidFarmName';

/** 3..=40 bytes of `[A-Za-z0-9_-]` (farm.rs `FarmName::try_from`). */
export function checkFarmName(name: ByteInput): Check<FarmNameError> {
  const b = toBytes(name);
  return firstError<FarmNameError>([
    [b.length < FARM_NAME_MIN, 'FarmNameTooShort'],
    [b.length > FARM_NAME_MAX, 'FarmNameTooLong'],
    [!every(b, (c) => isAlnum(c) || dashUnderscore(c)), 'InvalidFarmName'],
  ]);
}

/**
 * `create_farm` name handling. `farmIdWithName` is `FarmIdByName[name]` (0 = free). The pallet checks uniqueness
 * before validity, so a taken name reports `FarmExists` even if it would also be invalid.
 */
export function checkCreateFarmName(name: ByteInput, farmIdWithName: number): Check<FarmNameError | 'FarmExists'> {
  if (farmIdWithName !== 0) return fail('FarmExists');
  return checkFarmName(name);
}

/**
 * `update_farm` name handling: validity first, then `FarmIdByName[name]`: 0 → rename (`changed: true`); the farm's own
 * id → nothing to do (the pallet returns Ok without writing or emitting `FarmUpdated`); another farm → `InvalidFarmName`.
 */
export function checkUpdateFarmName(name: ByteInput, farmId: number, farmIdWithName: number):
Check<FarmNameError, { changed: boolean }> {
  const valid = checkFarmName(name);
  if (!valid.ok) return valid;
  if (farmIdWithName === 0) return { ok: true, changed: true };
  if (farmIdWithName === farmId) return { ok: true, changed: false };
  return fail('InvalidFarmName');
}

// ---- IPv4 / IPv6 parsing (valip 0.4 semantics) -------------------------------------------------------------------

/** Parses a dotted-quad IPv4 address as valip does: 7..=15 bytes, four decimal octets ≤ 255, no leading zeros. */
export function parseIPv4(input: ByteInput): number | null {
  const b = toBytes(input);
  if (b.length < 7 || b.length > 15) return null;
  const octets: number[] = [];
  let acc = -1; // -1: no digit yet in the current octet
  for (const c of b) {
    if (isDigit(c)) {
      if (acc === 0) return null; // a digit after a leading "0"
      acc = (acc < 0 ? 0 : acc * 10) + (c - 0x30);
      if (acc > 255) return null;
    } else if (c === 0x2e) {
      if (acc < 0) return null;
      octets.push(acc);
      acc = -1;
      if (octets.length > 3) return null;
    } else {
      return null;
    }
  }
  if (acc < 0 || octets.length !== 3) return null;
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | acc) >>> 0;
}

export interface Cidr<T> { readonly ip: T; readonly mask: number }

function parseMask(b: Uint8Array, maxDigits: number, maxMask: number): number | null {
  if (b.length === 0 || b.length > maxDigits || !every(b, isDigit)) return null;
  const mask = Number(new TextDecoder().decode(b));
  if (mask > maxMask) return null;
  if (mask === 0 && b.length > 1) return null; // "00" is refused, "01" is not (valip)
  return mask;
}

function splitCidr(b: Uint8Array): [Uint8Array, Uint8Array] | null {
  const slash = b.indexOf(0x2f);
  return slash < 0 ? null : [b.subarray(0, slash), b.subarray(slash + 1)];
}

/** `a.b.c.d/m` with the address kept as written (not masked to the network): ≤ 18 bytes, mask 0..=32. */
export function parseIPv4Cidr(input: ByteInput): Cidr<number> | null {
  const b = toBytes(input);
  if (b.length > INPUT_BOUNDS.ip4) return null;
  const parts = splitCidr(b);
  if (!parts) return null;
  const ip = parseIPv4(parts[0]);
  const mask = parseMask(parts[1], 2, 32);
  return ip === null || mask === null ? null : { ip, mask };
}

const ipv4Mask = (mask: number) => (mask === 0 ? 0 : (0xffffffff << (32 - mask)) >>> 0);
export const ipv4InCidr = (cidr: Cidr<number>, ip: number) =>
  ((ip & ipv4Mask(cidr.mask)) >>> 0) === ((cidr.ip & ipv4Mask(cidr.mask)) >>> 0);

// valip's "private" IPv4 ranges; everything else counts as public (multicast is excluded by the unicast check).
const PRIVATE_IPV4: ReadonlyArray<Cidr<number>> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['255.255.255.255', 32],
].map(([ip, mask]) => ({ ip: parseIPv4(ip as string)!, mask: mask as number }));

export const isPublicIPv4 = (ip: number) => !PRIVATE_IPV4.some((net) => ipv4InCidr(net, ip));
/** 224.0.0.0/4 (multicast) and 240.0.0.0/4 (reserved) are not unicast. */
export const isUnicastIPv4 = (ip: number) => ip >>> 24 < 224;

/** Parses an IPv6 address in RFC 4291 text form (one optional `::`, groups of 1–4 hex digits); no embedded IPv4. */
export function parseIPv6(input: ByteInput): bigint | null {
  const b = toBytes(input);
  if (b.length < 2 || b.length > 39) return null;
  if (!every(b, (c) => c === 0x3a || hexValue(c) >= 0)) return null;
  const text = new TextDecoder().decode(b);
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  let head: string[];
  let tail: string[];
  if (gap >= 0) {
    head = groups(text.slice(0, gap));
    tail = groups(text.slice(gap + 2));
    if (head.length + tail.length > 7) return null; // "::" stands for at least one group
  } else {
    head = text.split(':');
    tail = [];
    if (head.length !== 8) return null;
  }
  if ([...head, ...tail].some((g) => g.length < 1 || g.length > 4)) return null;
  const all = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `addr/m`: ≤ 43 bytes, mask 0..=128 (at most 3 digits, "00" refused). */
export function parseIPv6Cidr(input: ByteInput): Cidr<bigint> | null {
  const b = toBytes(input);
  if (b.length > INPUT_BOUNDS.ip6) return null;
  const parts = splitCidr(b);
  if (!parts) return null;
  const ip = parseIPv6(parts[0]);
  const mask = parseMask(parts[1], 3, 128);
  return ip === null || mask === null ? null : { ip, mask };
}

const ALL128 = (1n << 128n) - 1n;
// valip maps mask 0 to an all-ones bitmask (a /128), not to "match everything"; kept for the same verdicts.
const ipv6Mask = (mask: number) => (mask === 0 ? ALL128 : (ALL128 << BigInt(128 - mask)) & ALL128);
export const ipv6InCidr = (cidr: Cidr<bigint>, ip: bigint) =>
  (ip & ipv6Mask(cidr.mask)) === (cidr.ip & ipv6Mask(cidr.mask));

/** valip's private IPv6 ranges: 100::/64 (discard), fc00::/7 (ULA), fe80::/10 (link-local). */
export const isPublicIPv6 = (ip: bigint) =>
  ip >> 64n !== 0x0100_0000_0000_0000n && ip >> 121n !== 0x7en && ip >> 118n !== 0x3fan;
export const isUnicastIPv6 = (ip: bigint) => ip >> 120n !== 0xffn;

// ---- public IPs and public config (§3.1.2, §3.1.3) ----------------------------------------------------------------

/** Why an IP pair is invalid (support/src/types.rs `PublicIpError`); the pallet maps all of them to one error. */
export type PublicIpReason = 'InvalidIp4' | 'InvalidGw4' | 'InvalidIp6' | 'InvalidGw6' | 'InvalidPublicIp' | 'InvalidDomain';
export type IpPairCheck = { ok: true } | { ok: false; reason: PublicIpReason };

/**
 * `IP4::is_valid`: `ip` a CIDR, `gw` an address; both public and unicast; `gw` inside the CIDR and different from the
 * address written in the CIDR. (The spec's "gw ≠ network address" comes from valip's `as_prefix()`, which returns
 * the address as written, not the masked network: `185.206.122.33/24` with gw `185.206.122.0` is accepted by the
 * chain, gw `185.206.122.33` is not. This follows the chain.)
 */
export function checkIp4Pair(ip: ByteInput, gw: ByteInput): IpPairCheck {
  const g = parseIPv4(gw);
  if (g === null) return { ok: false, reason: 'InvalidGw4' };
  const c = parseIPv4Cidr(ip);
  if (c === null) return { ok: false, reason: 'InvalidIp4' };
  const bad = c.ip === g || !isPublicIPv4(g) || !isUnicastIPv4(g) || !isPublicIPv4(c.ip) || !isUnicastIPv4(c.ip)
    || !ipv4InCidr(c, g);
  return bad ? { ok: false, reason: 'InvalidPublicIp' } : { ok: true };
}

/** `IP6::is_valid`: the same rules for IPv6. */
export function checkIp6Pair(ip: ByteInput, gw: ByteInput): IpPairCheck {
  const g = parseIPv6(gw);
  if (g === null) return { ok: false, reason: 'InvalidGw6' };
  const c = parseIPv6Cidr(ip);
  if (c === null) return { ok: false, reason: 'InvalidIp6' };
  const bad = c.ip === g || !isPublicIPv6(g) || !isUnicastIPv6(g) || !isPublicIPv6(c.ip) || !isUnicastIPv6(c.ip)
    || !ipv6InCidr(c, g);
  return bad ? { ok: false, reason: 'InvalidPublicIp' } : { ok: true };
}

/** Public-config domain: only `[A-Za-z0-9.-]` (no label or length rules; ≤ 128 bytes at decode). */
export const isValidDomain = (domain: ByteInput) => every(toBytes(domain), (c) => isAlnum(c) || c === 0x2d || c === 0x2e);

export interface IpPairInput { readonly ip: ByteInput; readonly gw: ByteInput }
export interface PublicConfigInput {
  readonly ip4: IpPairInput;
  readonly ip6?: IpPairInput | null;
  readonly domain?: ByteInput | null;
}

/**
 * `add_node_public_config` validation (`PublicConfig::is_valid`): domain, then ip4, then ip6. The pallet reports every
 * failure as `InvalidPublicConfig` (the `IP4TooShort`… errors are declared but never raised); `reason` says which part
 * failed, for the UI.
 */
export function checkPublicConfig(config: PublicConfigInput):
  { ok: true } | { ok: false; error: 'InvalidPublicConfig'; reason: PublicIpReason } {
  const wrap = (r: IpPairCheck) => (r.ok ? OK : { ok: false as const, error: 'InvalidPublicConfig' as const, reason: r.reason });
  if (config.domain != null && !isValidDomain(config.domain)) return wrap({ ok: false, reason: 'InvalidDomain' });
  const v4 = checkIp4Pair(config.ip4.ip, config.ip4.gw);
  if (!v4.ok) return wrap(v4);
  return config.ip6 != null ? wrap(checkIp6Pair(config.ip6.ip, config.ip6.gw)) : OK;
}

/** A farm's stored public IP (`PublicIP`): `contract_id` 0 means free. */
export interface FarmPublicIp {
  readonly ip: ByteInput;
  readonly gateway: ByteInput;
  readonly contract_id: IntLike;
}

export type FarmIpError = 'InvalidPublicIP' | 'IpExists' | 'IpNotExists';

/** One farm IP pair (`create_farm`, `add_farm_ip`): every `IP4::is_valid` failure is `InvalidPublicIP`. */
export const checkFarmPublicIp = (ip: ByteInput, gw: ByteInput): Check<'InvalidPublicIP'> =>
  (checkIp4Pair(ip, gw).ok ? OK : fail('InvalidPublicIP'));

/**
 * `create_farm`'s public IP list, in input order: each pair is validated, then compared with the entries accepted so
 * far, then pushed. The duplicate test compares the whole entry (ip **and** gateway), as farm.rs `get_public_ips`
 * does, so the same ip with another gateway is not a duplicate here (unlike `add_farm_ip`). The 257th entry fails with
 * `InvalidPublicIP` (stored list bound). Returns the list to store.
 */
export function checkCreateFarmPublicIps(list: readonly IpPairInput[]): Check<FarmIpError, { publicIps: FarmPublicIp[] }> {
  const out: FarmPublicIp[] = [];
  for (const { ip, gw } of list) {
    if (!checkFarmPublicIp(ip, gw).ok) return fail('InvalidPublicIP');
    if (out.some((p) => bytesEqual(p.ip, ip) && bytesEqual(p.gateway, gw))) return fail('IpExists');
    if (out.length >= MAX_STORED_FARM_PUBLIC_IPS) return fail('InvalidPublicIP');
    out.push({ ip: toBytes(ip), gateway: toBytes(gw), contract_id: 0n });
  }
  return { ok: true, publicIps: out };
}

/** `add_farm_ip`: valid pair, no existing entry with the same `ip` (gateway ignored), room in the stored list. */
export function checkAddFarmIp(existing: readonly FarmPublicIp[], ip: ByteInput, gw: ByteInput):
Check<FarmIpError, { entry: FarmPublicIp }> {
  if (!checkFarmPublicIp(ip, gw).ok) return fail('InvalidPublicIP');
  if (existing.some((p) => bytesEqual(p.ip, ip))) return fail('IpExists');
  if (existing.length >= MAX_STORED_FARM_PUBLIC_IPS) return fail('InvalidPublicIP');
  return { ok: true, entry: { ip: toBytes(ip), gateway: toBytes(gw), contract_id: 0n } };
}

/** `remove_farm_ip`: only a free entry (`contract_id == 0`) can go; a reserved one reads as `IpNotExists`. */
export function checkRemoveFarmIp(existing: readonly FarmPublicIp[], ip: ByteInput): Check<FarmIpError, { index: number }> {
  const index = existing.findIndex((p) => bytesEqual(p.ip, ip) && big(p.contract_id) === 0n);
  return index < 0 ? fail('IpNotExists') : { ok: true, index };
}

/** `force_reset_farm_ip` (admin): finds the entry by ip whatever its contract, to set `contract_id = 0`. */
export function checkForceResetFarmIp(existing: readonly FarmPublicIp[], ip: ByteInput): Check<FarmIpError, { index: number }> {
  const index = existing.findIndex((p) => bytesEqual(p.ip, ip));
  return index < 0 ? fail('IpNotExists') : { ok: true, index };
}

// ---- payout address (§3.1.2) - UI only ----------------------------------------------------------------------------

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** StrKey version byte of an ed25519 account id (6 << 3), which makes the text start with 'G'. */
export const STELLAR_ACCOUNT_VERSION = 6 << 3;

/** CRC16-XModem (poly 0x1021, init 0), the StrKey checksum. */
export function crc16Xmodem(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The 32-byte ed25519 key of a Stellar account address (`G…`, 56 chars), or null if it is not one. */
export function decodeStellarAddress(address: string): Uint8Array | null {
  if (address.length !== 56) return null;
  const bytes = new Uint8Array(35);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (const ch of address) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (acc >> bits) & 0xff;
    }
  }
  // 56 × 5 = 280 bits = 35 bytes exactly, so nothing is left over.
  if (bytes[0] !== STELLAR_ACCOUNT_VERSION) return null;
  const crc = crc16Xmodem(bytes.subarray(0, 33));
  if (bytes[33] !== (crc & 0xff) || bytes[34] !== crc >> 8) return null;
  return bytes.slice(1, 33);
}

/** Encodes a 32-byte ed25519 public key as a Stellar account address. */
export function encodeStellarAddress(key: Uint8Array): string {
  if (key.length !== 32) throw new Error('a Stellar account key is 32 bytes');
  const raw = new Uint8Array(35);
  raw[0] = STELLAR_ACCOUNT_VERSION;
  raw.set(key, 1);
  const crc = crc16Xmodem(raw.subarray(0, 33));
  raw[33] = crc & 0xff;
  raw[34] = crc >> 8;
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of raw) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/**
 * UI-only: whether a payout address is a valid Stellar account StrKey. The chain stores
 * `add_stellar_payout_v2address` input unvalidated (§3.1.2), so the call implementation must NOT use this.
 */
export const isValidStellarAddress = (address: ByteInput): boolean =>
  decodeStellarAddress(new TextDecoder().decode(toBytes(address))) !== null;

// ---- node input: resources, location, interfaces, serial (§3.1.3) -------------------------------------------------

export interface ResourcesInput { readonly hru: IntLike; readonly sru: IntLike; readonly cru: IntLike; readonly mru: IntLike }

export type ResourcesError = 'InvalidHRUInput' | 'InvalidSRUInput' | 'InvalidCRUInput' | 'InvalidMRUInput';

/** Minimums in the pallet's order: hru (none), sru ≥ 100 GiB, cru ≥ 1, mru ≥ 2 GiB (sizes in bytes). */
export function checkNodeResources(r: ResourcesInput): Check<ResourcesError> {
  return firstError<ResourcesError>([
    [big(r.sru) < MIN_NODE_SRU, 'InvalidSRUInput'],
    [big(r.cru) < MIN_NODE_CRU, 'InvalidCRUInput'],
    [big(r.mru) < MIN_NODE_MRU, 'InvalidMRUInput'],
  ]);
}

/**
 * `Resources::has_changed(before, after, tolerance)`: true when any of cru/sru/hru/mru moved by more than
 * `tolerance`% of its old value (`Percent * u64` rounds to nearest, ties down). `update_node` uses 1% to decide
 * whether a Certified node falls back to Diy.
 */
export function resourcesChanged(before: ResourcesInput, after: ResourcesInput, tolerancePercent = 1): boolean {
  const moved = (a: bigint, b: bigint) => {
    const allowed = percentOf(a, BigInt(tolerancePercent));
    return (a > b ? a - b : b - a) > allowed;
  };
  return moved(big(before.cru), big(after.cru)) || moved(big(before.sru), big(after.sru))
    || moved(big(before.hru), big(after.hru)) || moved(big(before.mru), big(after.mru));
}

/** `Percent::from_percent(p) * x` / `Perbill::from_percent(p) * x`: x·p/100 rounded to nearest, ties down. */
export function percentOf(x: bigint, percent: bigint): bigint {
  const p = percent > 100n ? 100n : percent;
  const q = (x * p) / 100n;
  const rem = (x * p) % 100n;
  return rem > 50n ? q + 1n : q;
}

export interface LocationInput {
  readonly city: ByteInput;
  readonly country: ByteInput;
  readonly latitude: ByteInput;
  readonly longitude: ByteInput;
}

export type LocationError =
  | 'CityNameTooShort' | 'CityNameTooLong' | 'CountryNameTooShort' | 'CountryNameTooLong'
  | 'LatitudeInputTooShort' | 'LatitudeInputTooLong' | 'InvalidLatitudeInput'
  | 'LongitudeInputTooShort' | 'LongitudeInputTooLong' | 'InvalidLongitudeInput';

const UNKNOWN = stringToU8a('Unknown');
// Rust's `str::parse::<f32>` grammar for finite decimals; "inf"/"nan" also parse but never fall in range.
const RUST_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses like Rust's `str::parse::<f32>` (value rounded to f32), or null. No surrounding whitespace is allowed. */
export function parseRustF32(input: ByteInput): number | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(toBytes(input));
  } catch {
    return null;
  }
  return RUST_FLOAT.test(text) ? Math.fround(Number(text)) : null;
}

const coordinateOk = (input: Uint8Array, limit: number) => {
  if (bytesEqual(input, UNKNOWN)) return true;
  const v = parseRustF32(input);
  return v !== null && v >= -limit && v <= limit;
};

/**
 * Node location (node.rs `Location::try_from`), in order: city 1..=58 bytes, country 2..=56 bytes (no charset and no
 * country/city lookup: `InvalidCityName`, `InvalidCountryName`, `InvalidCountryCityPair` are declared but unused),
 * latitude 1..=50 bytes parsing as an f32 in [-90, 90] or the literal `Unknown`, longitude likewise in [-180, 180].
 */
export function checkLocation(loc: LocationInput): Check<LocationError> {
  const city = toBytes(loc.city);
  const country = toBytes(loc.country);
  const lat = toBytes(loc.latitude);
  const lon = toBytes(loc.longitude);
  return firstError<LocationError>([
    [city.length < 1, 'CityNameTooShort'],
    [city.length > INPUT_BOUNDS.city, 'CityNameTooLong'],
    [country.length < 2, 'CountryNameTooShort'],
    [country.length > INPUT_BOUNDS.country, 'CountryNameTooLong'],
    [lat.length < 1, 'LatitudeInputTooShort'],
    [lat.length > INPUT_BOUNDS.latitude, 'LatitudeInputTooLong'],
    [!coordinateOk(lat, 90), 'InvalidLatitudeInput'],
    [lon.length < 1, 'LongitudeInputTooShort'],
    [lon.length > INPUT_BOUNDS.longitude, 'LongitudeInputTooLong'],
    [!coordinateOk(lon, 180), 'InvalidLongitudeInput'],
  ]);
}

export interface InterfaceInput {
  readonly name: ByteInput;
  readonly mac: ByteInput;
  readonly ips: readonly ByteInput[];
}

export type InterfaceError =
  | 'InterfaceNameTooShort' | 'InterfaceNameTooLong' | 'InvalidInterfaceName'
  | 'InterfaceMacTooShort' | 'InterfaceMacTooLong' | 'InvalidMacAddress'
  | 'InterfaceIpTooShort' | 'InterfaceIpTooLong' | 'InvalidInterfaceIP';

/** A MAC as valip parses it: six `:`-separated pairs of hex digits (17 bytes). */
export function isValidMac(mac: ByteInput): boolean {
  const b = toBytes(mac);
  if (b.length !== 17) return false;
  const parts = new TextDecoder().decode(b).split(':');
  return parts.length === 6 && parts.every((p) => p.length === 2 && Array.from(p).every((ch) => hexValue(ch.charCodeAt(0)) >= 0));
}

/**
 * Node interfaces (interface.rs), each in order name → mac → ips: name 3..=20 bytes of `[a-z0-9_-]` (lower case
 * only), mac exactly 17 bytes and a valid MAC, each IP 7..=42 bytes and a plain IPv4 or IPv6 address (no prefix
 * length: `10.0.0.2/24` is refused). More than 10 IPs on one interface is `InvalidInterfaceIP`; the number of
 * interfaces (≤ 10) is a decode-time bound.
 */
export function checkInterfaces(interfaces: readonly InterfaceInput[]): Check<InterfaceError> {
  for (const intf of interfaces) {
    const name = toBytes(intf.name);
    const mac = toBytes(intf.mac);
    const r = firstError<InterfaceError>([
      [name.length < 3, 'InterfaceNameTooShort'],
      [name.length > INPUT_BOUNDS.interfaceName, 'InterfaceNameTooLong'],
      [!every(name, (c) => isLower(c) || isDigit(c) || dashUnderscore(c)), 'InvalidInterfaceName'],
      [mac.length < 17, 'InterfaceMacTooShort'],
      [mac.length > 17, 'InterfaceMacTooLong'],
      [!isValidMac(mac), 'InvalidMacAddress'],
    ]);
    if (!r.ok) return r;
    for (const [i, raw] of intf.ips.entries()) {
      const ip = toBytes(raw);
      const e = firstError<InterfaceError>([
        [ip.length < 7, 'InterfaceIpTooShort'],
        [ip.length > INPUT_BOUNDS.interfaceIp, 'InterfaceIpTooLong'],
        [parseIPv4(ip) === null && parseIPv6(ip) === null, 'InvalidInterfaceIP'],
        [i >= INPUT_BOUNDS.interfaceIps, 'InvalidInterfaceIP'],
      ]);
      if (!e.ok) return e;
    }
  }
  return OK;
}

/** Serial number: at most 128 bytes, anything goes (empty included: `SerialNumberTooShort` is never raised). */
export function checkSerialNumber(serial: ByteInput | null | undefined): Check<'SerialNumberTooLong'> {
  return serial != null && toBytes(serial).length > INPUT_BOUNDS.serialNumber ? fail('SerialNumberTooLong') : OK;
}

export interface NodeInput {
  readonly resources: ResourcesInput;
  readonly location: LocationInput;
  readonly interfaces: readonly InterfaceInput[];
  readonly serial_number?: ByteInput | null;
}

export type NodeInputError = ResourcesError | LocationError | InterfaceError | 'SerialNumberTooLong';

/** The input part of `create_node` / `update_node`, in the pallet's order: resources, location, interfaces, serial. */
export function checkNodeInput(input: NodeInput): Check<NodeInputError> {
  for (const r of [
    () => checkNodeResources(input.resources),
    () => checkLocation(input.location),
    () => checkInterfaces(input.interfaces),
    () => checkSerialNumber(input.serial_number),
  ]) {
    const res = r();
    if (!res.ok) return res;
  }
  return OK;
}

export type CreateNodeError = 'FarmNotExists' | 'TwinNotExists' | 'NodeWithTwinIdExists' | NodeInputError;

/**
 * `create_node` before the farming-policy selection: farm exists, signer has a twin, that twin has no node, then the
 * input. There is no farm-ownership check (any twin may register a node into any farm).
 */
export function checkCreateNode(p: { farmExists: boolean; signerTwinId: number | null; twinHasNode: boolean } & NodeInput):
Check<CreateNodeError> {
  const pre = firstError<CreateNodeError>([
    [!p.farmExists, 'FarmNotExists'],
    [p.signerTwinId == null, 'TwinNotExists'],
    [p.twinHasNode, 'NodeWithTwinIdExists'],
  ]);
  return pre.ok ? checkNodeInput(p) : pre;
}

export type UpdateNodeError = 'NodeNotExists' | 'TwinNotExists' | 'NodeUpdateNotAuthorized' | 'FarmNotExists' | NodeInputError;

/** `update_node`: node exists, signer has a twin that owns the node, the (possibly new) farm exists, then the input. */
export function checkUpdateNode(p: {
  nodeTwinId: number | null; signerTwinId: number | null; targetFarmExists: boolean;
} & NodeInput): Check<UpdateNodeError> {
  const pre = firstError<UpdateNodeError>([
    [p.nodeTwinId == null, 'NodeNotExists'],
    [p.signerTwinId == null, 'TwinNotExists'],
    [p.nodeTwinId !== p.signerTwinId, 'NodeUpdateNotAuthorized'],
    [!p.targetFarmExists, 'FarmNotExists'],
  ]);
  return pre.ok ? checkNodeInput(p) : pre;
}

export type NodeCertificationName = 'Diy' | 'Certified';
export type FarmCertificationName = 'NotCertified' | 'Gold';

/**
 * `update_node`'s certification side effect: a Certified node whose resources changed by more than 1% drops to Diy,
 * and the pallet emits `NodeCertificationSet(node_id, Diy)` (before `NodeUpdated`).
 */
export function certificationAfterUpdate(current: NodeCertificationName, before: ResourcesInput, after: ResourcesInput):
  { certification: NodeCertificationName; reset: boolean } {
  const reset = current === 'Certified' && resourcesChanged(before, after, 1);
  return { certification: reset ? 'Diy' : current, reset };
}

// ---- node management (§3.1.3) -------------------------------------------------------------------------------------

export type PublicConfigCallError = 'FarmNotExists' | 'TwinNotExists' | 'CannotUpdateFarmWrongTwin' | 'NodeNotExists'
  | 'NodeUpdateNotAuthorized' | 'InvalidPublicConfig';

/** `add_node_public_config`: farm, farm twin, signer is the farmer, node, node in that farm, then the config (if Some). */
export function checkAddNodePublicConfig(p: {
  farmExists: boolean; farmTwinExists: boolean; signerIsFarmer: boolean; nodeFarmId: number | null; farmId: number;
  config: PublicConfigInput | null;
}): Check<PublicConfigCallError> {
  const pre = firstError<PublicConfigCallError>([
    [!p.farmExists, 'FarmNotExists'],
    [!p.farmTwinExists, 'TwinNotExists'],
    [!p.signerIsFarmer, 'CannotUpdateFarmWrongTwin'],
    [p.nodeFarmId == null, 'NodeNotExists'],
    [p.nodeFarmId !== p.farmId, 'NodeUpdateNotAuthorized'],
  ]);
  if (!pre.ok || p.config == null) return pre;
  const c = checkPublicConfig(p.config);
  return c.ok ? OK : fail(c.error);
}

export type CertifierError = 'NotAllowedToCertifyNode' | 'AlreadyCertifier' | 'NotCertifier';

/** `set_node_certification`: Root/Council, or a signer listed in `AllowedNodeCertifiers`. */
export function checkNodeCertifier(p: { isAdmin: boolean; signer?: ByteInput; certifiers: readonly ByteInput[] | null }):
Check<CertifierError> {
  if (p.isAdmin) return OK;
  const s = p.signer;
  return s !== undefined && (p.certifiers ?? []).some((c) => bytesEqual(c, s)) ? OK : fail('NotAllowedToCertifyNode');
}

const compareBytes = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/** `add_node_certifier`: the list is kept sorted by account bytes; a duplicate is `AlreadyCertifier`. */
export function addNodeCertifier(list: readonly ByteInput[] | null, certifier: ByteInput):
Check<CertifierError, { certifiers: Uint8Array[] }> {
  const all = (list ?? []).map(toBytes);
  const c = toBytes(certifier);
  if (all.some((x) => bytesEqual(x, c))) return fail('AlreadyCertifier');
  return { ok: true, certifiers: [...all, c].sort(compareBytes) };
}

/** `remove_node_certifier`: `NotCertifier` if absent; with no list stored at all the pallet does nothing (Ok). */
export function removeNodeCertifier(list: readonly ByteInput[] | null, certifier: ByteInput):
Check<CertifierError, { certifiers: Uint8Array[] | null }> {
  if (list == null) return { ok: true, certifiers: null };
  const all = list.map(toBytes);
  const i = all.findIndex((x) => bytesEqual(x, certifier));
  if (i < 0) return fail('NotCertifier');
  return { ok: true, certifiers: all.filter((_, j) => j !== i) };
}

/** `set_zos_version` must change the stored value. */
export const checkZosVersion = (current: ByteInput, next: ByteInput): Check<'InvalidZosVersion'> =>
  (bytesEqual(current, next) ? fail('InvalidZosVersion') : OK);

// ---- farming policies (§3.1.5) ------------------------------------------------------------------------------------

export interface FarmingPolicyLike {
  readonly id: number;
  readonly default: boolean;
  readonly node_certification: NodeCertificationName;
  readonly farm_certification: FarmCertificationName;
  readonly policy_created?: IntLike;
  readonly policy_end?: IntLike;
}

export interface FarmingPolicyLimit {
  readonly farming_policy_id: number;
  readonly cu: IntLike | null;
  readonly su: IntLike | null;
  /** Unix seconds. */
  readonly end: IntLike | null;
  readonly node_count: number | null;
  readonly node_certification: boolean;
}

const nodeCertRank = (c: NodeCertificationName) => (c === 'Certified' ? 1 : 0);
const farmCertRank = (c: FarmCertificationName) => (c === 'Gold' ? 1 : 0);

/**
 * FarmingPolicy ordering (types.rs `Ord`): by (default, farm certification, node certification, id). Selection sorts
 * descending, so default policies come first, then more certified ones, then the highest id.
 */
export function compareFarmingPolicies(a: FarmingPolicyLike, b: FarmingPolicyLike): number {
  return Number(a.default) - Number(b.default)
    || farmCertRank(a.farm_certification) - farmCertRank(b.farm_certification)
    || nodeCertRank(a.node_certification) - nodeCertRank(b.node_certification)
    || a.id - b.id;
}

const ranked = <P extends FarmingPolicyLike>(policies: readonly P[]) => [...policies].sort((a, b) => compareFarmingPolicies(b, a));

/** `get_default_farming_policy`: the best-ranked default policy. */
export function defaultFarmingPolicy<P extends FarmingPolicyLike>(policies: readonly P[]): Check<'FarmingPolicyNotExists', { policy: P }> {
  const policy = ranked(policies).find((p) => p.default);
  return policy ? { ok: true, policy } : fail('FarmingPolicyNotExists');
}

/**
 * The farming-policy CU of a node (support/src/resources.rs `get_cu`), used against farm policy limits: it is not the
 * billing CU. Integer formula with the pallet's quirks kept: `mru` (bytes) is multiplied by GiB again, ties give 0,
 * and the u128 → u64 cast truncates.
 */
export function farmingCu(r: ResourcesInput): bigint {
  const cruMin = big(r.cru) * 2n * GIB * 1000n;
  const mru = big(r.mru);
  const mruMin = ((mru > 0n ? mru - 1n : 0n) * GIB * 1000n) / 4n;
  const sruMin = (big(r.sru) * 1000n) / 50n;
  let cu = 0n;
  if (cruMin < mruMin && cruMin < sruMin) cu = cruMin;
  else if (mruMin < cruMin && mruMin < sruMin) cu = mruMin;
  else if (sruMin < cruMin && sruMin < mruMin) cu = sruMin;
  cu = BigInt.asUintN(64, cu);
  return BigInt.asUintN(64, 2n * (cu / GIB / 1000n));
}

/** The farming-policy SU of a node (`get_su`): (hru·1000/1200 + sru·1000/250) / GiB / 1000, integer division. */
export function farmingSu(r: ResourcesInput): bigint {
  const su = (big(r.hru) * 1000n) / 1200n + (big(r.sru) * 1000n) / 250n;
  return BigInt.asUintN(64, su / GIB / 1000n);
}

/**
 * Farming policy of a new or re-evaluated node (pricing.rs `get_farming_policy`).
 * 1. Farm with `farming_policy_limits`: the limit's policy must exist (`FarmingPolicyNotExists`); if the limits are
 *    exhausted (`now > end`, node CU/SU above the remaining cu/su, `node_count == 0`) the best default policy is
 *    returned and the limits are untouched; otherwise the limits are decremented (`updatedLimits`, which the caller
 *    stores on the farm with a `FarmUpdated` event) and the limit's policy is returned.
 * 2. Otherwise the best-ranked policy whose certifications do not exceed the node's and the farm's.
 * For a node being created the pallet passes certification `Diy`; the node then takes the policy's certification.
 */
export function selectFarmingPolicy<P extends FarmingPolicyLike>(p: {
  policies: readonly P[];
  node: { certification: NodeCertificationName; resources: ResourcesInput };
  farm: { certification: FarmCertificationName; farming_policy_limits: FarmingPolicyLimit | null };
  nowSecs: IntLike;
}): Check<'FarmingPolicyNotExists', { policy: P; updatedLimits?: FarmingPolicyLimit }> {
  const limits = p.farm.farming_policy_limits;
  if (limits) {
    const policy = p.policies.find((x) => x.id === limits.farming_policy_id);
    if (!policy) return fail('FarmingPolicyNotExists');
    const next: { -readonly [K in keyof FarmingPolicyLimit]: FarmingPolicyLimit[K] } = { ...limits };
    if (limits.end != null && big(p.nowSecs) > big(limits.end)) return defaultFarmingPolicy(p.policies);
    if (limits.cu != null) {
      const cu = farmingCu(p.node.resources);
      if (cu > big(limits.cu)) return defaultFarmingPolicy(p.policies);
      next.cu = big(limits.cu) - cu;
    }
    if (limits.su != null) {
      const su = farmingSu(p.node.resources);
      if (su > big(limits.su)) return defaultFarmingPolicy(p.policies);
      next.su = big(limits.su) - su;
    }
    if (limits.node_count != null) {
      if (limits.node_count === 0) return defaultFarmingPolicy(p.policies);
      next.node_count = limits.node_count - 1;
    }
    return { ok: true, policy, updatedLimits: next };
  }
  const policy = ranked(p.policies).find((x) =>
    nodeCertRank(x.node_certification) <= nodeCertRank(p.node.certification)
    && farmCertRank(x.farm_certification) <= farmCertRank(p.farm.certification));
  return policy ? { ok: true, policy } : fail('FarmingPolicyNotExists');
}

/**
 * `attach_policy_to_farm`: refused with `FarmingPolicyExpired` when the policy has an end (a duration in blocks) and
 * `now_block ≥ policy_created + policy_end`. (A missing policy reads as the all-zero default, which never expires.)
 */
export function checkAttachPolicyToFarm(policy: { policy_created?: IntLike; policy_end?: IntLike }, nowBlock: IntLike):
Check<'FarmingPolicyExpired'> {
  const end = big(policy.policy_end ?? 0);
  return end !== 0n && big(nowBlock) >= big(policy.policy_created ?? 0) + end ? fail('FarmingPolicyExpired') : OK;
}

// ---- uptime and power (§3.1.4) ------------------------------------------------------------------------------------

/** `report_uptime_v2`: `now − 60 ≤ hint ≤ now + 60` (seconds; the lower bound saturates at 0). */
export function checkTimestampHint(hint: IntLike, nowSecs: IntLike, drift: IntLike = TIMESTAMP_HINT_DRIFT):
Check<'InvalidTimestampHint'> {
  const h = big(hint);
  const now = big(nowSecs);
  const d = big(drift);
  const low = now > d ? now - d : 0n;
  return h >= low && h <= now + d ? OK : fail('InvalidTimestampHint');
}

export type PowerTarget = 'Up' | 'Down';
export type PowerState = 'Up' | { readonly Down: IntLike };
export interface NodePowerLike { readonly state: PowerState; readonly target: PowerTarget }

/** `NodePower` absent from storage reads as this (ValueQuery default). */
export const DEFAULT_NODE_POWER: NodePowerLike = Object.freeze({ state: 'Up', target: 'Up' });

export const isStandby = (p: NodePowerLike) => p.state !== 'Up';
/** New node contracts are refused while the node is down or switched to go down (`is_standby_phase`). */
export const isStandbyPhase = (p: NodePowerLike) => isStandby(p) || p.target === 'Down';

/**
 * `change_power_state(Up | Down)`: the new state (`Down` records the current block) and whether it differs from the
 * stored one; only a change is written and emits `PowerStateChanged` (and, on the way up, lets billing restart the
 * rent contract's clock).
 */
export function nextPowerState(current: PowerState, requested: PowerTarget, currentBlock: IntLike):
  { state: PowerState; changed: boolean } {
  const state: PowerState = requested === 'Up' ? 'Up' : { Down: big(currentBlock) };
  const same = current === 'Up' ? state === 'Up'
    : state !== 'Up' && big(current.Down) === big(state.Down);
  return { state, changed: !same };
}

export type PowerTargetError = 'TwinNotExists' | 'NodeNotExists' | 'FarmNotExists' | 'UnauthorizedToChangePowerTarget'
  | 'NodeHasActiveContracts';

/** `change_power_target`: farmer only; `Down` is refused while the node has node contracts or a rent contract. */
export function checkChangePowerTarget(p: {
  signerTwinId: number | null; nodeExists: boolean; farmTwinId: number | null; target: PowerTarget;
  nodeHasActiveContracts: boolean;
}): Check<PowerTargetError> {
  return firstError<PowerTargetError>([
    [p.signerTwinId == null, 'TwinNotExists'],
    [!p.nodeExists, 'NodeNotExists'],
    [p.farmTwinId == null, 'FarmNotExists'],
    [p.signerTwinId !== p.farmTwinId, 'UnauthorizedToChangePowerTarget'],
    [p.target === 'Down' && p.nodeHasActiveContracts, 'NodeHasActiveContracts'],
  ]);
}
