/**
 * The deployment challenge and its hash (grid-services.md §1.11 "Challenge and hash"): the string client, chain and
 * node must agree on. `hash = md5(challenge)` as lowercase hex; the client stores it as the contract's deployment
 * hash and signs its 16 raw bytes.
 */
import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;

/** A value as JavaScript's `out += value` writes it; absent fields add nothing. */
function s(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

const obj = (value: unknown): Json => (value && typeof value === 'object' ? value as Json : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function zmachineChallenge(d: Json): string {
  const net = obj(d.network);
  let out = s(d.flist);
  out += s(net.public_ip) + s(net.planetary ?? false);
  for (const i of arr(net.interfaces)) out += s(obj(i).network) + s(obj(i).ip);
  const mycelium = obj(net.mycelium);
  out += s(mycelium.network) + s(mycelium.hex_seed);
  out += d.size ? s(d.size) : '0';
  const cc = obj(d.compute_capacity);
  out += s(cc.cpu) + s(cc.memory);
  for (const m of arr(d.mounts)) out += s(obj(m).name) + s(obj(m).mountpoint);
  out += s(d.entrypoint);
  const env = obj(d.env);
  for (const key of Object.keys(env).sort()) out += `${key}=${s(env[key])}`;
  for (const g of arr(d.gpu)) out += s(g);
  return out;
}

function networkChallenge(d: Json): string {
  let out = s(d.ip_range) + s(d.subnet) + s(d.wireguard_private_key) + s(d.wireguard_listen_port);
  for (const p of arr(d.peers)) {
    const peer = obj(p);
    out += s(peer.wireguard_public_key) + s(peer.endpoint) + s(peer.subnet);
    for (const ip of arr(peer.allowed_ips)) out += s(ip);
  }
  const mycelium = obj(d.mycelium);
  out += s(mycelium.hex_key);
  for (const peer of arr(mycelium.peers)) out += s(peer);
  return out;
}

function gatewayChallenge(d: Json, key: 'name' | 'fqdn'): string {
  let out = s(d[key]) + s(d.tls_passthrough ?? false);
  for (const b of arr(d.backends)) out += s(b);
  return out + s(d.network);
}

function qsfsChallenge(d: Json): string {
  const c = obj(d.config);
  const enc = (e: unknown): string => s(obj(e).algorithm) + s(obj(e).key);
  const backend = (b: unknown): string => s(obj(b).address) + s(obj(b).namespace) + s(obj(b).password);
  const meta = obj(c.meta);
  const metaCfg = obj(meta.config);
  let out = s(d.cache);
  out += s(c.minimal_shards) + s(c.expected_shards) + s(c.redundant_groups) + s(c.redundant_nodes) + s(c.max_zdb_data_dir_size);
  out += enc(c.encryption);
  out += s(meta.type) + s(metaCfg.prefix) + enc(metaCfg.encryption) + arr(metaCfg.backends).map(backend).join('');
  for (const g of arr(c.groups)) out += arr(obj(g).backends).map(backend).join('');
  return out + s(obj(c.compression).algorithm);
}

export function workloadDataChallenge(type: string, data: unknown): string {
  const d = obj(data);
  switch (type) {
    case 'zmachine':
    case 'zmachine-light': return zmachineChallenge(d);
    case 'network':
    case 'network-light': return networkChallenge(d);
    case 'zmount':
    case 'volume': return s(d.size);
    case 'ip': return s(d.v4 ?? false) + s(d.v6 ?? false);
    case 'ipv4': return '';
    case 'zdb': return s(d.size) + s(d.mode) + s(d.password) + s(d.public ?? false);
    case 'gateway-name-proxy': return gatewayChallenge(d, 'name');
    case 'gateway-fqdn-proxy': return gatewayChallenge(d, 'fqdn');
    case 'qsfs': return qsfsChallenge(d);
    case 'zlogs': return s(d.zmachine) + s(d.output);
    default: return '';
  }
}

export interface ChallengeWorkload {
  version: number; name: string; type: string; metadata?: string; description?: string; data: unknown;
}

export interface ChallengeDeployment {
  version: number;
  twin_id: number;
  metadata?: string;
  description?: string;
  expiration?: number;
  workloads: ChallengeWorkload[];
  signature_requirement: {
    requests: { twin_id: number; required: boolean; weight: number }[];
    weight_required: number;
    signature_style?: string;
  };
}

export function workloadChallenge(w: ChallengeWorkload): string {
  return s(w.version) + s(w.name) + s(w.type) + s(w.metadata) + s(w.description) + workloadDataChallenge(w.type, w.data);
}

export function deploymentChallenge(d: ChallengeDeployment): string {
  let out = s(d.version) + s(d.twin_id) + s(d.metadata) + s(d.description) + s(d.expiration ?? 0);
  for (const w of d.workloads) out += workloadChallenge(w);
  const req = d.signature_requirement;
  for (const r of req.requests) out += s(r.twin_id) + s(r.required) + s(r.weight);
  return out + s(req.weight_required) + s(req.signature_style);
}

/** Lowercase hex md5 of the challenge: the contract's deployment hash. */
export function challengeHash(d: ChallengeDeployment): string {
  return createHash('md5').update(deploymentChallenge(d), 'utf8').digest('hex');
}
