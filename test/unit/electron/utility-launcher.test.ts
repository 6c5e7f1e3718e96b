// The desktop app's grid processes: utilityProcess.fork behind the ChildLauncher seam, checked with a fake fork that
// behaves as Electron's UtilityProcess does (pid after spawn, exit code only, kill() for SIGTERM).
import { mkdtempSync, rmSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessBackend } from '../../../simulator/grid/process-backend';
import { createUtilityLauncher, type UtilityForkOptions } from '../../../src-main/main/utility-launcher';

class FakeUtility extends EventEmitter {
  pid: number | undefined = 777;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  kills = 0;
  constructor(readonly modulePath: string, readonly args: string[], readonly options: UtilityForkOptions) {
    super();
  }
  kill(): boolean {
    this.kills++;
    return true;
  }
  end(code: number): void {
    for (const s of [this.stdout, this.stderr]) s.end().resume();
    this.emit('exit', code);
  }
}

function fakeFork() {
  const forked: FakeUtility[] = [];
  const fork = (modulePath: string, args: string[], options: UtilityForkOptions) => {
    const child = new FakeUtility(modulePath, args, options);
    forked.push(child);
    return child;
  };
  return { forked, fork };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createUtilityLauncher', () => {
  it('forks the module with its arguments, loader flags, working folder and string-only environment, output piped', () => {
    const { forked, fork } = fakeFork();
    const launcher = createUtilityLauncher(fork);
    expect(launcher.kind).toBe('electron-utility');
    const child = launcher.launch({
      modulePath: '/app/cache/nodeHost.mjs',
      args: ['--chain', 'ws://127.0.0.1:9944'],
      execArgv: ['--import', 'file:///app/guard.mjs'],
      cwd: '/app',
      env: { A: '1', GONE: undefined },
    });
    const f = forked[0]!;
    expect(f.modulePath).toBe('/app/cache/nodeHost.mjs');
    expect(f.args).toEqual(['--chain', 'ws://127.0.0.1:9944']);
    expect(f.options).toEqual({ env: { A: '1' }, execArgv: ['--import', 'file:///app/guard.mjs'], cwd: '/app', stdio: 'pipe', serviceName: 'Gridbox nodeHost' });
    // No stdin parent watch: Chromium ends utility processes with the app.
    expect(f.options.env.GRIDBOX_PARENT_WATCH).toBeUndefined();
    expect(child.pid).toBe(777);
    expect(child.stdout).toBe(f.stdout);
  });

  it('asks Electron to stop on SIGTERM, kills by pid on SIGKILL, and signals nothing once the process ended', () => {
    const { forked, fork } = fakeFork();
    const killed: [number, string][] = [];
    const child = createUtilityLauncher(fork, { kill: (pid, signal) => void killed.push([pid, signal]) }).launch({ modulePath: 'm.js', args: [], execArgv: [], cwd: '/', env: {} });
    child.signal('SIGTERM');
    expect(forked[0]!.kills).toBe(1);
    child.signal('SIGKILL');
    expect(killed).toEqual([[777, 'SIGKILL']]);
    forked[0]!.end(0);
    return new Promise<void>((resolve) => {
      child.onClose(() => {
        child.signal('SIGTERM');
        child.signal('SIGKILL');
        expect(forked[0]!.kills).toBe(1);
        expect(killed).toHaveLength(1);
        resolve();
      });
    });
  });

  it('falls back to kill() when the pid is gone, and reports exit before close, close after the output ends', async () => {
    const { forked, fork } = fakeFork();
    const child = createUtilityLauncher(fork, { kill: () => { throw new Error('ESRCH'); } }).launch({ modulePath: 'm.js', args: [], execArgv: [], cwd: '/', env: {} });
    child.signal('SIGKILL');
    expect(forked[0]!.kills).toBe(1);
    const order: string[] = [];
    child.onExit((code, signal) => order.push(`exit ${code} ${signal}`));
    child.onClose(() => order.push('close'));
    forked[0]!.emit('exit', 9);
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['exit 9 null']);
    for (const s of [forked[0]!.stdout, forked[0]!.stderr]) s.end().resume();
    await expect.poll(() => order).toEqual(['exit 9 null', 'close']);
  });

  it("turns Electron's fatal error into an Error that names it", async () => {
    const { forked, fork } = fakeFork();
    const child = createUtilityLauncher(fork).launch({ modulePath: 'm.js', args: [], execArgv: [], cwd: '/', env: {} });
    const error = new Promise<Error>((resolve) => child.onError(resolve));
    forked[0]!.emit('error', 'FatalError', 'v8::Isolate', 'report');
    expect((await error).message).toBe('FatalError in v8::Isolate');
  });

  it('runs a grid part through the process backend, from start to announced URL to stop', async () => {
    const { forked, fork } = fakeFork();
    const logs = mkdtempSync(join(tmpdir(), 'gridbox-utility-'));
    dirs.push(logs);
    const backend = new ProcessBackend(logs, { launcher: 'tsx', childLauncher: createUtilityLauncher(fork, { kill: () => {} }) });
    const started = backend.start({ name: 'services', kind: 'services', args: ['--port', '0'], env: { GRIDBOX_CONTROL_TOKEN: 'secret' } });
    await expect.poll(() => forked.length).toBe(1);
    const f = forked[0]!;
    expect(f.modulePath).toMatch(/simulator\/grid\/services-main\.ts$/);
    expect(f.options.env.GRIDBOX_CONTROL_TOKEN).toBe('secret');
    f.stdout.write('{"substrate":"ws://127.0.0.1:9944","relay":"ws://127.0.0.1:8081"}\n');
    await expect(started).resolves.toMatchObject({ pid: 777, url: 'ws://127.0.0.1:9944' });
    f.kill = () => {
      f.end(0);
      return true;
    };
    await backend.stop('services');
    expect(backend.status()).toEqual([]);
  });
});
