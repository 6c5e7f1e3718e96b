/**
 * Networks: the local grid and the live TFChain networks (dev, qa, test, main) with editable endpoints, and which
 * account the user works with on each. The same screens run against any of them.
 */
import * as z from 'zod';
import { address, empty, method, topic } from '../decl';

export const NETWORK_IDS = ['local', 'dev', 'qa', 'test', 'main'] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];
export const networkId = z.enum(NETWORK_IDS);

/** The endpoints a grid client needs, as the live networks publish them. */
export interface NetworkEndpoints {
  /** wss://tfchain.dev.grid.tf/ws */
  substrate: string;
  /** wss://relay.dev.grid.tf */
  relay: string;
  /** https://gridproxy.dev.grid.tf */
  proxy: string;
  /** https://graphql.dev.grid.tf/graphql */
  graphql: string;
  /** https://activation.dev.grid.tf/activation/activate (funds a new account on dev and qa) */
  activation: string;
  /** https://v3.bootstrap.grid.tf: where boot images for a farm are made */
  bootstrap: string;
}

export interface NetworkProfile {
  id: NetworkId;
  /** "Local grid", "Devnet", …, "Mainnet" */
  label: string;
  /** what the bootstrap service calls this network: dev, qa, test, prod */
  bootstrapNetwork: string;
  /**
   * The endpoints in use. For `local` they follow the running local grid (empty strings while it is stopped) and
   * cannot be edited; for the others they are the public defaults unless the user edited them.
   */
  endpoints: NetworkEndpoints;
  /** true when the user changed an endpoint of this network (reset brings the defaults back) */
  edited: boolean;
  /** the account (address) the user chose for this network */
  account?: string;
  /** real money: every write asks for an explicit confirmation */
  mainnet: boolean;
  /** the network the app works against (exactly one is; `local` until the user picks another) */
  active?: boolean;
}

export interface NetworkCheck {
  id: NetworkId;
  /** each endpoint that answered, and how long it took (ms), or why it did not */
  results: { endpoint: keyof NetworkEndpoints; url: string; ok: boolean; ms?: number; detail: string }[];
}

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .max(512)
    .refine((s) => {
      try {
        return protocols.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    }, `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

export const networksMethods = {
  'networks.list': method<NetworkProfile[]>()(empty),
  /** Edits endpoints of a live network, or chooses its account (null: none). `local` takes only `account`. */
  'networks.update': method<NetworkProfile>()(
    z
      .object({
        id: networkId,
        endpoints: z
          .object({
            substrate: url(['ws:', 'wss:']).optional(),
            relay: url(['ws:', 'wss:']).optional(),
            proxy: url(['http:', 'https:']).optional(),
            graphql: url(['http:', 'https:']).optional(),
            activation: url(['http:', 'https:']).optional(),
            bootstrap: url(['http:', 'https:']).optional(),
          })
          .strict()
          .optional(),
        account: address.nullable().optional(),
      })
      .strict(),
  ),
  /** Back to the public endpoints of that network. */
  'networks.reset': method<NetworkProfile>()(z.object({ id: networkId }).strict()),
  /** Makes this the network the app works against (the sidebar shows it; pages read it from networks.changed). */
  'networks.select': method<NetworkProfile[]>()(z.object({ id: networkId }).strict()),
  /** Tries each endpoint of a network (chain, relay, proxy, GraphQL) and says which answer. */
  'networks.check': method<NetworkCheck>()(z.object({ id: networkId }).strict()),
} as const;

export const networksTopics = {
  'networks.changed': topic<NetworkProfile[]>()(empty),
} as const;
