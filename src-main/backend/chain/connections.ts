/**
 * One @polkadot/api connection per chain endpoint, made on first use and reused; a dropped connection is made again
 * on the next use, and dispose closes them all. The farmer's flows reach any network's chain through it.
 */
import type { ApiPromise } from '@polkadot/api';
import { ApiError } from '../../api/errors';

const CONNECT_TIMEOUT_MS = 15_000;

export class ChainConnections {
  readonly #apis = new Map<string, Promise<ApiPromise>>();

  /** `label` names the network in errors ("the Devnet chain at wss://…"). */
  async api(endpoint: string, label: string): Promise<ApiPromise> {
    const existing = this.#apis.get(endpoint);
    if (existing) {
      const api = await existing.catch(() => undefined);
      if (api?.isConnected) return api;
      this.#apis.delete(endpoint);
      void api?.disconnect().catch(() => {});
    }
    const connecting = connect(endpoint).catch((err: unknown) => {
      this.#apis.delete(endpoint);
      throw new ApiError('unavailable', `cannot reach the ${label} chain at ${endpoint}: ${reason(err)}`);
    });
    this.#apis.set(endpoint, connecting);
    return connecting;
  }

  async dispose(): Promise<void> {
    const all = [...this.#apis.values()];
    this.#apis.clear();
    await Promise.all(all.map((p) => p.then((api) => api.disconnect()).catch(() => {})));
  }
}

/** WsProvider rejects with a WebSocket error event, not an Error. */
function reason(err: unknown): string {
  if (err instanceof Error) return err.message;
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message ? message : 'the connection failed (check the URL and that the node is up)';
}

async function connect(endpoint: string): Promise<ApiPromise> {
  const { ApiPromise, WsProvider } = await import('@polkadot/api');
  const provider = new WsProvider(endpoint, 1000, {}, CONNECT_TIMEOUT_MS);
  try {
    return await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  } catch (err) {
    await provider.disconnect().catch(() => {});
    throw err;
  }
}
