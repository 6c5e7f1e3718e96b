/**
 * The activation service: `POST /activation/activate {"substrateAccountID": "<ss58>"}` funds a new TFChain account,
 * as threefoldtech/tfchain's activation-service does (grid-services.md §4.2): the activation amount when the free
 * balance is 0, a top-up when it is below the floor, nothing otherwise; 200 with the request body echoed, 400 for an
 * address that is not a 32-byte account id, 503 when the chain cannot be reached, 500 when the transfer fails.
 *
 * Transfers are signed with a nonce kept here, so concurrent requests go into the pool together instead of racing
 * for the funder's next index; requests for the same account share one funding.
 */
import '@polkadot/api-augment';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { decodeAddress, encodeAddress, cryptoWaitReady } from '@polkadot/util-crypto';
import { submitInBlock } from './in-block';

/** 0.1 TFT in base units (1e-7 TFT): what the real service funds by default. */
export const DEFAULT_ACTIVATION_AMOUNT = 1_000_000n;
/** Accounts below this are topped up by this much (the real service's fixed floor). */
export const TOPUP_AMOUNT = 15_000n;
const MAX_BODY_BYTES = 16 * 1024;

export interface ActivationLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface StartActivationOptions {
  readonly host?: string;
  /** Default 8085; 0 picks a free port. */
  readonly port?: number;
  readonly chainUrl: string;
  /** A client of that chain to share (left connected on close); without it the service connects its own. */
  readonly api?: ApiPromise;
  /** A dev URI (`//Alice`); never logged. */
  readonly funderSeed?: string;
  readonly amount?: bigint;
  readonly logger?: ActivationLogger;
}

export interface RunningActivation {
  /** http://host:port (the service answers below /activation/). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The canonical ss58 form of a 32-byte account id, or a 400. */
export function normalizeAccountId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new HttpError(400, 'substrateAccountID is required');
  let key: Uint8Array;
  try {
    key = decodeAddress(value);
  } catch {
    throw new HttpError(400, 'substrateAccountID is not a valid account id');
  }
  if (key.length !== 32) throw new HttpError(400, 'substrateAccountID is not a valid account id');
  return encodeAddress(key, 42);
}

export async function startActivation(options: StartActivationOptions): Promise<RunningActivation> {
  await cryptoWaitReady();
  const funder = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(options.funderSeed ?? '//Alice');
  const api = options.api ?? await ApiPromise.create({ provider: new WsProvider(options.chainUrl, 1000), noInitWarn: true, throwOnConnect: true });
  const funding = new Funding(api, funder, options.amount ?? DEFAULT_ACTIVATION_AMOUNT, options.logger);
  // A local chain can go back (snapshot restore, reset to genesis): the funder's nonce kept here is then ahead of
  // the chain's and a transfer would wait in the pool for ever, so a head that is not higher than the last forgets it.
  let lastHead = -1;
  const unsubscribeHeads = await api.rpc.chain.subscribeNewHeads((header) => {
    const number = header.number.toNumber();
    if (number <= lastHead) funding.forgetNonce();
    lastHead = number;
  });

  const server = createServer((req, res) => {
    handle(req, res, funding).catch((error: unknown) => reply(res, 500, { error: error instanceof Error ? error.message : 'internal error' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8085, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      unsubscribeHeads();
      if (!options.api) await api.disconnect();
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, funding: Funding): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  // The public ingress path is /activation/activate; the service itself also answers /activate.
  if (path !== '/activation/activate' && path !== '/activate') return reply(res, 404, { error: 'not found' });
  if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    return reply(res, error instanceof HttpError ? error.status : 400, { error: error instanceof HttpError ? error.message : 'body must be JSON' });
  }
  try {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
    const address = normalizeAccountId((body as { substrateAccountID?: unknown }).substrateAccountID);
    await funding.activate(address);
    reply(res, 200, body);
  } catch (error) {
    if (error instanceof HttpError) return reply(res, error.status, { error: error.message });
    throw error;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

class Funding {
  readonly #inFlight = new Map<string, Promise<void>>();
  #nextNonce: Promise<number> | undefined;

  constructor(
    private readonly api: ApiPromise,
    private readonly funder: KeyringPair,
    private readonly amount: bigint,
    private readonly logger?: ActivationLogger,
  ) {}

  activate(address: string): Promise<void> {
    const running = this.#inFlight.get(address);
    if (running) return running;
    const job = this.#fund(address).finally(() => this.#inFlight.delete(address));
    this.#inFlight.set(address, job);
    return job;
  }

  async #fund(address: string): Promise<void> {
    let free: bigint;
    try {
      free = (await this.api.query.system.account(address)).data.free.toBigInt();
    } catch (error) {
      throw new HttpError(503, `chain unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const value = free === 0n ? this.amount : free < TOPUP_AMOUNT ? TOPUP_AMOUNT : 0n;
    if (value === 0n) return;
    await this.#submit(this.api.tx.balances.transfer!(address, value));
    this.logger?.info(`funded ${address} with ${value} (free was ${free})`);
  }

  /** Signs with the next local nonce; a refused nonce (someone else used the funder) resyncs it from the chain. */
  async #submit(tx: SubmittableExtrinsic<'promise'>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const nonce = await this.#takeNonce();
      try {
        await submitInBlock(this.api, tx, this.funder, nonce);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt === 0 && /priority is too low|Stale|Outdated|Future|1010|1014/i.test(message)) {
          this.logger?.warn(`nonce ${nonce} refused (${message}); resyncing`);
          this.#nextNonce = undefined;
          continue;
        }
        throw new HttpError(500, `transfer failed: ${message}`);
      }
    }
  }

  forgetNonce(): void {
    this.#nextNonce = undefined;
  }

  #takeNonce(): Promise<number> {
    const previous = this.#nextNonce ?? this.api.rpc.system.accountNextIndex(this.funder.address).then((n) => n.toNumber() - 1);
    const mine = previous.then((n) => n + 1);
    this.#nextNonce = mine.catch(() => {
      this.#nextNonce = undefined;
      return Promise.reject(new HttpError(503, 'chain unavailable'));
    });
    return mine;
  }
}
