/**
 * `gridbox up`: a whole local grid (chain, relay, activation, a farmer with twin and farm, N nodes) as child
 * processes, in the foreground until Ctrl-C or SIGTERM, which stop everything it started.
 */
import { ApiError } from '../../api/errors';
import { Grid, GridStartError, NODE_PROFILES, stopAll, type ProgressEvent } from '../../../simulator/grid/grid';
import type { GridBackend } from '../../../simulator/grid/backend';
import type { DockerBackend, DockerGridOptions } from '../../../simulator/grid/docker/index';
import { ProcessBackend } from '../../../simulator/grid/process-backend';
import { profileMark } from '../../../simulator/grid/startup-profile';
import { isAlive, readRunState, type WorkspacePaths } from '../../../simulator/grid/workspace';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { DATA_OPTION, workspaceOf } from './up-workspace';
import { workspaceGridFor } from './up-config';

const NAME = 'gridbox up';
const MAX_NODES = 1000;
const DOCKER_READY_TIMEOUT_MS = 180_000;

const OPTIONS = {
  ...DATA_OPTION,
  nodes: { type: 'string', short: 'n' },
  instant: { type: 'boolean' },
  'no-instant': { type: 'boolean' },
  'no-docker': { type: 'boolean' },
  'no-workshop': { type: 'boolean' },
  json: { type: 'boolean' },
  profile: { type: 'string' },
  'uptime-interval': { type: 'string' },
  'free-ports': { type: 'boolean' },
  separate: { type: 'boolean' },
  timeout: { type: 'string' },
  docker: { type: 'boolean' },
  workshop: { type: 'boolean' },
  'chain-image': { type: 'string' },
  'chain-arg': { type: 'string', multiple: true },
} as const;

/** `--x` turns an option of workspace.json on, `--no-x` off again; neither keeps it. */
function onOff<K extends 'instant' | 'docker' | 'workshop'>(values: Partial<Record<K | `no-${K}`, boolean>>, option: K): Partial<Record<K, boolean>> {
  if (values[option]) return { [option]: true } as Partial<Record<K, boolean>>;
  if (values[`no-${option}`]) return { [option]: false } as Partial<Record<K, boolean>>;
  return {};
}

/** After the grid is down the process should end by itself; this bounds the wait if a stray handle keeps it alive. */
const EXIT_GRACE_MS = 3000;

