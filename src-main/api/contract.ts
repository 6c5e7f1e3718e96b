/**
 * The one contract between the renderer and the backend.
 *
 * Every backend method is declared here once: its request schema (validated in the backend, because the renderer is
 * untrusted) and its response type. Every subscription topic likewise. The Electron preload bridge, the web-fallback
 * WebSocket transport, the backend dispatcher and the renderer's typed client are all derived from these tables, so a
 * method cannot exist in one transport and not the other.
 */
import { z } from 'zod';
import type { Capacity, NodeStatus } from '../../simulator/node/types';

/** A declaration pairs a runtime schema for the request with a compile-time-only response type. */
export interface MethodDecl<P extends z.ZodType, R> {
  readonly params: P;
  /** Phantom: carries the response type; never set at runtime. */
  readonly result?: R;
}
export interface TopicDecl<P extends z.ZodType, E> {
  readonly params: P;
  readonly event?: E;
}

const method = <R>() => <P extends z.ZodType>(params: P): MethodDecl<P, R> => ({ params });
const topic = <E>() => <P extends z.ZodType>(params: P): TopicDecl<P, E> => ({ params });

// ---------------------------------------------------------------------------------------------------------------
// Shared value types

export const KEY_TYPES = ['sr25519', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface AccountInfo {
  address: string;
  publicKey: string;
  name: string;
  type: KeyType;
  /** ms since epoch; 0 for development accounts */
  createdAt: number;
  /** //Alice … //Ferdie: well-known, never saved, always usable without a password */
  dev: boolean;
  locked: boolean;
  /** true when the account was created or imported from a mnemonic that Gridbox keeps (encrypted) */
  hasMnemonic: boolean;
}

export interface CreateDraft {
  draftId: string;
  address: string;
  publicKey: string;
  type: KeyType;
  mnemonic: string;
  /** 1-based word positions the user must re-enter to prove the mnemonic was written down */
  challenge: number[];
  /** ms since epoch after which the draft is forgotten */
  expiresAt: number;
}

export interface Settings {
  theme: Theme;
  autoLockMinutes: number;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web';
  dataDir: string;
  platform: string;
  /** how key files are protected on top of the password */
  keyFileProtection: 'password' | 'password+os-keychain';
}

export interface Signature {
  signature: string;
  publicKey: string;
  type: KeyType;
}

/** What a simulated node of the local grid reports: its node host's status (docs/LOCAL-GRID-SEAMS.md), as is. */
export type GridNodeView = NodeStatus;
export type GridCapacity = Capacity;

export const GRID_NODE_ACTIONS = ['stop', 'start', 'restart', 'crash', 'pause-uptime', 'resume-uptime', 'relay-cut', 'relay-restore'] as const;
export type GridNodeAction = (typeof GRID_NODE_ACTIONS)[number];

export interface GridView {
  state: 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';
  /** `app`: started here; `cli`: by `gridbox up` in a terminal (watched and controlled here too). */
  owner?: 'app' | 'cli';
  /** the workspace folder the grid keeps its chain data, node identities and logs in */
  workspace: string;
  /** start-up steps so far, newest last */
  progress: string[];
  /** why the grid failed to start or stopped on its own, and what to do */
  error?: string;
  endpoints?: { substrate: string; relay?: string; activation?: string };
  farmer?: { address: string; twinId: number; farmId: number };
  nodes: GridNodeView[];
  startedAt?: string;
}

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

export interface ContractView {
  id: number;
  type: 'node' | 'name' | 'rent';
  state: 'created' | 'gracePeriod' | 'deleted';
  /** block number the grace period started at (the contract's owner ran out of funds) */
  graceSince?: number;
  twinId: number;
  /** name contracts */
  name?: string;
  /** node and rent contracts */
  nodeId?: number;
  /** node contracts: the deployment's metadata as the client stored it */
  deploymentData?: string;
  publicIps?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Request schemas (input from the renderer or the CLI: treat as hostile)

const address = z.string().trim().min(1, 'an address is required').max(64);
const password = z.string().min(1, 'a password is required').max(1024);
/** A password that will protect a key file: long enough that scrypt's cost is worth something. */
const newPassword = z.string().min(8, 'use a password of at least 8 characters').max(1024);
const name = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(64, 'a name has at most 64 characters')
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'a name cannot contain control characters');
const keyType = z.enum(KEY_TYPES);
const empty = z.object({}).strict();

const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mnemonic'), mnemonic: z.string().min(1).max(1024), type: keyType.default('sr25519') }),
  z.object({ kind: z.literal('seed'), seed: z.string().min(1).max(256), type: keyType.default('sr25519') }),
  z.object({ kind: z.literal('json'), json: z.string().min(2).max(64 * 1024), jsonPassword: z.string().max(1024) }),
]);

