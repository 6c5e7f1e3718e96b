/**
 * The rules the chain applies to a farm's fields, checked as the user types so a mistake shows at the field before
 * anything is signed. Each returns a sentence saying what to fix, or '' when the value passes. The backend and the
 * chain check again: these only save a round trip.
 */

/** TFChain's `create_farm`: 3 to 40 bytes of letters, digits, `_` and `-`. */
export function farmNameProblem(name: string): string {
  const n = name.trim();
  if (!n) return 'A farm needs a name.';
  if (!/^[A-Za-z0-9_-]*$/.test(n)) return 'Use only letters, digits, - and _ (no spaces).';
  if (n.length < 3) return 'At least 3 characters.';
  if (n.length > 40) return 'At most 40 characters.';
  return '';
}

function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255 || (part.length > 1 && part.startsWith('0'))) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

// Ranges that are not public unicast: the chain refuses them for a farm's public IPs.
const NOT_PUBLIC: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 3],
];

function inRange(ip: number, base: number, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(base / size);
}

const isPublic = (ip: number) => NOT_PUBLIC.every(([base, prefix]) => !inRange(ip, parseIpv4(base)!, prefix));

export interface PublicIpProblems {
  ip: string;
  gateway: string;
}

/** A farm public IP: `ip` in CIDR form, public unicast; `gateway` an address inside it, not its network address. */
export function publicIpProblems(ipText: string, gatewayText: string): PublicIpProblems {
  const problems: PublicIpProblems = { ip: '', gateway: '' };
  const [addr = '', prefixText, extra] = ipText.trim().split('/');
  const ip = parseIpv4(addr);
  const prefix = prefixText !== undefined && /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (ip === null || extra !== undefined || !(prefix >= 1 && prefix <= 32)) {
    problems.ip = 'Write it as an IPv4 address with its prefix, like 185.206.122.33/24.';
  } else if (!isPublic(ip)) {
    problems.ip = 'That is a private or reserved address: a farm offers public IPs your ISP assigned.';
  }
  const gw = parseIpv4(gatewayText.trim());
  if (gw === null) problems.gateway = 'The gateway is an IPv4 address, like 185.206.122.1.';
  else if (!problems.ip && ip !== null) {
    if (!inRange(gw, ip, prefix)) problems.gateway = `The gateway must be inside ${ipText.trim()}.`;
    else if (prefix < 31 && gw % 2 ** (32 - prefix) === 0) problems.gateway = 'That is the network address, not a gateway.';
  }
  return problems;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const index = BASE32.indexOf(ch);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** CRC16-XModem, the checksum at the end of a Stellar StrKey. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** A Stellar account address (StrKey "G…": 56 characters, version byte and checksum). Empty is allowed: it is optional. */
export function stellarAddressProblem(text: string): string {
  const s = text.trim();
  if (!s) return '';
  if (!s.startsWith('G')) return 'A Stellar account address starts with G.';
  if (s.length !== 56) return `A Stellar address has 56 characters; this one has ${s.length}.`;
  const bytes = base32Decode(s);
  if (!bytes || bytes.length !== 35 || bytes[0] !== 6 << 3) return 'That is not a Stellar address: use only A–Z and 2–7.';
  const sum = bytes[33]! | (bytes[34]! << 8);
  if (crc16(bytes.subarray(0, 33)) !== sum) return 'The checksum does not match: a character is mistyped. Copy it from your wallet.';
  return '';
}

export type FarmField = 'name' | 'stellarAddress' | 'publicIps';

/**
 * Which field a refusal is about, so it shows there: the backend's "name: …" for a request it refused, or the chain
 * error's name (FarmExists, InvalidFarmName, InvalidPublicIP …) for a transaction the chain refused.
 */
export function farmFieldOf(message: string): FarmField | null {
  const lead = /^(name|stellarAddress|publicIps)\b/.exec(message.trim());
  if (lead) return lead[1] as FarmField;
  if (/FarmExists|FarmName|InvalidFarmName|farm name/i.test(message)) return 'name';
  if (/IP|gateway|GW4/.test(message)) return 'publicIps';
  if (/stellar|payout/i.test(message)) return 'stellarAddress';
  return null;
}
