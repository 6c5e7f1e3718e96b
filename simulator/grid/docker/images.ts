/**
 * Our images on the engine: every `gridbox-sim:<hash>` tag on an image labelled as ours, the one this checkout
 * uses marked current. Pruning removes the other gridbox-sim tags only (an image also tagged by someone else keeps
 * that tag and its layers); an image a container still uses is kept, and the engine says so.
 */
import type Docker from 'dockerode';
import { OWNER, OWNER_LABEL } from './engine';
import { IMAGE_REPO } from './image';

export interface OurImage {
  readonly tag: string;
  readonly id: string;
  readonly createdAt: string;
  readonly sizeBytes: number;
  readonly current: boolean;
}

export async function listSimImages(docker: Docker, currentTag: string): Promise<OurImage[]> {
  const images = await docker.listImages({ filters: JSON.stringify({ label: [`${OWNER_LABEL}=${OWNER}`] }) });
  return images
    .flatMap((image) => (image.RepoTags ?? []).filter((tag) => tag.startsWith(`${IMAGE_REPO}:`)).map((tag) => ({
      tag, id: image.Id, createdAt: new Date(image.Created * 1000).toISOString(), sizeBytes: image.Size, current: tag === currentTag,
    })))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.tag.localeCompare(b.tag));
}

export interface PruneResult {
  readonly removed: string[];
  readonly kept: { tag: string; reason: string }[];
}

/** Removes every gridbox-sim tag but the current one; an image a container uses is kept with the engine's reason. */
export async function pruneSimImages(docker: Docker, currentTag: string): Promise<PruneResult> {
  const result: PruneResult = { removed: [], kept: [] };
  for (const image of await listSimImages(docker, currentTag)) {
    if (image.current) {
      result.kept.push({ tag: image.tag, reason: 'current' });
      continue;
    }
    try {
      // By tag, not id: only this name goes, and the layers only when no other tag holds them.
      await docker.getImage(image.tag).remove({ noprune: false });
      result.removed.push(image.tag);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      result.kept.push({ tag: image.tag, reason: status === 409 ? 'in use by a container' : (error as Error).message });
    }
  }
  return result;
}
