/**
 * The Docker engine as Gridbox sees it: a connection that fails with a message a user can act on, the labels that
 * mark what Gridbox created, and the names derived from a workspace (so two workspaces never share a container).
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import Docker from 'dockerode';

export const OWNER_LABEL = 'io.gridbox.owner';
export const OWNER = 'gridbox';
export const WORKSPACE_LABEL = 'io.gridbox.workspace';
export const PART_LABEL = 'io.gridbox.part';
/** `node` on the container of one simulated node (its part label is the node's name). */
export const ROLE_LABEL = 'io.gridbox.role';

const PING_TIMEOUT_MS = 3000;

export class DockerUnavailableError extends Error {
  override readonly name = 'DockerUnavailableError';
}

export const DOCKER_NOT_RUNNING = 'Docker is not running: start it (sudo systemctl start docker) or run without --docker';

/** A client for the local engine (DOCKER_HOST or the default socket), or DockerUnavailableError when none answers. */
export async function connectDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS).unref()),
    ]);
  } catch {
    throw new DockerUnavailableError(DOCKER_NOT_RUNNING);
  }
  return docker;
}

/** `gridbox-<folder name>-<hash of the path>`: readable, valid as a Docker name, unique per workspace folder. */
export function workspaceSlug(root: string): string {
  const name = basename(root).toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 24) || 'ws';
  return `gridbox-${name}-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
}

export function workspaceLabels(root: string, part?: string): Record<string, string> {
  return { [OWNER_LABEL]: OWNER, [WORKSPACE_LABEL]: root, ...(part ? { [PART_LABEL]: part } : {}) };
}

function labelFilter(root: string): string {
  return JSON.stringify({ label: [`${OWNER_LABEL}=${OWNER}`, `${WORKSPACE_LABEL}=${root}`] });
}

export interface OurContainer {
  readonly id: string;
  readonly name: string;
  readonly part: string;
  /** `node` for a node's own container, else ''. */
  readonly role: string;
  readonly state: string;
  readonly status: string;
}

/** The containers Gridbox created for a workspace, running or not. */
export async function listOurContainers(docker: Docker, root: string): Promise<OurContainer[]> {
  const list = await docker.listContainers({ all: true, filters: labelFilter(root) });
  return list.map((c) => ({
    id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), part: c.Labels[PART_LABEL] ?? '', role: c.Labels[ROLE_LABEL] ?? '', state: c.State, status: c.Status,
  }));
}

/** Removes every container, network and volume labelled as ours for the workspace, and nothing else. */
export async function removeOurResources(docker: Docker, root: string): Promise<{ containers: number; networks: number; volumes: number }> {
  const filters = labelFilter(root);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => {})));
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(volumes.map((v) => docker.getVolume(v.Name).remove().catch(() => {})));
  return { containers: containers.length, networks: networks.length, volumes: volumes.length };
}
