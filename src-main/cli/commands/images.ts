/** `gridbox images [--prune]`: the simulator images `gridbox up --docker` built, and removing the old ones. */
import { ApiError } from '../../api/errors';
import { connectDocker, DockerUnavailableError } from '../../../simulator/grid/docker/engine';
import { currentSimTag } from '../../../simulator/grid/docker/image';
import { listSimImages, pruneSimImages } from '../../../simulator/grid/docker/images';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';

const NAME = 'gridbox images';

export const imagesCommand: Command = {
  summary: 'list (or prune) the Docker images gridbox up --docker built',
  help: `Usage: ${NAME} [--prune] [--json]

Lists the gridbox-sim images on the local Docker engine (labelled io.gridbox.owner=gridbox), newest first; the
one this checkout uses is marked current. A new one is built whenever the simulator changes, so old ones pile up.

Options:
  --prune      remove every gridbox-sim tag but the current one (images of running grids are kept; no other
               image is touched)
  --json       one JSON object on stdout
  -h, --help   this text
`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { prune: { type: 'boolean' }, json: { type: 'boolean' } }, { command: NAME });
    if (values.help) {
      ctx.io.out(this.help);
      return 0;
    }
    const docker = await connectDocker().catch((error: unknown) => {
      throw error instanceof DockerUnavailableError ? new ApiError('not_found', error.message) : error;
    });
    const current = await currentSimTag();
    if (values.prune) {
      const { removed, kept } = await pruneSimImages(docker, current);
      if (values.json) ctx.io.out(`${JSON.stringify({ current, removed, kept })}\n`);
      else {
        ctx.io.out([
          ...removed.map((tag) => `removed  ${tag}`),
          ...kept.map(({ tag, reason }) => `kept     ${tag} (${reason})`),
          `${removed.length} image tag(s) removed`,
          '',
        ].join('\n'));
      }
      return 0;
    }
    const images = await listSimImages(docker, current);
    if (values.json) {
      ctx.io.out(`${JSON.stringify({ current, images })}\n`);
      return 0;
    }
    ctx.io.out([
      ...images.map((i) => `${i.tag.padEnd(30)} ${i.id.replace(/^sha256:/, '').slice(0, 12)}  ${i.createdAt}  ${(i.sizeBytes / 2 ** 20).toFixed(0)} MiB${i.current ? '  current' : ''}`),
      ...(images.length === 0 ? ['no gridbox-sim image yet (gridbox up --docker builds one)'] : []),
      '',
    ].join('\n'));
    return 0;
  },
};
