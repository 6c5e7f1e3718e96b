/**
 * What the chain checks when a farm is created (tfchain.md §3.1.2, pallet-tfgrid farm.rs and types.rs). The wizard
 * checks as the user types and the backend before it signs, with these same rules, so a bad name or IP is refused
 * with a sentence before any fee is paid.
 */

const NAME_MIN = 3;
const NAME_MAX = 40;

/** 3..=40 bytes of `[A-Za-z0-9_-]`; null when valid, else what is wrong. */
export function farmNameProblem(name: string): string | null {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length < NAME_MIN) return `a farm name has at least ${NAME_MIN} characters`;
  if (bytes.length > NAME_MAX) return `a farm name has at most ${NAME_MAX} characters`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return 'a farm name may only hold letters, digits, "-" and "_" (no spaces or dots)';
  return null;
}

/** A dotted quad as the chain parses it: four decimal octets ≤ 255 without leading zeros. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

const mask = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);
const sameNet = (a: number, b: number, bits: number) => ((a & mask(bits)) >>> 0) === ((b & mask(bits)) >>> 0);

/** Ranges the chain does not accept as public (valip's private set: RFC 1918, CGNAT, loopback, link-local, docs…). */
const NOT_PUBLIC: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['255.255.255.255', 32],
];
const NOT_PUBLIC_NETS = NOT_PUBLIC.map(([ip, bits]) => ({ ip: parseIPv4(ip)!, bits }));

function publicProblem(ip: number, what: string): string | null {
  if (ip >>> 28 >= 0xe) return `${what} is a multicast or reserved address`;
  if (NOT_PUBLIC_NETS.some((net) => sameNet(net.ip, ip, net.bits))) return `${what} is not a public address (private, loopback, shared or documentation range)`;
  return null;
}

/** What is wrong with a farm public IP's address and with its gateway, each null when that part is fine. */
export interface PublicIpFieldProblems {
  ip: string | null;
  gateway: string | null;
}

/**
 * One public IP of a farm: `ip` a CIDR (`185.206.122.33/24`) and `gateway` an address inside that subnet, both public
 * unicast, and the gateway not the address itself. Per field, so a form can show each at its input.
 */
export function publicIpFieldProblems(ip: string, gateway: string): PublicIpFieldProblems {
  const [address, bits, extra] = ip.split('/');
  let host: number | null = null;
  let ipProblem: string | null;
  if (bits === undefined || extra !== undefined) ipProblem = `${ip || '(empty)'}: write the IP with its prefix length, e.g. 185.206.122.33/24`;
  else if ((host = parseIPv4(address!)) === null) ipProblem = `${ip}: "${address}" is not an IPv4 address`;
  else if (!/^(0|[1-9][0-9]?)$/.test(bits) || Number(bits) > 32) ipProblem = `${ip}: the prefix length must be a number from 0 to 32`;
  else ipProblem = publicProblem(host, ip);
  const gw = parseIPv4(gateway);
  let gatewayProblem: string | null;
  if (gw === null) gatewayProblem = `the gateway "${gateway}" is not an IPv4 address`;
  else gatewayProblem = publicProblem(gw, `the gateway ${gateway}`);
  if (!ipProblem && !gatewayProblem && host !== null && gw !== null) {
    if (!sameNet(host, gw, Number(bits))) gatewayProblem = `the gateway ${gateway} is outside the subnet ${ip}`;
    else if (host === gw) gatewayProblem = 'the gateway cannot be the IP itself';
  }
  return { ip: ipProblem, gateway: gatewayProblem };
}

/** One public IP of a farm as a single sentence (the backend's check): null when valid, else what is wrong. */
export function publicIpProblem(ip: string, gateway: string): string | null {
  const problems = publicIpFieldProblems(ip, gateway);
  return problems.ip ?? (problems.gateway ? `${ip}: ${problems.gateway}` : null);
}

/** Every problem of a list of public IPs, including repeats (the chain refuses those with IpExists). */
export function publicIpsProblems(list: readonly { ip: string; gateway: string }[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { ip, gateway } of list) {
    const problem = publicIpProblem(ip, gateway);
    if (problem) problems.push(problem);
    const key = `${ip} ${gateway}`;
    if (seen.has(key)) problems.push(`${ip} is listed twice`);
    seen.add(key);
  }
  return problems;
}