export const upCommand: Command = {
  summary: 'start a local grid: chain, relay, activation, a farmer and N nodes',
  help: `Usage: ${NAME} [--nodes N] [--data DIR] [--instant] [--json] [--profile small|medium|large|gpu]
                  [--uptime-interval S] [--free-ports] [--separate] [--timeout S] [--workshop]
                  [--no-instant] [--no-docker] [--no-workshop]
                  [--docker [--chain-image IMAGE [--chain-arg=ARG ...]]]

Starts the dev chain, the RMB relay, the activation service, a farmer account (//Farmer, dev phrase) with a twin
and the farm gridbox-farm, and N simulated Zero-OS nodes in that farm, as local processes. Waits until every node
is registered and has reported uptime, then prints the grid's URLs and ids and stays in the foreground. Ctrl-C
(SIGINT) or SIGTERM stops everything it started. Progress goes to stderr.

Options:
  -n, --nodes N           how many nodes (default 3, or the workspace's)
  --data DIR              the workspace folder (default: the current workspace, see 'gridbox workspace'):
                          workspace.json, logs, run.json, chain and node data
  --instant               a block as soon as a transaction arrives (default: a block every 6 s)
  --json                  print one JSON line when ready: {"substrate","relay","activation","proxy","graphql","kyc","farmer","nodes"}
  --profile P             the nodes' hardware: small, medium, large or gpu (default small)
  --uptime-interval S     seconds between uptime reports (default: the node host's, as Zero-OS)
  --free-ports            any free ports instead of 9944 (chain), 8081 (relay), 8085 (activation)
  --separate              chain, relay and activation as three processes (default: one process, less memory)
  --timeout S             how long the nodes may take to come online (default 60 in instant mode, else 180;
                          180 with --docker)
  --docker                each part in its own Docker container on a network for the workspace, ports on
                          127.0.0.1 only (the image is built locally from this simulator, no registry): chain,
                          relay, activation and every node in a container of its own
  --chain-image IMAGE     with --docker: run IMAGE (already pulled, e.g. ghcr.io/threefoldtech/tfchain) as the
                          chain instead of the simulator's; the rest uses only its JSON-RPC on port 9944
  --chain-arg=ARG         the chain image's arguments, one per option (default: --dev --rpc-external --rpc-cors
                          all --rpc-methods unsafe)
  --workshop              the same accounts, farm and node ids on every machine (node keys from a fixed public
                          phrase), instant blocks, uptime every 10 s; 'gridbox reset' puts it back to the start
  --no-instant, --no-docker, --no-workshop
                          turn off again what workspace.json remembers from an earlier --instant (blocks every
                          6 s), --docker (processes) or --workshop (keeps its block mode and uptime interval)
  -h, --help              this text

The grid's shape (nodes and profiles, block mode, uptime interval, backend, workshop) is kept in the workspace's
workspace.json: a plain 'gridbox up' brings the same grid back; options given here change it.

Then: gridbox status, gridbox logs [part|nodeN] -f, gridbox node <name> <action>, gridbox down.
`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, OPTIONS, { command: NAME });
    if (values.help) {
      ctx.io.out(this.help);
      return 0;
    }
    const nodeCount = values.nodes === undefined ? undefined : wholeNumber(values.nodes, '--nodes', 0, MAX_NODES);
    const uptimeSecs = values['uptime-interval'] === undefined ? undefined : wholeNumber(values['uptime-interval'], '--uptime-interval', 1, 86_400);
    const timeoutSecs = values.timeout === undefined ? undefined : wholeNumber(values.timeout, '--timeout', 1, 3600);
    if (values.profile !== undefined && !(NODE_PROFILES as readonly string[]).includes(values.profile)) throw new UsageError(`--profile must be one of ${NODE_PROFILES.join(', ')}`, NAME);
    for (const option of ['instant', 'docker', 'workshop'] as const) {
      if (values[option] && values[`no-${option}`]) throw new UsageError(`--${option} and --no-${option} cannot go together`, NAME);
    }
    if ((values['chain-image'] !== undefined || values['chain-arg'] !== undefined) && !values.docker) {
      throw new UsageError('--chain-image and --chain-arg need --docker', NAME);
    }
    const workspace = workspaceOf(values.data, ctx.env, NAME);
    try {
      const existing = readRunState(workspace);
      if (isAlive(existing.pid) && existing.pid !== process.pid) {
        throw new ApiError('already_exists', `a grid is already running in ${workspace.root} (pid ${existing.pid}); stop it with 'gridbox down'`);
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
    }

    const { io } = ctx;
    const started = Date.now();
    const say = (line: string) => io.err(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
    const { nodes, profile, nodeProfiles, nodeNames, nodeFarmIds, farmName, instant, uptimeIntervalSecs, docker: useDocker } = await workspaceGridFor(workspace, {
      ...(nodeCount !== undefined ? { nodes: nodeCount } : {}), ...(values.profile ? { profile: values.profile } : {}),
      ...onOff(values, 'instant'), ...onOff(values, 'docker'), ...onOff(values, 'workshop'),
      ...(uptimeSecs ? { uptimeIntervalSecs: uptimeSecs } : {}),
    }, say);
    const docker = useDocker
      ? await dockerOrExplain(workspace, say, { ...(values['chain-image'] ? { chainImage: values['chain-image'] } : {}), ...(values['chain-arg'] ? { chainArgs: values['chain-arg'] } : {}) })
      : undefined;
    const backend: GridBackend = docker ?? new ProcessBackend(workspace.logs);
    let onSignal!: (sig: NodeJS.Signals | 'exit') => void;
    const stop = new Promise<NodeJS.Signals | 'exit'>((resolve) => (onSignal = resolve));
    let signalled: NodeJS.Signals | undefined;
    let ready = false;
    const handler = (sig: NodeJS.Signals) => {
      signalled ??= sig;
      onSignal(sig);
      // A signal during start-up: stop what runs so Grid.up fails fast and cleans up. Once ready, grid.down() does.
      if (!ready) void stopAll(backend);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    try {
      let grid: Grid;
      try {
        grid = await Grid.up({
          workspace, nodes, profile, nodeProfiles, nodeNames, nodeFarmIds, farmName, backend, ports: values['free-ports'] ? 'free' : 'default',
          // In Docker each of chain, relay and activation has its own container.
          layout: values.separate || docker ? 'separate' : 'combined',
          ...(instant ? { instant: true } : {}),
          ...(uptimeIntervalSecs ? { uptimeIntervalSecs } : {}),
          // Each node container starts its own Node and chain connection: give them the slow-chain default.
          ...(timeoutSecs ? { readyTimeoutMs: timeoutSecs * 1000 } : docker ? { readyTimeoutMs: DOCKER_READY_TIMEOUT_MS } : {}),
          onProgress: (e: ProgressEvent) => say(e.message),
          onPartExit: (name, code, signal) => {
            say(`${name} stopped on its own (${signal ?? `exit code ${code}`}); see ${workspace.logs}/${name}.log`);
            process.exitCode = 1;
            onSignal('exit');
          },
        });
      } catch (error) {
        if (signalled) {
          say(`interrupted (${signalled}); everything started was stopped`);
          return 130;
        }
        if (error instanceof GridStartError) throw new ApiError('internal', error.message);
        if (error instanceof Error) throw new ApiError('internal', `could not start the grid: ${error.message}`);
        throw error;
      }
      ready = true;
      profileMark('cli', 'ready');
      const { summary } = grid;
      if (values.json) {
        io.out(`${JSON.stringify({ ...summary, nodes: summary.nodes.map(({ nodeId, twinId, farmId, name }) => ({ nodeId, twinId, farmId, name })) })}\n`);
      } else {
        io.out([
          `Local grid ready in ${((Date.now() - started) / 1000).toFixed(1)} s (workspace ${workspace.root})`,
          `  substrate   ${summary.substrate}`,
          ...(summary.relay ? [`  relay       ${summary.relay}`] : []),
          `  activation  ${summary.activation}`,
          `  farmer      ${summary.farmer.address} (twin ${summary.farmer.twinId}, farm ${summary.farmer.farmId})`,
          ...summary.nodes.map((n) => `  ${n.name.padEnd(11)} node ${n.nodeId}, twin ${n.twinId}`),
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'));
      }
      const why = await stop;
      say(why === 'exit' ? 'stopping the grid' : `stopping the grid (${why})`);
      await grid.down();
      say('stopped');
    } finally {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      if (docker) await closeDocker(docker, workspace.root);
    }
    setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  },
};

// Loaded only with --docker: dockerode alone takes about half a second to load, before anything can start.
const dockerModule = () => import('../../../simulator/grid/docker/index');

async function dockerOrExplain(workspace: WorkspacePaths, say: (line: string) => void, options: DockerGridOptions): Promise<DockerBackend> {
  const { dockerBackendFor, DockerUnavailableError } = await dockerModule();
  try {
    return await dockerBackendFor(workspace, say, options);
  } catch (error) {
    if (error instanceof DockerUnavailableError) throw new ApiError('not_found', error.message);
    throw new ApiError('internal', `could not prepare the Docker image: ${(error as Error).message}`);
  }
}

/** The grid is down: remove whatever container or network of this workspace is left. */
async function closeDocker(backend: DockerBackend, root: string): Promise<void> {
  const { closeDockerGrid } = await dockerModule();
  await closeDockerGrid(backend, root);
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text.slice(0, 40))})`, NAME);
  }
  return value;
}
