/**
 * `gridbox workspace list|create|use|duplicate|export|import|delete`: named local grids under
 * `<data dir>/workspaces/` (simulator/grid/workspaces.ts). The current one is what `gridbox up`, `status`, `down`,
 * `snapshot` and `reset` act on without --data.
 */
import { resolve } from 'node:path';
import { defaultDataDir } from '../../backend/store/data-dir';
import { applyUpChoices, PROFILE_NAMES, type ProfileName } from '../../../simulator/grid/workspace-config';
import { Workspaces, type WorkspaceInfo } from '../../../simulator/grid/workspaces';
import type { Command, CliContext } from '../command';
import { commandGroup, parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { asWorkspaceUserError } from '../../backend/grid/workspace-errors';

const NAME = 'gridbox workspace';

function library(ctx: CliContext): Workspaces {
  return new Workspaces(defaultDataDir(ctx.env));
}

function describe(info: WorkspaceInfo): string {
  return `${info.name} (${info.path})`;
}

/** One subcommand: fixed positionals, its own options, a body that gets the library. */
function sub<O extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  name: string, summary: string, usage: string, positionals: string[], options: O,
  body: (args: { positionals: string[]; values: Record<string, string | boolean | undefined>; ws: Workspaces; ctx: CliContext }) => Promise<number> | number,
): Command {
  const command = `${NAME} ${name}`;
  return {
    summary,
    help: `Usage: ${command} ${usage}\n`,
    async run(argv, ctx) {
      const { values, positionals: given } = parseCommandArgs(argv, options, { command, positionals });
      if ((values as { help?: boolean }).help) {
        ctx.io.out(this.help);
        return 0;
      }
      return asWorkspaceUserError(() => body({ positionals: given, values: values as Record<string, string | boolean | undefined>, ws: library(ctx), ctx }));
    },
  };
}

const listCommand = sub('list', 'the workspaces: name, size, last used, running or not', `[--json]

Lists the workspaces in <data dir>/workspaces; * marks the current one.
`, [], { json: { type: 'boolean' } }, ({ values, ws, ctx }) => {
  const all = ws.list();
  if (values.json) {
    ctx.io.out(`${JSON.stringify({ current: ws.current(), workspaces: all })}\n`);
    return 0;
  }
  if (!all.length) {
    ctx.io.out(`No workspaces yet (current: ${ws.current()}); 'gridbox up' creates it.\n`);
    return 0;
  }
  for (const w of all) {
    const size = `${(w.sizeBytes / 1024 / 1024).toFixed(1)} MB`;
    const flags = [w.running ? 'running' : 'stopped', ...(w.workshop ? ['workshop'] : []), ...(w.error ? [`damaged: ${w.error}`] : [])];
    ctx.io.out(`${w.current ? '*' : ' '} ${w.name.padEnd(20)} ${size.padStart(9)}  ${w.nodes ?? '?'} nodes  last used ${w.lastUsedAt ?? 'never'}  ${flags.join(', ')}\n`);
  }
  return 0;
});

const createCommand = sub('create', 'a new workspace (its grid starts with gridbox up)', `NAME [--nodes N] [--profile small|medium|large|gpu] [--instant] [--workshop] [--use]

Creates <data dir>/workspaces/NAME with its workspace.json (default: 3 small nodes, a block every 6 s).
  --workshop   identical accounts, farm and node ids on every machine, instant blocks, uptime every 10 s
  --use        also make it the current workspace
`, ['NAME'], {
  nodes: { type: 'string' }, profile: { type: 'string' }, instant: { type: 'boolean' }, workshop: { type: 'boolean' }, use: { type: 'boolean' },
}, ({ positionals: [name], values, ws, ctx }) => {
  const nodes = values.nodes === undefined ? undefined : Number(values.nodes);
  if (nodes !== undefined && !(Number.isInteger(nodes) && nodes >= 0 && nodes <= 1000 && /^\d+$/.test(String(values.nodes)))) {
    throw new UsageError('--nodes must be a whole number from 0 to 1000', `${NAME} create`);
  }
  const profile = values.profile as string | undefined;
  if (profile !== undefined && !(PROFILE_NAMES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(', ')}`, `${NAME} create`);
  }
  const config = applyUpChoices(undefined, {
    ...(nodes !== undefined ? { nodes } : {}), ...(profile ? { profile: profile as ProfileName } : {}),
    ...(values.instant ? { instant: true } : {}), ...(values.workshop ? { workshop: true } : {}),
  });
  const info = ws.create(name!, config);
  if (values.use) ws.use(name!);
  ctx.io.out(`Created workspace ${describe(info)}${values.use ? ', now current' : ''}.\n`);
  return 0;
});

const useCommand = sub('use', 'make a workspace the current one', `NAME

The next 'gridbox up' (and status, down, snapshot, reset without --data) act on it.
`, ['NAME'], {}, ({ positionals: [name], ws, ctx }) => {
  ws.use(name!);
  ctx.io.out(`Current workspace: ${name}. Start its grid with 'gridbox up'.\n`);
  return 0;
});

const duplicateCommand = sub('duplicate', 'copy a stopped workspace under a new name', `FROM TO

Copies configuration, chain data, node identities and snapshots (not logs or run state).
`, ['FROM', 'TO'], {}, ({ positionals: [from, to], ws, ctx }) => {
  const info = ws.duplicate(from!, to!);
  ctx.io.out(`Duplicated ${from} as ${describe(info)}.\n`);
  return 0;
});

const exportCommand = sub('export', 'write a stopped workspace to one .tar.gz', `NAME FILE

Writes configuration, chain data, node identities and snapshots to FILE (mode 0600). Node identities are the
simulated nodes' own keys: local-grid keys, plaintext by design, so keep the archive as private as the workspace.
Logs and run state (with its control token) are left out.
`, ['NAME', 'FILE'], {}, ({ positionals: [name, file], ws, ctx }) => {
  const path = resolve(file!);
  const { bytes, files } = ws.exportTo(name!, path);
  ctx.io.out(`Exported ${name} to ${path} (${files} files, ${(bytes / 1024).toFixed(0)} KB).\n`);
  return 0;
});

const importCommand = sub('import', 'unpack an exported workspace under a name', `FILE NAME [--force]

Checks the archive (paths stay inside, only files and folders, size bounded, a valid workspace.json) before
anything is written. An existing workspace NAME is replaced only with --force, and never while its grid runs.
`, ['FILE', 'NAME'], { force: { type: 'boolean' } }, ({ positionals: [file, name], values, ws, ctx }) => {
  const info = ws.importFrom(resolve(file!), name!, { overwrite: values.force === true });
  ctx.io.out(`Imported ${describe(info)}. Start it with 'gridbox workspace use ${name}' and 'gridbox up'.\n`);
  return 0;
});

const deleteCommand = sub('delete', 'delete a stopped workspace and everything in it', `NAME

Removes the folder: configuration, chain data, node identities, snapshots and logs. Refused while its grid runs.
`, ['NAME'], {}, ({ positionals: [name], ws, ctx }) => {
  ws.delete(name!);
  ctx.io.out(`Deleted workspace ${name}.\n`);
  return 0;
});

export const workspaceCommand = commandGroup('workspace', 'named local grids: list, create, use, duplicate, export, import, delete', {
  list: async () => listCommand,
  create: async () => createCommand,
  use: async () => useCommand,
  duplicate: async () => duplicateCommand,
  export: async () => exportCommand,
  import: async () => importCommand,
  delete: async () => deleteCommand,
});
