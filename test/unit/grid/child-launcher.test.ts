// The seam between the process backend and whatever starts a part's process: child_process in plain Node, Electron's
// utilityProcess in the desktop app. The backend must work the same through any launcher.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultChildLauncher,
  nodeChildLauncher,
  partNodeFlags,
  runsInElectron,
  type ChildExitListener,
  type ChildLaunchSpec,
  type ChildLauncher,
  type LaunchedChild,
} from '../../../simulator/grid/child-launcher';
import { entryPath, ProcessBackend } from '../../../simulator/grid/process-backend';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-launcher-'));
  dirs.push(dir);
  return dir;
}

/** A part that exists only in memory: the test writes its output and decides when it exits. */
class FakePart implements LaunchedChild {
  readonly pid = 4242;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: string[] = [];
  #exit: ChildExitListener[] = [];
  #close: (() => void)[] = [];
  constructor(readonly spec: ChildLaunchSpec, private readonly exitOnTerm = true) {}
  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.exitOnTerm) this.exit(null, signal);
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    const listeners = this.#exit.splice(0);
    if (listeners.length === 0) return;
    for (const l of listeners) l(code, signal);
    this.stdout.end();
    this.stderr.end();
    setImmediate(() => this.#close.splice(0).forEach((l) => l()));
  }
  onExit(listener: ChildExitListener): void {
    this.#exit.push(listener);
  }
  onClose(listener: () => void): void {
    this.#close.push(listener);
  }
  onError(): void {}
}

function fakeLauncher(exitOnTerm = true): ChildLauncher & { parts: FakePart[] } {
  const parts: FakePart[] = [];
  return {
    kind: 'fake',
    parts,
    launch(spec) {
      const part = new FakePart(spec, exitOnTerm);
      parts.push(part);
      return part;
    },
  };
}

