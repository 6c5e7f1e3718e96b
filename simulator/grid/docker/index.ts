/**
 * What the CLI needs of the Docker backend: a ready backend for a workspace (engine answered, image built or
 * reused), and the label-based cleanup and listing `gridbox down|status|node` use from another process.
 */
import type { WorkspacePaths } from '../workspace';
import { DockerBackend } from './docker-backend';
import { connectDocker, DockerUnavailableError, listOurContainers, removeOurResources, workspaceSlug, type OurContainer } from './engine';
import { ensureSimImage } from './image';

export { DockerBackend } from './docker-backend';
export { connectDocker, DockerUnavailableError, DOCKER_NOT_RUNNING, listOurContainers, removeOurResources, type OurContainer } from './engine';
export { ensureSimImage } from './image';

/** Throws DockerUnavailableError (with the message to show) when no engine answers. */
export async function dockerBackendFor(workspace: WorkspacePaths, onProgress: (message: string) => void = () => {}): Promise<DockerBackend> {
  const docker = await connectDocker();
  const image = await ensureSimImage(docker, onProgress);
  onProgress(`${image.built ? 'built' : 'reusing'} the Docker image ${image.tag}`);
  return new DockerBackend({ docker, image: image.tag, workspaceRoot: workspace.root, logDir: workspace.logs });
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
 * Docker-level faults on the container of a part (`services`, `nodes`) or of a node (its node host's container:
 * for now all nodes share one, so this reaches every node). Returns the container's name.
 */
export async function containerFault(root: string, target: string, nodeNames: readonly string[], action: ContainerAction): Promise<string> {
  const docker = await connectDocker();
  const containers = await listOurContainers(docker, root);
  const part = containers.some((c) => c.part === target) ? target : nodeNames.includes(target) ? 'nodes' : undefined;
  const found = containers.find((c) => c.part === part);
  if (!found) throw new DockerUnavailableError(`no Docker container of this grid runs ${target} (was it started with --docker?)`);
  const container = docker.getContainer(found.id);
  const network = docker.getNetwork(workspaceSlug(root));
  if (action === 'pause') await container.pause();
  else if (action === 'unpause') await container.unpause();
  else if (action === 'kill') await container.kill();
  else if (action === 'disconnect') await network.disconnect({ Container: found.id });
  else await network.connect({ Container: found.id, EndpointConfig: { Aliases: [found.part] } });
  return found.name;
}
