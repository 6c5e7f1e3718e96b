// The workspace library on a real folder: names are checked, workspaces are created, listed, made current,
// duplicated, exported and imported (without run state or logs), and one whose grid runs is never deleted or
// replaced. workspace.json is validated: a damaged one is a clear error, and `gridbox up`'s options update it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyUpChoices, defaultConfig, readWorkspaceConfig, WorkspaceConfigError, writeWorkspaceConfig } from '../../../simulator/grid/workspace-config';
import { checkWorkspaceName, WorkspaceError, Workspaces } from '../../../simulator/grid/workspaces';
import { workspacePaths, writeRunState } from '../../../simulator/grid/workspace';
import { seedWorkshopIdentities, workshopNodeSeed } from '../../../simulator/grid/workshop';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-ws-'));
  dirs.push(dir);
  return dir;
}
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof WorkspaceError ? error.code : String(error);
  }
  return undefined;
}

describe('workspace names', () => {
  it('accepts folder-safe names and refuses the rest with a clear message', () => {
    for (const ok of ['default', 'Workshop-2026', 'a', 'x_1', 'a'.repeat(64)]) expect(checkWorkspaceName(ok)).toBe(ok);
    for (const bad of ['', '.', '..', '-x', '_x', 'a b', 'a/b', 'a.b', 'ü', 'a'.repeat(65), 'current.json']) {
      expect(() => checkWorkspaceName(bad), bad).toThrow(/is not a workspace name: use 1 to 64 letters/);
    }
  });
});

describe('Workspaces', () => {
  it('creates, lists, uses, duplicates and deletes; the current one is what --data-less commands act on', () => {
    const data = dataDir();
    const ws = new Workspaces(data);
    expect(ws.list()).toEqual([]);
    expect(ws.current()).toBe('default');
    ws.create('alpha');
    writeFileSync(join(ws.paths('alpha').root, 'marker'), 'hello');
    expect(codeOf(() => ws.create('alpha'))).toBe('already_exists');
    expect(codeOf(() => ws.use('nope'))).toBe('not_found');

    ws.use('alpha');
    expect(workspacePaths(data).root).toBe(ws.paths('alpha').root);
    ws.duplicate('alpha', 'beta');
    expect(readFileSync(join(ws.paths('beta').root, 'marker'), 'utf8')).toBe('hello');
    const list = ws.list();
    expect(list.map((w) => [w.name, w.current, w.running, w.nodes])).toEqual([['alpha', true, false, 3], ['beta', false, false, 3]]);
    expect(list[0]!.sizeBytes).toBeGreaterThan(0);
    expect(list[0]!.lastUsedAt).toMatch(/^\d{4}-/);

    ws.delete('alpha');
    expect(existsSync(ws.paths('alpha').root)).toBe(false);
    expect(ws.current()).toBe('default');
    expect(codeOf(() => ws.delete('alpha'))).toBe('not_found');
  });

  it('exports to one archive without run state or logs, and imports under another name (refusing to overwrite unless asked)', () => {
    const data = dataDir();
    const ws = new Workspaces(data);
    ws.create('src');
    const paths = ws.paths('src');
    mkdirSync(join(paths.nodes, 'node1'), { recursive: true });
    writeFileSync(join(paths.nodes, 'node1', 'identity.json'), '{"version":1,"seed":"0x01"}');
    mkdirSync(paths.logs, { recursive: true });
    writeFileSync(join(paths.logs, 'chain.log'), 'log line');
    mkdirSync(paths.chain, { recursive: true });
    writeFileSync(join(paths.chain, 'LOCK'), '123');
    writeFileSync(join(paths.chain, 'checkpoint.bin'), Buffer.from([1, 2, 3]));

    const archive = join(data, 'out', 'src.tar.gz');
    const { files } = ws.exportTo('src', archive);
    expect(files).toBe(3);
    expect(statSync(archive).mode & 0o777).toBe(0o600);

    const imported = ws.importFrom(archive, 'copy');
    expect(imported.name).toBe('copy');
    const copy = ws.paths('copy');
    expect(readFileSync(join(copy.nodes, 'node1', 'identity.json'), 'utf8')).toContain('0x01');
    expect([...readFileSync(join(copy.chain, 'checkpoint.bin'))]).toEqual([1, 2, 3]);
    expect(existsSync(join(copy.logs, 'chain.log'))).toBe(false);
    expect(existsSync(join(copy.chain, 'LOCK'))).toBe(false);

    expect(codeOf(() => ws.importFrom(archive, 'copy'))).toBe('already_exists');
    writeFileSync(join(copy.root, 'extra'), 'x');
    ws.importFrom(archive, 'copy', { overwrite: true });
    expect(existsSync(join(copy.root, 'extra'))).toBe(false);

    writeFileSync(join(data, 'junk.tar.gz'), 'junk');
    expect(codeOf(() => ws.importFrom(join(data, 'junk.tar.gz'), 'junk'))).toBe('corrupt');
    expect(existsSync(ws.paths('junk').root)).toBe(false);
    expect(codeOf(() => ws.importFrom(archive, '../escape'))).toBe('invalid_name');
  });

  it('never deletes, replaces, copies or exports a workspace whose grid runs', () => {
    const data = dataDir();
    const ws = new Workspaces(data);
    ws.create('live');
    writeRunState(ws.paths('live'), { version: 1, pid: process.pid, startedAt: new Date().toISOString(), state: 'ready', parts: {}, nodes: [] });
    expect(ws.list()[0]!.running).toBe(true);
    expect(codeOf(() => ws.delete('live'))).toBe('running');
    expect(codeOf(() => ws.duplicate('live', 'other'))).toBe('running');
    expect(codeOf(() => ws.exportTo('live', join(data, 'x.tar.gz')))).toBe('running');
    expect(existsSync(ws.paths('live').root)).toBe(true);
  });
});