describe('ProcessBackend through a ChildLauncher', () => {
  it('starts a part with its entry, loader, arguments and environment, and is ready at its announcement', async () => {
    const logs = tempDir();
    const launcher = fakeLauncher();
    const backend = new ProcessBackend(logs, { launcher: 'tsx', childLauncher: launcher });
    const started = backend.start({ name: 'relay', kind: 'relay', args: ['--port', '0'], env: { GRIDBOX_CONTROL_TOKEN: 't' } });
    await expect.poll(() => launcher.parts.length).toBe(1);
    const part = launcher.parts[0]!;
    expect(part.spec.modulePath).toBe(entryPath('relay'));
    expect(part.spec.execArgv.filter((a) => a === '--import')).toHaveLength(2);
    expect(part.spec.args).toEqual(['--port', '0']);
    expect(part.spec.env.GRIDBOX_CONTROL_TOKEN).toBe('t');
    expect(part.spec.env.PATH).toBe(process.env.PATH);
    part.stderr.write('[relay] starting\n');
    part.stdout.write('{"relay":"ws://127.0.0.1:1234"}\n');
    await expect(started).resolves.toMatchObject({ name: 'relay', pid: 4242, url: 'ws://127.0.0.1:1234' });
    expect(backend.status()).toEqual([expect.objectContaining({ name: 'relay', alive: true, url: 'ws://127.0.0.1:1234' })]);

    await backend.stop('relay');
    expect(part.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(backend.status()).toEqual([]);
    const log = () => (existsSync(join(logs, 'relay.log')) ? readFileSync(join(logs, 'relay.log'), 'utf8') : '');
    await expect.poll(log).toContain('[relay] starting');
    expect(log()).toContain('ws://127.0.0.1:1234');
  });

  it('kills a part that ignores SIGTERM once the stop timeout passes', async () => {
    const launcher = fakeLauncher(false);
    const backend = new ProcessBackend(tempDir(), { launcher: 'tsx', childLauncher: launcher });
    const started = backend.start({ name: 'chain', kind: 'chain', args: [] });
    await expect.poll(() => launcher.parts.length).toBe(1);
    launcher.parts[0]!.stdout.write('ws://127.0.0.1:9944\n');
    await started;
    await backend.stop('chain', 50);
    // The last SIGKILL is the backend's sweep of anything the part left behind.
    expect(launcher.parts[0]!.signals.slice(0, 2)).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('reports a part that ends on its own, and fails a start whose part exits before announcing', async () => {
    const launcher = fakeLauncher();
    const logs = tempDir();
    const backend = new ProcessBackend(logs, { launcher: 'tsx', childLauncher: launcher });
    const exits: [string, number | null][] = [];
    backend.onExit((name, code) => exits.push([name, code]));

    const a = backend.start({ name: 'nodes', kind: 'nodeHost', args: [] });
    await expect.poll(() => launcher.parts.length).toBe(1);
    launcher.parts[0]!.stdout.write('{"control":"http://127.0.0.1:5"}\n');
    await a;
    launcher.parts[0]!.exit(3);
    expect(exits).toEqual([['nodes', 3]]);

    const b = backend.start({ name: 'activation', kind: 'activation', args: [] });
    await expect.poll(() => launcher.parts.length).toBe(2);
    launcher.parts[1]!.stderr.write('Error: port in use\n');
    launcher.parts[1]!.exit(1);
    await expect(b).rejects.toThrow(/exited \(code 1\) before announcing its URL[\s\S]*port in use/);
    await expect.poll(() => existsSync(join(logs, 'activation.log')) && readFileSync(join(logs, 'activation.log'), 'utf8')).toContain('port in use');
  });
});

describe('choosing the launcher', () => {
  it('is child_process in plain Node and refuses to guess inside Electron', () => {
    expect(runsInElectron({ ...process.versions, electron: '39.0.0' }, {})).toBe(true);
    expect(runsInElectron({ ...process.versions, electron: '39.0.0' }, { ELECTRON_RUN_AS_NODE: '1' })).toBe(false);
    expect(runsInElectron({ node: '20.0.0' } as NodeJS.ProcessVersions, {})).toBe(false);
    expect(defaultChildLauncher(false)).toBe(nodeChildLauncher);
    expect(() => defaultChildLauncher(true)).toThrow(/utilityProcess launcher/);
    expect(() => new ProcessBackend(tempDir())).not.toThrow();
  });
});

describe('nodeChildLauncher', () => {
  it('runs a module with Node, pipes its output and stops it with SIGTERM', async () => {
    const dir = tempDir();
    const script = join(dir, 'part.mjs');
    writeFileSync(script, `process.on('SIGTERM', () => { console.log('bye ' + process.env.GRIDBOX_PARENT_WATCH); process.exit(0); });
console.log(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), x: process.env.X }));
setInterval(() => {}, 1000);\n`);
    const child = nodeChildLauncher.launch({ modulePath: script, args: ['--a', '1'], execArgv: [], cwd: dir, env: { ...process.env, X: 'y' } });
    expect(child.pid).toBeGreaterThan(0);
    const lines: string[] = [];
    child.stdout.on('data', (d: Buffer) => lines.push(...String(d).split('\n').filter(Boolean)));
    await expect.poll(() => lines.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toEqual({ args: ['--a', '1'], cwd: dir, x: 'y' });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.onExit((code, signal) => resolve([code, signal])));
    const closed = new Promise<void>((resolve) => child.onClose(resolve));
    child.signal('SIGTERM');
    expect(await exited).toEqual([0, null]);
    await closed;
    // The parent watch of child-guard.ts is on for child_process parts.
    expect(lines).toContain('bye stdin');
  });
});

describe('GRIDBOX_PART_NODE_FLAGS', () => {
  it('adds the given Node flags to every part, and none when unset or blank', () => {
    expect(partNodeFlags({ GRIDBOX_PART_NODE_FLAGS: '--cpu-prof  --cpu-prof-dir=/tmp/prof' })).toEqual(['--cpu-prof', '--cpu-prof-dir=/tmp/prof']);
    expect(partNodeFlags({})).toEqual([]);
    expect(partNodeFlags({ GRIDBOX_PART_NODE_FLAGS: '  ' })).toEqual([]);
  });
});