export const methods = {
  'app.info': method<AppInfo>()(empty),

  'settings.get': method<Settings>()(empty),
  'settings.update': method<Settings>()(
    z
      .object({
        theme: z.enum(THEMES).optional(),
        autoLockMinutes: z.number().int().min(1).max(24 * 60).optional(),
      })
      .strict(),
  ),

  'keys.list': method<AccountInfo[]>()(empty),
  /** Step 1 of creation: a fresh mnemonic held in the backend until confirmed. Nothing is written yet. */
  'keys.createBegin': method<CreateDraft>()(
    z.object({ words: z.union([z.literal(12), z.literal(24)]).default(12), type: keyType.default('sr25519') }).strict(),
  ),
  /** Step 2: the user re-enters the challenged words; only then is the keystore encrypted and written. */
  'keys.createConfirm': method<AccountInfo>()(
    z
      .object({
        draftId: z.string().min(1).max(64),
        name,
        password: newPassword,
        words: z.record(z.string().regex(/^\d{1,2}$/), z.string().max(32)),
      })
      .strict(),
  ),
  'keys.createCancel': method<null>()(z.object({ draftId: z.string().min(1).max(64) }).strict()),
  'keys.import': method<AccountInfo>()(z.object({ name, password: newPassword, source: importSource }).strict()),
  'keys.revealMnemonic': method<{ mnemonic: string }>()(z.object({ address, password }).strict()),
  'keys.export': method<{ json: string; filename: string }>()(z.object({ address, password }).strict()),
  'keys.rename': method<AccountInfo>()(z.object({ address, name }).strict()),
  'keys.remove': method<null>()(z.object({ address }).strict()),
  'keys.unlock': method<AccountInfo>()(z.object({ address, password }).strict()),
  /** Lock one account, or every account when no address is given. */
  'keys.lock': method<null>()(z.object({ address: address.optional() }).strict()),
  /** Signs bytes (0x-hex) or UTF-8 text with an unlocked account. The secret never leaves the backend. */
  'keys.sign': method<Signature>()(
    z.object({ address, message: z.string().max(1024 * 1024), encoding: z.enum(['hex', 'utf8']).default('utf8') }).strict(),
  ),

  /** The local grid in the default workspace: stopped, starting, running (here or from `gridbox up`), its nodes. */
  'grid.status': method<GridView>()(empty),
  /** Starts the local grid and resolves once every node is online; progress arrives as 'grid.changed' events. */
  'grid.start': method<GridView>()(
    z
      .object({
        nodes: z.number().int().min(0, 'at least 0 nodes').max(100, 'at most 100 nodes').default(3),
        /** a block as soon as a transaction arrives (otherwise a block every 6 s, as TFChain) */
        instant: z.boolean().default(true),
        profile: z.enum(['small', 'medium', 'large', 'gpu']).default('small'),
      })
      .strict(),
  ),
  'grid.stop': method<GridView>()(empty),
  'grid.node': method<GridNodeView>()(
    z
      .object({
        name: z.string().regex(/^node\d{1,3}$/, 'a node name such as node1'),
        action: z.enum(GRID_NODE_ACTIONS),
      })
      .strict(),
  ),

  /** The account's twin on the local grid's chain (0: none yet). */
  'chain.twin': method<{ twinId: number }>()(z.object({ address }).strict()),
  /** Funds (local activation), terms and a twin on the local relay, as a new user needs; skips what is done. */
  'chain.ensureTwin': method<{ twinId: number }>()(z.object({ address }).strict()),
  /** The account's contracts on the local grid's chain. */
  'contracts.list': method<ContractView[]>()(z.object({ address }).strict()),
  'contracts.createName': method<ContractView>()(
    z
      .object({
        address,
        name: z
          .string()
          .trim()
          .regex(/^[a-z0-9_-]{3,64}$/, 'a name has 3 to 64 characters: lowercase letters, digits, - and _'),
      })
      .strict(),
  ),
  'contracts.createRent': method<ContractView>()(z.object({ address, nodeId: z.number().int().min(1) }).strict()),
  'contracts.cancel': method<null>()(z.object({ address, id: z.number().int().min(1) }).strict()),

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

export const topics = {
  /** The full account list, sent whenever an account is added, renamed, removed, locked or unlocked. */
  'keys.changed': topic<AccountInfo[]>()(empty),
  'settings.changed': topic<Settings>()(empty),
  /** The whole grid view, whenever its state, progress or a node's status changes. */
  'grid.changed': topic<GridView>()(empty),
  /** New blocks as they arrive, batched (at most four updates a second). */
  'explorer.changed': topic<ExplorerUpdate>()(empty),
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Derived types

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Topics = typeof topics;
export type TopicName = keyof Topics;

/** What a caller passes (defaults may be omitted). */
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives after validation (defaults filled in). */
export type ParamsOut<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = Exclude<Methods[M]['result'], undefined>;
export type TopicParamsIn<T extends TopicName> = z.input<Topics[T]['params']>;
export type TopicEvent<T extends TopicName> = Exclude<Topics[T]['event'], undefined>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(methods, value);
}
export function isTopicName(value: unknown): value is TopicName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(topics, value);
}

/** The surface the renderer programs against, whatever carries it (Electron IPC or the web fallback). */
export interface GridboxApi {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  subscribe<T extends TopicName>(topic: T, params: TopicParamsIn<T>, onEvent: (event: TopicEvent<T>) => void): () => void;
}