describe('workspace.json', () => {
  it('is validated on read: damage is a clear error naming the file, never a silent reset', () => {
    const ws = new Workspaces(dataDir());
    ws.create('w');
    const paths = ws.paths('w');
    expect(readWorkspaceConfig(paths)?.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3']);
    writeFileSync(paths.config, '{"version":1,');
    expect(() => readWorkspaceConfig(paths)).toThrow(WorkspaceConfigError);
    expect(() => readWorkspaceConfig(paths)).toThrow(/workspace\.json is not valid JSON/);
    writeFileSync(paths.config, JSON.stringify({ ...defaultConfig(), blockMode: 'sometimes' }));
    expect(() => readWorkspaceConfig(paths)).toThrow(/blockMode/);
    expect(ws.list()[0]!.error).toMatch(/blockMode/);
    rmSync(paths.config);
    expect(readWorkspaceConfig(paths)).toBeUndefined();
    writeWorkspaceConfig(paths, defaultConfig());
    expect(statSync(paths.config).mode & 0o777).toBe(0o600);
  });

  it("keeps the workspace's grid for a plain gridbox up and applies the command line's changes", () => {
    const base = { ...defaultConfig(), nodes: [{ name: 'node1', profile: 'large' as const }, { name: 'node2', profile: 'gpu' as const }] };
    expect(applyUpChoices(base, {}).nodes).toEqual(base.nodes);
    expect(applyUpChoices(base, { nodes: 3 }).nodes).toEqual([...base.nodes, { name: 'node3', profile: 'gpu' }]);
    expect(applyUpChoices(base, { nodes: 1 }).nodes).toEqual([base.nodes[0]]);
    expect(applyUpChoices(base, { profile: 'small' }).nodes.map((n) => n.profile)).toEqual(['small', 'small']);
    expect(applyUpChoices(base, { instant: true, docker: true })).toMatchObject({ blockMode: 'instant', backend: 'docker' });
    expect(applyUpChoices(undefined, {})).toMatchObject({ blockMode: 'interval', backend: 'process', workshop: false });
    expect(applyUpChoices(undefined, { workshop: true })).toMatchObject({ blockMode: 'instant', workshop: true, uptimeIntervalSecs: 10 });
    expect(applyUpChoices(undefined, { workshop: true, uptimeIntervalSecs: 5 }).uptimeIntervalSecs).toBe(5);
  });

  it('turns remembered options off again (--no-instant, --no-docker, --no-workshop)', () => {
    const on = applyUpChoices(undefined, { instant: true, docker: true, workshop: true });
    expect(on).toMatchObject({ blockMode: 'instant', backend: 'docker', workshop: true });
    expect(applyUpChoices(on, {})).toMatchObject({ blockMode: 'instant', backend: 'docker', workshop: true });
    expect(applyUpChoices(on, { instant: false })).toMatchObject({ blockMode: 'interval', backend: 'docker', workshop: true });
    expect(applyUpChoices(on, { docker: false })).toMatchObject({ blockMode: 'instant', backend: 'process' });
    // Off again, the workshop keeps its block mode and uptime interval unless those are given too.
    expect(applyUpChoices(on, { workshop: false })).toMatchObject({ workshop: false, blockMode: 'instant', uptimeIntervalSecs: 10 });
  });
});

describe('workshop identities', () => {
  it('are the same for a node name on every machine and written only where a node has none', () => {
    expect(workshopNodeSeed('node1')).toBe(workshopNodeSeed('node1'));
    expect(workshopNodeSeed('node1')).not.toBe(workshopNodeSeed('node2'));
    expect(workshopNodeSeed('node1')).toMatch(/^0x[0-9a-f]{64}$/);
    const nodes = join(dataDir(), 'nodes');
    mkdirSync(join(nodes, 'node2'), { recursive: true });
    writeFileSync(join(nodes, 'node2', 'identity.json'), JSON.stringify({ version: 1, seed: `0x${'ab'.repeat(32)}` }));
    expect(seedWorkshopIdentities(nodes, ['node1', 'node2'])).toEqual({ node1: 'written', node2: 'different' });
    expect(seedWorkshopIdentities(nodes, ['node1'])).toEqual({ node1: 'kept' });
    expect(JSON.parse(readFileSync(join(nodes, 'node1', 'identity.json'), 'utf8'))).toEqual({ version: 1, seed: workshopNodeSeed('node1') });
    expect(statSync(join(nodes, 'node1', 'identity.json')).mode & 0o777).toBe(0o600);
  });
});
