/** The block explorer of the chain the app follows. */
import * as z from 'zod';
import { empty, method, topic } from '../decl';

/** A block as the explorer lists it. */
export interface BlockSummary {
  number: number;
  hash: string;
  /** chain time (ms), from the block's timestamp.set */
  timestamp: number;
  /** extrinsics besides the timestamp inherent */
  extrinsics: number;
  events: number;
  /** extrinsics that failed */
  failed: number;
}

export interface ExtrinsicView {
  block: number;
  index: number;
  hash: string;
  /** pallet and call, as in the metadata: tfgridModule.createTwin */
  section: string;
  method: string;
  signer?: string;
  /** the call's arguments as JSON, cut at 2,000 characters */
  args: string;
  success: boolean;
  /** `Pallet.Error` and its documentation, when it failed */
  error?: string;
}

export interface EventView {
  block: number;
  index: number;
  section: string;
  method: string;
  /** the event's fields as JSON, cut at 2,000 characters */
  data: string;
  /** the extrinsic that emitted it (index in its block); absent for block initialisation and finalisation */
  extrinsic?: number;
  /** accounts and twin ids among its fields, for filtering */
  accounts: string[];
  twins: number[];
}

export interface BlockDetail {
  block: BlockSummary;
  extrinsics: ExtrinsicView[];
  events: EventView[];
}

export interface ExplorerState {
  /** the chain followed: the local grid's while it runs */
  endpoint: string | null;
  connected: boolean;
  /** the best block number seen (-1 before the first) */
  head: number;
  error?: string;
}

export interface ExplorerUpdate {
  state: ExplorerState;
  /** blocks that arrived since the last update, newest first (at most 50) */
  blocks: BlockSummary[];
}

export type SearchHit =
  | { kind: 'block'; block: number }
  | { kind: 'account'; address: string }
  | { kind: 'twin' | 'farm' | 'node' | 'contract'; id: number; found: boolean; data: string };

export const explorerMethods = {
  'explorer.status': method<ExplorerState>()(empty),
  /** Block summaries newest first, before a block number (default: from the head). */
  'explorer.blocks': method<BlockSummary[]>()(
    z.object({ before: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(),
  ),
  'explorer.block': method<BlockDetail>()(
    z.object({ id: z.union([z.number().int().min(0), z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a block number or a 0x… block hash')]) }).strict(),
  ),
  /** Events of recent blocks (the last 10,000 followed), newest first, filtered by pallet, account or twin. */
  'explorer.events': method<EventView[]>()(
    z
      .object({
        section: z.string().max(64).optional(),
        account: z.string().max(64).optional(),
        twin: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ),
  /** A block number or hash, an address, or "twin 3", "farm 1", "node 2", "contract 5". */
  'explorer.search': method<SearchHit>()(z.object({ query: z.string().trim().min(1, 'type what to look for').max(128) }).strict()),
} as const;

export const explorerTopics = {
  /** New blocks as they arrive, batched (at most four updates a second). */
  'explorer.changed': topic<ExplorerUpdate>()(empty),
} as const;
