/** `gridbox status`: what a running `gridbox up` started, whether each part is alive, and each node's state. */
import { workspaceContainers } from '../../../simulator/grid/docker/index';
import { isAlive } from '../../../simulator/grid/workspace';
import type { NodeStatus } from '../../../simulator/grid/control-client';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';
import { asUserError, controlOf, DATA_OPTION, runningGrid, workspaceOf } from './up-workspace';

const NAME = 'gridbox status';
/** The parts the Docker backend's `services` container holds. */
const SERVICES = new Set(['chain', 'relay', 'activation']);

export const statusCommand: Command = {
  summary: 'show what the local grid runs: parts, URLs, nodes and their state',
  help: `Usage: ${NAME} [--data DIR] [--json]

Reports the grid a 'gridbox up' runs in the workspace: each part (chain, relay, activation, node host) with its
pid, URL and whether it is alive, the farmer, and each node with its state, node id, uptime reports and faults.
Exits 1 when no grid runs there.

Options:
  --data DIR   the workspace folder (default: the current workspace)
  --json       one JSON object on stdout
  -h, --help   this text
`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { ...DATA_OPTION, json: { type: 'boolean' } }, { command: NAME });
    if (values.help) {
      ctx.io.out(this.help);
      return 0;
    }
    const workspace = workspaceOf(values.data, ctx.env, NAME);
    const state = runningGrid(workspace);
    // Parts without a pid run in Docker containers (gridbox up --docker): ask the engine.
    const containers = Object.values(state.parts).some((p) => p.pid === undefined) ? await workspaceContainers(workspace.root) : [];
    const inRunningContainer = (name: string) => containers.some((c) => c.state === 'running' && (c.part === name || (c.part === 'services' && SERVICES.has(name))));
    const parts = Object.entries(state.parts).map(([name, p]) => ({ name, pid: p.pid, url: p.url, alive: isAlive(p.pid) || inRunningContainer(name) }));
    const nodes: NodeStatus[] = state.control && parts.find((p) => p.name === 'nodes')?.alive
      ? await asUserError(controlOf(state).nodes())
      : [];
    const report = {
      workspace: workspace.root, pid: state.pid, state: state.state, startedAt: state.startedAt,
      parts, farmer: state.farmer ?? null,
      ...(containers.length ? { containers: containers.map(({ name, part, state: s, status }) => ({ name, part, state: s, status })) } : {}),
      nodes: nodes.map((n) => ({
        name: n.name, state: n.state, ...(n.error ? { error: n.error } : {}), nodeId: n.nodeId ?? null, twinId: n.twinId ?? null,
        farmId: n.farmId, uptimeReports: n.uptimeReports, lastUptimeAt: n.lastUptimeAt ?? null, relayConnected: n.relayConnected, faults: n.faults,
      })),
    };
    if (values.json) {
      ctx.io.out(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const lines = [
      `Grid ${state.state} in ${workspace.root} (gridbox up pid ${state.pid}, since ${state.startedAt})`,
      ...parts.map((p) => `  ${p.name.padEnd(11)} ${p.alive ? 'running' : 'STOPPED'}  pid ${String(p.pid ?? '-').padEnd(8)} ${p.url}`),
      ...containers.map((c) => `  container   ${c.name} (${c.part}): ${c.status}`),
      ...(state.farmer ? [`  farmer      ${state.farmer.address} (twin ${state.farmer.twinId}, farm ${state.farmer.farmId})`] : []),
      ...report.nodes.map((n) => {
        const faults = Object.entries(n.faults ?? {}).filter(([, v]) => v !== false && v !== 0).map(([k, v]) => (v === true ? k : `${k}=${String(v)}`));
        return `  ${n.name.padEnd(11)} ${n.state.padEnd(11)} node ${n.nodeId ?? '-'}, twin ${n.twinId ?? '-'}, ${n.uptimeReports} uptime report(s)`
          + `${n.relayConnected ? '' : ', relay disconnected'}${faults.length ? `, faults: ${faults.join(' ')}` : ''}${n.error ? `, error: ${n.error}` : ''}`;
      }),
      '',
    ];
    ctx.io.out(lines.join('\n'));
    return 0;
  },
};
