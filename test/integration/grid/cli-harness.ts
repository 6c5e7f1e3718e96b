// `gridbox` as a user runs it, in a child process, for the grid CLI tests: output capture, waiting for a line,
// and no process left behind after a test.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'src-main/cli/gridbox.mjs');

export interface Cli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<number | null>;
  /** Resolves with the first stdout match; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

const running: ChildProcessWithoutNullStreams[] = [];

/** Kills what a test left running (with its process group: the grid's parts lead their own groups). */
export function killLeftovers(): void {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export function gridbox(args: string[], env: NodeJS.ProcessEnv = {}): Cli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.push(child);
  let out = '';
  let err = '';
  let done = false;
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((ok) => child.on('close', (code) => {
    done = true;
    ok(code);
  }));
  // Polled rather than event-driven: a tenth of a second is nothing next to a grid's start-up.
  const waitFor = async (pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> => {
    await until(() => pattern.test(out) || done, timeoutMs);
    const match = out.match(pattern);
    if (match) return match;
    throw new Error(`${done ? 'exited' : 'timed out'} before ${pattern}; stdout:\n${out}\nstderr:\n${err}`);
  };
  return { child, stdout: () => out, stderr: () => err, exited, waitFor };
}

/** Runs a short gridbox command to completion. */
export function gridboxSync(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** The JSON line `gridbox up --json` prints when ready. */
export interface UpSummary {
  substrate: string;
  relay: string;
  activation: string;
  farmer: { address: string; twinId: number; farmId: number };
  nodes: { nodeId: number; twinId: number; farmId: number; name: string }[];
}

/** `gridbox up --nodes N --instant --json --free-ports --data DIR` until its JSON line. */
export async function gridboxUp(dir: string, nodes: number, extra: string[] = [], timeoutMs = 150_000): Promise<{ cli: Cli; summary: UpSummary }> {
  const cli = gridbox(['up', '--nodes', String(nodes), '--instant', '--json', '--free-ports', '--data', dir, ...extra]);
  const [line] = await cli.waitFor(/^\{.*\}$/m, timeoutMs);
  return { cli, summary: JSON.parse(line) as UpSummary };
}

/** Fresh temporary folders for a test file, removed after it; processes a test left running are killed after each. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(killLeftovers);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
