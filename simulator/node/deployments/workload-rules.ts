/**
 * Zero-OS's per-type checks for the ZDB and gateway workloads (threefoldtech/zosbase pkg/gridtypes/zos zdb.go and
 * gw.go `Valid()`, run synchronously with the deployment), and the gateway's check that a name proxy is backed by
 * the twin's own name contract (run when the workload is provisioned, so a failure is a workload error).
 */
import type { WorkloadInput } from './model';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? v as Json : {});

/** A gateway name is one DNS label of word characters (`^\w+$` in Zero-OS). */
const GATEWAY_NAME = /^\w+$/;
const PORT = /^\d{1,5}$/;

/**
 * A backend is an http(s) URL; with TLS passthrough it is `host:port` instead, since the gateway forwards the raw
 * TLS stream and never sees a URL.
 */
function checkBackend(backend: unknown, tlsPassthrough: boolean): void {
  if (typeof backend !== 'string' || backend === '') throw new Error('invalid backend: must be a non-empty string');
  if (tlsPassthrough) {
    const at = backend.lastIndexOf(':');
    const host = backend.slice(0, at).replace(/^\[|\]$/g, '');
    if (at <= 0 || !host || !PORT.test(backend.slice(at + 1)) || Number(backend.slice(at + 1)) > 65535) {
      throw new Error(`failed to validate backend '${backend}': expected host:port with tls passthrough`);
    }
    return;
  }
  let url: URL;
  try {
    url = new URL(backend);
  } catch {
    throw new Error(`failed to validate backend '${backend}': not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`failed to validate backend '${backend}': invalid scheme expected http, or https`);
  }
}

function checkBackends(data: Json): void {
  const backends = data.backends;
  if (!Array.isArray(backends) || backends.length === 0) throw new Error('backends list can not be empty');
  for (const b of backends) checkBackend(b, data.tls_passthrough === true);
}

/** The type-specific `Valid()` of one workload; other types have their checks elsewhere or none here. */
export function checkWorkloadData(w: WorkloadInput): void {
  const data = obj(w.data);
  try {
    switch (w.type) {
      case 'zdb':
        if (data.mode !== 'user' && data.mode !== 'seq') throw new Error('invalid zdb mode (user or seq)');
        if (typeof data.size !== 'number' || !Number.isInteger(data.size) || data.size < 0) throw new Error('invalid zdb size');
        break;
      case 'gateway-name-proxy':
        if (typeof data.name !== 'string' || !GATEWAY_NAME.test(data.name)) throw new Error('invalid name');
        checkBackends(data);
        break;
      case 'gateway-fqdn-proxy': {
        const fqdn = typeof data.fqdn === 'string' ? data.fqdn : '';
        if (!fqdn) throw new Error('invalid fqdn: empty');
        if (fqdn.endsWith('.')) throw new Error("fqdn can't end with a dot");
        checkBackends(data);
        break;
      }
      default:
    }
  } catch (error) {
    throw new Error(`workload "${w.name}" (${w.type}) is invalid: ${(error as Error).message}`);
  }
}

/** What the gateway learns from the chain about a name: the owning twin of its name contract, or null. */
export type NameOwner = (name: string) => Promise<number | null>;

/**
 * The gateway serves `<name>.<domain>` only for the twin holding the name contract, and an fqdn only when it is not
 * under the gateway's own domain (that space belongs to name contracts). Null when fine, else the error message.
 */
export async function gatewayProvisionError(
  w: WorkloadInput, twinId: number, domain: string | undefined, nameOwner: NameOwner | undefined,
): Promise<string | null> {
  if (w.type !== 'gateway-name-proxy' && w.type !== 'gateway-fqdn-proxy') return null;
  if (!domain) return 'node does not have a public config with a domain, so it cannot act as a gateway';
  const data = obj(w.data);
  if (w.type === 'gateway-fqdn-proxy') {
    const fqdn = String(data.fqdn).toLowerCase();
    return fqdn === domain.toLowerCase() || fqdn.endsWith(`.${domain.toLowerCase()}`)
      ? `fqdn "${fqdn}" is under the gateway domain "${domain}"; use a name proxy for it`
      : null;
  }
  if (!nameOwner) return null;
  const name = String(data.name);
  let owner: number | null;
  try {
    owner = await nameOwner(name);
  } catch (error) {
    return `failed to read the name contract of "${name}": ${(error as Error).message}`;
  }
  if (owner === null) return `no name contract registered for "${name}"`;
  if (owner !== twinId) return `name contract "${name}" belongs to twin ${owner}, not ${twinId}`;
  return null;
}
