/** `gridbox node <name> <action>`: lifecycle and faults of one simulated node, through the node host's control API. */
import { ApiError } from '../../api/errors';
import type { NodeAction, NodeFaults } from '../../../simulator/grid/control-client';
import { CONTAINER_ACTIONS, containerFault, DockerUnavailableError, type ContainerAction } from '../../../simulator/grid/docker/index';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { asUserError, controlOf, DATA_OPTION, runningGrid, workspaceOf } from './up-workspace';

const NAME = 'gridbox node';
const LIFECYCLE: readonly NodeAction[] = ['stop', 'start', 'crash', 'restart'];
const SWITCHES: Record<string, keyof NodeFaults> = {
  'stuck-registration': 'stuckRegistration',
  'no-ssd': 'noSsd',
  'relay-cut': 'relayCut',
};
const MAX_SKEW_SECS = 10 * 365 * 24 * 3600;

export const nodeCommand: Command = {
  summary: 'stop, start or crash a node, or inject a fault',
  help: `Usage: ${NAME} <name> <action> [--data DIR]

Actions:
  stop | start | restart        the node's agent, as a power cycle (it keeps its identity and node id)
  crash                         drops everything abruptly; it comes back from disk after 1 s
  pause-uptime | resume-uptime  stop or resume its uptime reports
  stuck-registration on|off     keep its registration from completing
  no-ssd on|off                 have it refused registration for lack of an SSD
  clock-skew SECS               skew its clock (uptime timestamp hints) by SECS seconds (negative: behind; 0: off)
  relay-cut on|off              cut it from the relay
  pause | unpause | kill        (gridbox up --docker) docker pause/unpause/kill of its container; <name> may also
  disconnect | connect          be a part (services, nodes); nodes share one container for now

Options:
  --data DIR   the workspace folder (default: the current workspace)
  -h, --help   this text
`,
  async run(argv, ctx) {
    // parseArgs would read "-30" (a negative skew) as an option: split it off first.
    const skewAt = argv.indexOf('clock-skew');
    const skewValue = skewAt >= 0 && argv[skewAt + 1] !== undefined && /^-\d+$/.test(argv[skewAt + 1]!) ? argv[skewAt + 1] : undefined;
    const rest = skewValue === undefined ? argv : argv.filter((_, i) => i !== skewAt + 1);
    const { values, positionals } = parseCommandArgs(rest, DATA_OPTION, { command: NAME, positionals: positionalsFor(rest, skewValue) });
    if (values.help) {
      ctx.io.out(this.help);
      return 0;
    }
    const [name, action, arg = skewValue] = positionals as [string, string, string | undefined];
    if ((CONTAINER_ACTIONS as readonly string[]).includes(action)) {
      const workspace = workspaceOf(values.data, ctx.env, NAME);
      const state = runningGrid(workspace);
      const container = await containerFault(workspace.root, name, state.nodes, action as ContainerAction).catch((error: unknown) => {
        throw error instanceof DockerUnavailableError ? new ApiError('not_found', error.message) : new ApiError('internal', `docker ${action} failed: ${(error as Error).message}`);
      });
      ctx.io.err(`${name}: ${action} done (container ${container})\n`);
      return 0;
    }
    const request = requestFor(action, arg);
    const workspace = workspaceOf(values.data, ctx.env, NAME);
    const state = runningGrid(workspace);
    if (!state.nodes.includes(name)) {
      throw new ApiError('not_found', `unknown node: ${name.slice(0, 40)} (this grid has ${state.nodes.join(', ') || 'no nodes'})`);
    }
    const control = controlOf(state);
    if (request.kind === 'action') await asUserError(control.action(name, request.action));
    else await asUserError(control.faults(name, request.faults));
    ctx.io.err(`${name}: ${action}${arg === undefined ? '' : ` ${arg}`} done\n`);
    return 0;
  },
};

function positionalsFor(argv: string[], skewValue: string | undefined): string[] {
  const words = argv.filter((a) => !a.startsWith('-'));
  const action = words[1];
  const needsArg = action !== undefined && (Object.hasOwn(SWITCHES, action) || action === 'clock-skew') && skewValue === undefined;
  return needsArg ? ['<name>', '<action>', action === 'clock-skew' ? 'SECS' : 'on|off'] : ['<name>', '<action>'];
}

type NodeRequest = { kind: 'action'; action: NodeAction } | { kind: 'faults'; faults: Partial<NodeFaults> };

function requestFor(action: string, arg: string | undefined): NodeRequest {
  if ((LIFECYCLE as readonly string[]).includes(action)) return { kind: 'action', action: action as NodeAction };
  if (action === 'pause-uptime') return { kind: 'faults', faults: { pauseUptime: true } };
  if (action === 'resume-uptime') return { kind: 'faults', faults: { pauseUptime: false } };
  if (action === 'clock-skew') {
    const secs = arg !== undefined && /^-?\d+$/.test(arg) ? Number(arg) : NaN;
    if (!Number.isSafeInteger(secs) || Math.abs(secs) > MAX_SKEW_SECS) {
      throw new UsageError(`clock-skew needs a whole number of seconds within ±${MAX_SKEW_SECS} (got ${JSON.stringify((arg ?? '').slice(0, 40))})`, NAME);
    }
    return { kind: 'faults', faults: { clockSkewSecs: secs } };
  }
  const fault = Object.hasOwn(SWITCHES, action) ? SWITCHES[action] : undefined;
  if (fault) {
    if (arg !== 'on' && arg !== 'off') throw new UsageError(`${action} takes on or off (got ${JSON.stringify((arg ?? '').slice(0, 40))})`, NAME);
    return { kind: 'faults', faults: { [fault]: arg === 'on' } };
  }
  throw new UsageError(`unknown action: ${action.slice(0, 40)}`, NAME);
}
