/** The local grid: start, stop, its nodes and their faults. */
import * as z from 'zod';
import type { Capacity, NodeStatus } from '../../../simulator/node/types';
import { empty, method, topic } from '../decl';

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
  endpoints?: { substrate: string; relay?: string; activation?: string; proxy?: string; graphql?: string; kyc?: string };
  farmer?: { address: string; twinId: number; farmId: number };
  nodes: GridNodeView[];
  startedAt?: string;
}

/** The most nodes a start from the app may ask for. */
export const MAX_GRID_START_NODES = 100;

export const gridMethods = {
  /** The local grid in the default workspace: stopped, starting, running (here or from `gridbox up`), its nodes. */
  'grid.status': method<GridView>()(empty),
  /** Starts the local grid and resolves once every node is online; progress arrives as 'grid.changed' events. */
  'grid.start': method<GridView>()(
    z
      .object({
        nodes: z.number().int().min(0, 'at least 0 nodes').max(MAX_GRID_START_NODES, `at most ${MAX_GRID_START_NODES} nodes`).default(3),
        /** a block as soon as a transaction arrives (otherwise a block every 6 s, as TFChain) */
        instant: z.boolean().default(true),
        profile: z.enum(['small', 'medium', 'large', 'gpu']).default('small'),
        /** process: local child processes; docker: each part in its own container (needs a Docker engine) */
        backend: z.enum(['process', 'docker']).default('process'),
        /** the workshop preset: fixed node identities, instant blocks, uptime every 10 s (kept by the workspace) */
        workshop: z.boolean().default(false),
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
  /** Which backends can run here: Docker only when an engine answers a ping (with the reason when not). */
  'grid.engines': method<GridEngines>()(empty),
  /**
   * A node's log lines from the open workspace (secrets redacted): the last `maxLines`, or with `after` (the offset
   * from the previous answer) only the lines written since, to follow it.
   */
  'grid.logs': method<GridLogChunk>()(
    z
      .object({
        name: z.string().regex(/^node\d{1,3}$/, 'a node name such as node1'),
        after: z.number().int().min(0).optional(),
        maxLines: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ),
} as const;

export interface GridEngines {
  docker: { available: boolean; reason?: string };
}

export interface GridLogChunk {
  lines: string[];
  offset: number;
}

export const gridTopics = {
  /** The whole grid view, whenever its state, progress or a node's status changes. */
  'grid.changed': topic<GridView>()(empty),
} as const;
