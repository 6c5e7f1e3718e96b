/**
 * What the CLI needs of the Docker backend: a ready backend for a workspace (engine answered, image built or
 * reused), and the label-based cleanup and listing `gridbox down|status|node` use from another process.
 */
import type { WorkspacePaths } from '../workspace';
import { DockerBackend } from './docker-backend';
import { connectDocker } from './engine';
import { ensureSimImage } from './image';

export { DockerBackend } from './docker-backend';
export { connectDocker, DockerUnavailableError, DOCKER_NOT_RUNNING, listOurContainers, removeOurResources } from './engine';
export { ensureSimImage } from './image';

/** Throws DockerUnavailableError (with the message to show) when no engine answers. */
export async function dockerBackendFor(workspace: WorkspacePaths, onProgress: (message: string) => void = () => {}): Promise<DockerBackend> {
  const docker = await connectDocker();
  const image = await ensureSimImage(docker, onProgress);
  onProgress(`${image.built ? 'built' : 'reusing'} the Docker image ${image.tag}`);
  return new DockerBackend({ docker, image: image.tag, workspaceRoot: workspace.root, logDir: workspace.logs });
}
