/**
 * What the CLI needs of the Docker backend: a ready backend for a workspace (engine answered, image built or
 * reused), and the label-based cleanup and listing `gridbox down|status|node` use from another process.
 */
import type { WorkspacePaths } from '../workspace';
import type { DockerBackend } from './docker-backend';
import { connectDocker, DockerUnavailableError, listOurContainers, removeOurResources, workspaceSlug, type OurContainer } from './engine';
import { ensureSimImage } from './image';

export type { DockerBackend } from './docker-backend';
export { connectDocker, DockerUnavailableError, DOCKER_NOT_RUNNING, listOurContainers, removeOurResources, type OurContainer } from './engine';
export { ensureSimImage } from './image';

export interface DockerGridOptions {
  /** Another image as the chain (e.g. ghcr.io/threefoldtech/tfchain); `args` default to a TFChain dev node's. */
  readonly chainImage?: string;
  readonly chainArgs?: readonly string[];
}

/** Throws DockerUnavailableError (with the message to show) when no engine answers. */
export async function dockerBackendFor(workspace: WorkspacePaths, onProgress: (message: string) => void = () => {}, options: DockerGridOptions = {}): Promise<DockerBackend> {
  const docker = await connectDocker();
  const image = await ensureSimImage(docker, onProgress);
  onProgress(`${image.built ? 'built' : 'reusing'} the Docker image ${image.tag}`);
  if (options.chainImage && !(await docker.getImage(options.chainImage).inspect().then(() => true, () => false))) {
    throw new DockerUnavailableError(`the chain image ${options.chainImage} is not on this machine: pull it first (docker pull ${options.chainImage})`);
  }
  // Loaded here: the backend brings the node host's control API (and @polkadot/api); status, down and node do not need it.
  const { DEFAULT_CHAIN_IMAGE_ARGS, DockerBackend } = await import('./docker-backend');
  return new DockerBackend({
    docker, image: image.tag, workspaceRoot: workspace.root, logDir: workspace.logs,
    ...(options.chainImage ? { chainImage: { image: options.chainImage, args: options.chainArgs?.length ? options.chainArgs : DEFAULT_CHAIN_IMAGE_ARGS } } : {}),
  });
}

/**
 * Removes what is ours for the workspace when an engine answers (quietly nothing when none does): the total of
 * containers, networks and volumes removed, or undefined without an engine.
 */
export async function cleanUpWorkspace(root: string): Promise<number | undefined> {
  const docker = await connectDocker().catch(() => undefined);
  if (!docker) return undefined;
  const removed = await removeOurResources(docker, root);
  return removed.containers + removed.networks + removed.volumes;
}

/** The workspace's containers, or [] without an engine. */
export async function workspaceContainers(root: string): Promise<OurContainer[]> {
  const docker = await connectDocker().catch(() => undefined);
  return docker ? listOurContainers(docker, root) : [];
}

export const CONTAINER_ACTIONS = ['pause', 'unpause', 'kill', 'disconnect', 'connect'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/**
 * Docker-level faults on the container of a part (`chain`, `relay`, `activation`) or of a node (each node has its
 * own); `nodes` means every node's container. Returns the containers' names.
 */
export async function containerFault(root: string, target: string, nodeNames: readonly string[], action: ContainerAction): Promise<string> {
  const docker = await connectDocker();
  const containers = await listOurContainers(docker, root);
  let found = target === 'nodes' ? containers.filter((c) => c.role === 'node') : containers.filter((c) => c.part === target);
  // A grid of an older build ran every node in one `nodes` container.
  if (found.length === 0 && nodeNames.includes(target)) found = containers.filter((c) => c.part === 'nodes');
  if (found.length === 0) throw new DockerUnavailableError(`no Docker container of this grid runs ${target} (was it started with --docker?)`);
  const network = docker.getNetwork(workspaceSlug(root));
  await Promise.all(found.map(async ({ id, part }) => {
    const container = docker.getContainer(id);
    if (action === 'pause') await container.pause();
    else if (action === 'unpause') await container.unpause();
    else if (action === 'kill') await container.kill();
    else if (action === 'disconnect') await network.disconnect({ Container: id });
    else await network.connect({ Container: id, EndpointConfig: { Aliases: [part] } });
  }));
  return found.map((c) => c.name).join(', ');
}

/** A Docker grid is down: close the backend and remove whatever container or network of the workspace is left. */
export async function closeDockerGrid(backend: DockerBackend, root: string): Promise<void> {
  await backend.close().catch(() => {});
  await removeOurResources(backend.docker, root).catch(() => {});
}
