/**
 * `gridbox logs [part|nodeN] [-f]`: the timestamped logs every part of the grid writes into the workspace
 * (`logs/<part>.log`); a node's lines are picked out of the node host's log by their `[node <name>]` prefix.
 */
import { join } from 'node:path';
import { ApiError } from '../../api/errors';
import { fileExists as exists, readFrom } from '../../../simulator/grid/log-tail';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { DATA_OPTION, workspaceOf } from './up-workspace';

const NAME = 'gridbox logs';
const PARTS = ['chain', 'relay', 'activation', 'services', 'nodes'] as const;
/** In the default layout chain, relay and activation share services.log, their lines tagged `[chain]` and so on. */
const IN_SERVICES = ['chain', 'relay', 'activation'];
const FOLLOW_POLL_MS = 200;

export const logsCommand: Command = {
  summary: 'print (or follow) the logs of the local grid, a part or a node',
  help: `Usage: ${NAME} [chain|relay|activation|nodes|nodeN] [--data DIR] [-f]

Prints the logs of the grid in the workspace: of one part, of one node (node1, node2, …: its lines in the node
host's log), or of everything, each line prefixed with its part. Works after the grid stopped, too.

Options:
  -f, --follow  keep printing new lines until Ctrl-C
  --data DIR    the workspace folder (default: the current workspace)
  -h, --help    this text
`,
  async run(argv, ctx) {
    const target = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
    const { values } = parseCommandArgs(target === undefined ? argv : argv.slice(1), { ...DATA_OPTION, follow: { type: 'boolean', short: 'f' } }, { command: NAME });
    if (values.help) {
      ctx.io.out(this.help);
      return 0;
    }
    const workspace = workspaceOf(values.data, ctx.env, NAME);
    const node = target !== undefined && /^node\d+$/.test(target) ? target : undefined;
    if (target !== undefined && !node && !(PARTS as readonly string[]).includes(target)) {
      throw new UsageError(`unknown part or node: ${target.slice(0, 40)} (parts: ${PARTS.join(', ')}; nodes: node1, node2, …)`, NAME);
    }
    const fileOf = (part: string) => join(workspace.logs, `${part}.log`);
    const shared = target !== undefined && IN_SERVICES.includes(target) && !exists(fileOf(target)) ? target : undefined;
    const parts = node || shared ? [node ? 'nodes' : 'services'] : target ? [target] : [...PARTS];
    const sources = parts.map((part) => ({ part, file: fileOf(part), offset: 0, rest: '' }));
    if (!sources.some((s) => exists(s.file))) {
      throw new ApiError('not_found', `no ${target ? `${target} ` : ''}log in ${workspace.logs} (has 'gridbox up' run in this workspace?)`);
    }
    const tag = node ? `[node ${node}]` : shared ? `[${shared}]` : undefined;
    const wanted = (line: string) => !tag || line.includes(tag);
    const prefix = (part: string) => (target ? '' : `${part.padEnd(10)} | `);
    const drain = () => {
      for (const source of sources) {
        const chunk = readFrom(source.file, source.offset);
        if (!chunk) continue;
        source.offset += chunk.length;
        const lines = (source.rest + chunk.toString('utf8')).split('\n');
        source.rest = lines.pop() ?? '';
        const out = lines.filter(wanted).map((l) => `${prefix(source.part)}${l}\n`).join('');
        if (out) ctx.io.out(out);
      }
    };
    drain();
    if (!values.follow) return 0;

    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const timer = setInterval(drain, FOLLOW_POLL_MS);
    try {
      await stopped;
    } finally {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
