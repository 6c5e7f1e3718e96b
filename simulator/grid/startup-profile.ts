/**
 * Start-up timing for `gridbox up`, on when GRIDBOX_PROFILE=1 (the parts inherit it): each process writes lines
 *   [profile] {"part":"services","phase":"chain listening","at":1764115200123,"cpuMs":812}
 * to stderr, `at` in wall-clock ms (comparable across processes), `cpuMs` the process's own CPU time so far (user +
 * system, which a busy machine inflates far less than wall time). test/bench/grid.ts collects them from the CLI's
 * stderr and the parts' logs into one timeline (parseProfileLines). Off, a mark costs one property read.
 */
export interface ProfileMark {
  readonly part: string;
  readonly phase: string;
  readonly at: number;
  readonly cpuMs: number;
}

const PREFIX = '[profile] ';

export function profiling(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GRIDBOX_PROFILE === '1';
}

export function profileMark(part: string, phase: string): void {
  if (!profiling()) return;
  const { user, system } = process.cpuUsage();
  const mark: ProfileMark = { part, phase, at: Math.round(performance.timeOrigin + performance.now()), cpuMs: Math.round((user + system) / 1000) };
  process.stderr.write(`${PREFIX}${JSON.stringify(mark)}\n`);
}

/** The process's own start (before any module loaded), as a mark: the reference for "how long until …". */
export function profileProcessStart(part: string): void {
  if (!profiling()) return;
  const mark: ProfileMark = { part, phase: 'process start', at: Math.round(performance.timeOrigin), cpuMs: 0 };
  process.stderr.write(`${PREFIX}${JSON.stringify(mark)}\n`);
}

/** The marks in some output (a log file's timestamp prefix and other lines are skipped). */
export function parseProfileLines(text: string): ProfileMark[] {
  const marks: ProfileMark[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(PREFIX);
    if (at < 0) continue;
    try {
      const mark = JSON.parse(line.slice(at + PREFIX.length)) as ProfileMark;
      if (typeof mark.part === 'string' && typeof mark.phase === 'string' && Number.isFinite(mark.at)) marks.push(mark);
    } catch {
      // Not one of ours.
    }
  }
  return marks;
}
