/**
 * The KYC service: `GET /api/v1/status?client_id=<ss58>|twin_id=<n>` answers as threefoldtech/tf-kyc-verifier does
 * (grid-services.md §4.1). grid_client asks with `client_id` before it creates contracts; Zero-OS asks with `twin_id`
 * before it accepts a deployment. Every account is VERIFIED unless it was marked unverified, at start or through the
 * local toggle, so the refusal path can be shown.
 *
 * An unverified account gets what the real service gives an account that never went through verification: 404
 * `{"error":"verification not found"}` (grid_client reads 404 as UNVERIFIED and refuses). The real service finds a
 * twin's account on the chain; here the optional `twins` map (the indexer's) does that, and a twin it does not know
 * is judged by its twin id alone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { TwinRecord } from '../indexer/model';
import { HttpError, readJsonObject, reply, replyPreflight, serveJson } from '../http-json';

export const DEFAULT_KYC_PORT = 8086;
const MAX_BODY_BYTES = 16 * 1024;

export interface KycLogger {
  info(message: string): void;
}

export interface StartKycOptions {
  readonly host?: string;
  /** Default 8086; 0 picks a free port. */
  readonly port?: number;
  /** Accounts answered as unverified: ss58 addresses, or twin ids as decimal strings. */
  readonly unverified?: readonly (string | number)[];
  /** Resolves `twin_id` to the twin's account, as the real service does through the chain (the indexer's twins). */
  readonly twins?: ReadonlyMap<number, Pick<TwinRecord, 'accountID'>>;
  readonly logger?: KycLogger;
}

export interface RunningKyc {
  /** http://host:port (the API is under /api/v1/). */
  readonly url: string;
  readonly port: number;
  /** The same toggle as `POST /api/v1/local/verification`, for the process that runs the service. */
  setVerified(account: string | number, verified: boolean): void;
  close(): Promise<void>;
}

/** An account named by ss58 address or twin id, in the form the unverified set keys it by. */
type AccountKey = `address:${string}` | `twin:${number}`;

function addressKey(value: string, field: string): AccountKey {
  let key: Uint8Array;
  try {
    key = decodeAddress(value);
  } catch {
    throw new HttpError(400, `${field} is not a valid SS58 address`);
  }
  if (key.length !== 32) throw new HttpError(400, `${field} is not a valid SS58 address`);
  return `address:${encodeAddress(key, 42)}`;
}

function twinKey(value: string | number, field: string): AccountKey {
  const text = String(value);
  // u32, as the real service parses it.
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffff_ffff) throw new HttpError(400, `${field} must be a twin id (an unsigned 32-bit integer)`);
  return `twin:${Number(text)}`;
}

/** A twin id (digits) or an ss58 address. */
export function accountKey(value: string | number): AccountKey {
  return typeof value === 'number' || /^\d+$/.test(value) ? twinKey(value, 'twinId') : addressKey(value, 'address');
}

export class KycRegistry {
  readonly #unverified = new Set<AccountKey>();

  constructor(unverified: readonly (string | number)[] = [], private readonly twins?: StartKycOptions['twins']) {
    for (const account of unverified) this.#unverified.add(accountKey(account));
  }

  set(key: AccountKey, verified: boolean): void {
    if (verified) this.#unverified.delete(key);
    else this.#unverified.add(key);
  }

  /** A twin is unverified when its id is marked, or when the account it belongs to is. */
  isVerified(key: AccountKey): boolean {
    if (this.#unverified.has(key)) return false;
    if (key.startsWith('twin:')) {
      const account = this.twins?.get(Number(key.slice(5)))?.accountID;
      if (account !== undefined) return !this.#unverified.has(addressKey(account, 'accountID'));
    }
    return true;
  }
}

export async function startKyc(options: StartKycOptions = {}): Promise<RunningKyc> {
  const registry = new KycRegistry(options.unverified, options.twins);
  const server = await serveJson(options.host ?? '127.0.0.1', options.port ?? DEFAULT_KYC_PORT, (req, res) => handle(req, res, registry, options.logger), (error) => ({ error }));
  return { ...server, setVerified: (account, verified) => registry.set(accountKey(account), verified) };
}

async function handle(req: IncomingMessage, res: ServerResponse, registry: KycRegistry, logger?: KycLogger): Promise<void> {
  if (req.method === 'OPTIONS') return replyPreflight(res);
  const url = new URL(req.url ?? '/', 'http://kyc.local');
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  switch (route) {
    case 'GET /api/v1/status':
      return status(res, url.searchParams, registry);
    case 'GET /health':
    case 'GET /api/v1/health':
      return reply(res, 200, { result: { status: 'Healthy', timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), errors: [] } });
    // Gridbox's own toggle; not part of the real service. /api/v1/verification is the name LOCAL-GRID-SEAMS.md used first.
    case 'POST /api/v1/local/verification':
    case 'POST /api/v1/verification':
      return toggle(req, res, registry, logger);
    default:
      return reply(res, 404, { error: 'not found' });
  }
}

function status(res: ServerResponse, query: URLSearchParams, registry: KycRegistry): void {
  const clientId = query.get('client_id') ?? '';
  const twinId = query.get('twin_id') ?? '';
  if (clientId === '' && twinId === '') throw new HttpError(400, 'either client_id or twin_id must be provided');
  const key = clientId !== '' ? addressKey(clientId, 'client_id') : twinKey(twinId, 'twin_id');
  if (!registry.isVerified(key)) return reply(res, 404, { error: 'verification not found' });
  reply(res, 200, { result: { final: true, idenfyRef: '', clientId: clientId !== '' ? key.slice('address:'.length) : '', status: 'VERIFIED' } });
}

async function toggle(req: IncomingMessage, res: ServerResponse, registry: KycRegistry, logger?: KycLogger): Promise<void> {
  const { address, twinId, verified } = await readJsonObject(req, MAX_BODY_BYTES);
  if (typeof verified !== 'boolean') throw new HttpError(400, 'verified must be true or false');
  if ((address === undefined) === (twinId === undefined)) throw new HttpError(400, 'give exactly one of address and twinId');
  let key: AccountKey;
  if (address !== undefined) {
    if (typeof address !== 'string') throw new HttpError(400, 'address is not a valid SS58 address');
    key = addressKey(address, 'address');
  } else {
    if (typeof twinId !== 'number' && typeof twinId !== 'string') throw new HttpError(400, 'twinId must be a twin id (an unsigned 32-bit integer)');
    key = twinKey(twinId, 'twinId');
  }
  registry.set(key, verified);
  logger?.info(`${key.replace(':', ' ')} is now ${verified ? 'verified' : 'unverified'}`);
  reply(res, 200, { result: { [address !== undefined ? 'address' : 'twinId']: key.slice(key.indexOf(':') + 1), verified } });
}
