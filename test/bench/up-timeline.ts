/**
 * `gridbox up --nodes N --instant --json --free-ports` as a user runs it, timed from spawning the command to its JSON
 * line; with `profile`, GRIDBOX_PROFILE=1 and the start-up marks of every process (simulator/grid/startup-profile.ts)
 * in one timeline. `npx tsx test/bench/up-timeline.ts [N]` prints one such timeline (warm: bundles as they are).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseProfileLines, type ProfileMark } from '../../simulator/grid/startup-profile';

const ROOT = resolve(import.meta.dirname, '../..');
const READY_TIMEOUT_MS = 120_000;

export interface UpRun {
  /** Spawn to the JSON line, ms. */
  readonly ms: number;
  /** Every process's marks, in time order (empty without `profile`). */
  readonly marks: ProfileMark[];
  readonly spawnedAt: number;
  /** CPU time (user + system) each process had used when the JSON line came: cli, services, nodes, … */
  readonly cpuMs: Record<string, number>;
}

const CLOCK_TICKS_PER_S = 100;

/** utime + stime of a live process from /proc (Linux), ms; undefined when it cannot be read. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Every process of the grid (from run.json) and the CLI: their CPU time so far. */
function cpuOfGrid(dir: string, cliPid: number | undefined): Record<string, number> {
  const cpu: Record<string, number> = {};
  const cli = processCpuMs(cliPid);
  if (cli !== undefined) cpu.cli = cli;
  try {
    const state = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { parts: Record<string, { pid?: number }> };
    const seen = new Set<number>();
    for (const [name, part] of Object.entries(state.parts)) {
      if (part.pid === undefined || seen.has(part.pid)) continue;
      seen.add(part.pid);
      const ms = processCpuMs(part.pid);
      if (ms !== undefined) cpu[name === 'chain' ? 'services' : name] = ms;
    }
  } catch {
    // No run.json: the CLI's figure only.
  }
  return cpu;
}

/** Spawns `gridbox up` in a fresh workspace, resolves at its JSON line, then stops it (SIGTERM) and waits for its exit. */
export async function timeUp(options: { nodes?: number; profile?: boolean } = {}): Promise<UpRun> {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-'));
  try {
    const env = { ...process.env, ...(options.profile ? { GRIDBOX_PROFILE: '1' } : {}) };
    const args = ['up', '--nodes', String(options.nodes ?? 3), '--instant', '--json', '--free-ports', '--data', dir];
    const spawnedAt = performance.timeOrigin + performance.now();
    let cpuMs: Record<string, number> = {};
    const { ms, stderr } = await new Promise<{ ms: number; stderr: string }>((ok, fail) => {
      const started = performance.now();
      const child = spawn(process.execPath, [join(ROOT, 'src-main/cli/gridbox.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
      let out = '';
      let err = '';
      let elapsed: number | undefined;
      const timer = setTimeout(() => child.kill('SIGTERM'), READY_TIMEOUT_MS);
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (elapsed === undefined && out.includes('\n')) {
          elapsed = performance.now() - started;
          cpuMs = cpuOfGrid(dir, child.pid);
          child.kill('SIGTERM');
        }
      });
      child.on('close', () => {
        clearTimeout(timer);
        if (elapsed === undefined) fail(new Error(`gridbox up did not get ready:\n${err}`));
        else ok({ ms: elapsed, stderr: err });
      });
    });
    const marks = options.profile ? collectMarks(stderr, join(dir, 'logs')) : [];
    return { ms, marks, spawnedAt, cpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function collectMarks(cliStderr: string, logDir: string): ProfileMark[] {
  const marks = parseProfileLines(cliStderr);
  let logs: string[] = [];
  try {
    logs = readdirSync(logDir).filter((f) => f.endsWith('.log'));
  } catch {
    // No logs: only the CLI's marks.
  }
  for (const file of logs) marks.push(...parseProfileLines(readFileSync(join(logDir, file), 'utf8')));
  return marks.sort((a, b) => a.at - b.at);
}

/** One line per mark: ms since the spawn, the part, its CPU ms so far, the phase. */
export function formatTimeline(run: UpRun): string {
  const lines = run.marks.map((m) => `${(m.at - run.spawnedAt).toFixed(0).padStart(7)} ms  ${m.part.padEnd(9)} cpu ${String(m.cpuMs).padStart(5)} ms  ${m.phase}`);
  const cpu = Object.entries(run.cpuMs).map(([part, ms]) => `${part} ${ms.toFixed(0)}`).join(', ');
  const total = Object.values(run.cpuMs).reduce((a, b) => a + b, 0);
  return [...lines, `${run.ms.toFixed(0).padStart(7)} ms  JSON line read by the caller`, `CPU ms used by then: ${cpu} (total ${total.toFixed(0)})`].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const nodes = Number(process.argv[2] ?? 3);
  timeUp({ nodes, profile: true }).then((run) => {
    console.log(formatTimeline(run));
    process.exit(0);
  }, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
