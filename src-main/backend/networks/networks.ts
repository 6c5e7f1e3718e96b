/**
 * Network profiles: the public defaults, the user's endpoint overrides and chosen accounts (networks.json, no
 * secrets), and the local grid's endpoints while it runs. A damaged file falls back to defaults without being
 * overwritten.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NETWORK_IDS, type GridView, type NetworkEndpoints, type NetworkId, type NetworkProfile, type ParamsOut } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { TopicBus } from '../events';
import { writeFileAtomic } from '../store/atomic-file';
import { NETWORK_DEFAULTS, NO_ENDPOINTS } from './defaults';

interface Stored {
  endpoints?: Partial<NetworkEndpoints>;
  account?: string;
}

/** networks.json: one entry per network, plus which one the app works against. */
type StoredFile = Partial<Record<NetworkId, Stored>> & { active?: NetworkId };

export class NetworkProfiles {
  readonly #path: string;
  #stored: StoredFile = {};
  #local: NetworkEndpoints = NO_ENDPOINTS;

  constructor(
    dataDir: string,
    private readonly bus: TopicBus,
  ) {
    this.#path = join(dataDir, 'networks.json');
  }

  async load(): Promise<void> {
    try {
      const raw = JSON.parse(await readFile(this.#path, 'utf8')) as unknown;
      this.#stored = sanitize(raw);
    } catch {
      this.#stored = {};
    }
  }

  /** The local profile's endpoints follow the grid the app watches. */
  followLocalGrid(view: GridView): void {
    const e = view.state === 'running' ? view.endpoints : undefined;
    const next: NetworkEndpoints = e
      ? {
          ...NO_ENDPOINTS,
          substrate: e.substrate,
          relay: e.relay ?? '',
          activation: e.activation ?? '',
          proxy: e.proxy ?? '',
          graphql: e.graphql ?? '',
        }
      : NO_ENDPOINTS;
    if (JSON.stringify(next) === JSON.stringify(this.#local)) return;
    this.#local = next;
    this.bus.emit('networks.changed', this.list());
  }

  list(): NetworkProfile[] {
    return NETWORK_IDS.map((id) => this.get(id));
  }

  get(id: NetworkId): NetworkProfile {
    const defaults = NETWORK_DEFAULTS[id];
    const stored = this.#stored[id] ?? {};
    const edited = id !== 'local' && Object.keys(stored.endpoints ?? {}).length > 0;
    return {
      id,
      label: defaults.label,
      bootstrapNetwork: defaults.bootstrapNetwork,
      endpoints: id === 'local' ? { ...this.#local } : { ...defaults.endpoints, ...stored.endpoints },
      edited,
      ...(stored.account ? { account: stored.account } : {}),
      mainnet: defaults.mainnet,
      active: id === this.active,
    };
  }

  /** The network the app works against. */
  get active(): NetworkId {
    return this.#stored.active ?? 'local';
  }

  async select(id: NetworkId): Promise<NetworkProfile[]> {
    if (id !== this.active) await this.#save({ ...this.#stored, active: id });
    return this.list();
  }

  async update(p: ParamsOut<'networks.update'>): Promise<NetworkProfile> {
    if (p.id === 'local' && p.endpoints && Object.keys(p.endpoints).length > 0) {
      throw new ApiError('invalid_params', "the local grid's endpoints follow the running grid and cannot be edited");
    }
    const current = this.#stored[p.id] ?? {};
    const next: Stored = { ...current };
    if (p.endpoints) {
      const defaults = NETWORK_DEFAULTS[p.id].endpoints;
      const merged = { ...current.endpoints, ...definedOnly(p.endpoints) };
      // An endpoint set back to its default is no longer an override.
      next.endpoints = Object.fromEntries(Object.entries(merged).filter(([k, v]) => v !== defaults[k as keyof NetworkEndpoints]));
    }
    if (p.account === null) delete next.account;
    else if (p.account !== undefined) next.account = p.account;
    await this.#save({ ...this.#stored, [p.id]: next });
    return this.get(p.id);
  }

  async reset(id: NetworkId): Promise<NetworkProfile> {
    const current = this.#stored[id] ?? {};
    await this.#save({ ...this.#stored, [id]: current.account ? { account: current.account } : {} });
    return this.get(id);
  }

  async #save(next: StoredFile): Promise<void> {
    await writeFileAtomic(this.#path, JSON.stringify(next, null, 2) + '\n', 0o644);
    this.#stored = next;
    this.bus.emit('networks.changed', this.list());
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const ENDPOINT_KEYS = Object.keys(NO_ENDPOINTS) as (keyof NetworkEndpoints)[];

/** Keeps only known networks, known endpoint keys with string values, string accounts and a known active network. */
function sanitize(raw: unknown): StoredFile {
  const out: StoredFile = {};
  if (typeof raw !== 'object' || raw === null) return out;
  const active = (raw as Record<string, unknown>).active;
  if ((NETWORK_IDS as readonly unknown[]).includes(active)) out.active = active as NetworkId;
  for (const id of NETWORK_IDS) {
    const entry = (raw as Record<string, unknown>)[id];
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const stored: Stored = {};
    if (typeof e.account === 'string' && e.account.length <= 64) stored.account = e.account;
    if (id !== 'local' && typeof e.endpoints === 'object' && e.endpoints !== null) {
      const endpoints = e.endpoints as Record<string, unknown>;
      stored.endpoints = Object.fromEntries(ENDPOINT_KEYS.filter((k) => typeof endpoints[k] === 'string').map((k) => [k, endpoints[k] as string]));
    }
    out[id] = stored;
  }
  return out;
}
