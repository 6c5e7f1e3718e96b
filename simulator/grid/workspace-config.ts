/**
 * `workspace.json`: what grid a workspace holds (nodes with their profiles, farm, block mode, uptime interval,
 * backend, workshop), so a plain `gridbox up` brings the same grid back and options on its command line change it.
 * Read with zod: a damaged file is a clear error naming the file, never a silent reset to defaults.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { hardwareProfileSchema, type HardwareProfile } from '../node/profiles';
import { writeJsonAtomic, type WorkspacePaths } from './workspace';

/** The farm `gridbox up` creates unless the workspace names another. */
export const DEFAULT_FARM_NAME = 'gridbox-farm';
export const PROFILE_NAMES = ['small', 'medium', 'large', 'gpu'] as const;
const NODE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export const workspaceConfigSchema = z.object({
  version: z.literal(1),
  nodes: z.array(z.object({
    name: z.string().regex(NODE_NAME),
    profile: z.enum(PROFILE_NAMES),
    /**
     * A farmer's own node (booted by the app's Farm page): its exact hardware, which wins over `profile` (kept by
     * `--profile`), and the farm it joined, instead of the grid farmer's.
     */
    hardware: hardwareProfileSchema.optional(),
    farmId: z.number().int().positive().optional(),
  })).max(1000)
    .refine((nodes) => new Set(nodes.map((n) => n.name)).size === nodes.length, 'node names must differ'),
  farmName: z.string().min(1).max(64),
  blockMode: z.enum(['instant', 'interval']),
  /** Seconds between the nodes' uptime reports; absent: the node host's default. */
  uptimeIntervalSecs: z.number().int().min(1).max(86_400).optional(),
  backend: z.enum(['process', 'docker']),
  /** Node identities derived from the fixed workshop phrase (workshop.ts), so every attendee's grid is the same. */
  workshop: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When a `gridbox up` last started this grid. */
  lastUsedAt: z.string().optional(),
});

export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export class WorkspaceConfigError extends Error {
  override readonly name = 'WorkspaceConfigError';
}

/** Workshop grids report uptime every 10 s, so a node's status changes within a demo's attention span. */
export const WORKSHOP_UPTIME_SECS = 10;

export function defaultConfig(now = new Date()): WorkspaceConfig {
  const at = now.toISOString();
  return {
    version: 1, nodes: nodeList(3, 'small'), farmName: DEFAULT_FARM_NAME, blockMode: 'interval', backend: 'process', workshop: false,
    createdAt: at, updatedAt: at,
  };
}

/** The workspace's configuration, or undefined when it has none yet (a new or pre-workspace.json folder). */
export function readWorkspaceConfig(paths: WorkspacePaths): WorkspaceConfig | undefined {
  let text: string;
  try {
    text = readFileSync(paths.config, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WorkspaceConfigError(`cannot read ${paths.config}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WorkspaceConfigError(`${paths.config} is not valid JSON; fix it or delete it to start from the defaults`);
  }
  const parsed = workspaceConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WorkspaceConfigError(`${paths.config} is not a Gridbox workspace file (${issue.path.join('.') || 'root'}: ${issue.message}); fix it or delete it to start from the defaults`);
  }
  return parsed.data;
}

export function writeWorkspaceConfig(paths: WorkspacePaths, config: WorkspaceConfig): void {
  writeJsonAtomic(paths.config, workspaceConfigSchema.parse(config));
}

/**
 * What `gridbox up` was told on its command line: `true` turns an option on, `false` off again (`--no-instant`, …),
 * absent keeps what workspace.json has.
 */
export interface UpChoices {
  readonly nodes?: number;
  readonly profile?: ProfileName;
  readonly instant?: boolean;
  /** An explicit block mode (the app's start form): wins over `instant` and the workshop's instant default. */
  readonly blockMode?: WorkspaceConfig['blockMode'];
  readonly uptimeIntervalSecs?: number;
  readonly docker?: boolean;
  readonly workshop?: boolean;
}

/**
 * The workspace's configuration with the command line's choices applied. `--nodes` keeps the existing nodes'
 * names and profiles and adds or drops at the end; `--profile` applies to every node; `--workshop` also means
 * instant blocks and a short uptime interval unless those are given.
 */
export function applyUpChoices(existing: WorkspaceConfig | undefined, choices: UpChoices, now = new Date()): WorkspaceConfig {
  const base = existing ?? defaultConfig(now);
  let nodes = base.nodes;
  if (choices.nodes !== undefined) {
    const added = nodeList(choices.nodes, choices.profile ?? lastPresetProfile(nodes)).slice(nodes.length);
    nodes = [...nodes.slice(0, choices.nodes), ...added.filter((n) => !nodes.some((m) => m.name === n.name))];
  }
  if (choices.profile) nodes = nodes.map((n) => ({ ...n, profile: choices.profile! }));
  const workshop = choices.workshop ?? base.workshop;
  const uptimeIntervalSecs = choices.uptimeIntervalSecs ?? (choices.workshop && !base.workshop ? WORKSHOP_UPTIME_SECS : base.uptimeIntervalSecs);
  // Turning the workshop off keeps its block mode and uptime interval unless those are given too.
  const blockMode = choices.blockMode ?? (choices.instant === false ? 'interval' : choices.instant || choices.workshop ? 'instant' : base.blockMode);
  return {
    ...base,
    nodes,
    blockMode,
    ...(uptimeIntervalSecs === undefined ? {} : { uptimeIntervalSecs }),
    backend: choices.docker === undefined ? base.backend : choices.docker ? 'docker' : 'process',
    workshop,
    updatedAt: now.toISOString(),
  };
}

/** The profile of the last node that runs a preset (not a farmer's own hardware): what added nodes get. */
export function lastPresetProfile(nodes: WorkspaceConfig['nodes']): ProfileName {
  return nodes.filter((n) => !n.hardware).at(-1)?.profile ?? 'small';
}

export interface FarmerNode {
  readonly name: string;
  readonly hardware: HardwareProfile;
  readonly farmId: number;
}

/**
 * The workspace's grid with a farmer's own node recorded (added at the end, or replacing the node of that name), so
 * the next start brings it back: same name, hence the same identity folder and node id, same hardware and farm.
 */
export function withFarmerNode(existing: WorkspaceConfig | undefined, node: FarmerNode, now = new Date()): WorkspaceConfig {
  const base = existing ?? defaultConfig(now);
  const entry = { name: node.name, profile: lastPresetProfile(base.nodes), hardware: node.hardware, farmId: node.farmId };
  const at = base.nodes.findIndex((n) => n.name === node.name);
  const nodes = at < 0 ? [...base.nodes, entry] : base.nodes.map((n, i) => (i === at ? entry : n));
  return { ...base, nodes, updatedAt: now.toISOString() };
}

/** node1…nodeN: `gridbox up` names its nodes so, and registers them in that order. */
function nodeList(count: number, profile: ProfileName): WorkspaceConfig['nodes'] {
  return Array.from({ length: count }, (_, i) => ({ name: `node${i + 1}`, profile }));
}
