// Options that workspace.json remembers can be turned off again from the command line: after a grid started with
// --instant and --workshop (and a workspace set to Docker), `gridbox up --no-instant --no-workshop --no-docker`
// runs processes with 6 s blocks and saves that; contradictory options are refused before anything starts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridbox, gridboxSync, tempDirs } from './cli-harness';

const READY_MS = 150_000;
const workspace = tempDirs('gridbox-up-options-');

interface Saved { blockMode: string; workshop: boolean; backend: string }
const saved = (dir: string) => JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as Saved;

async function upAndStop(dir: string, extra: string[]): Promise<{ mode: string; pids: (number | undefined)[] }> {
  const cli = gridbox(['up', '--nodes', '0', '--json', '--free-ports', '--data', dir, ...extra]);
  try {
    const [line] = await cli.waitFor(/^\{.*\}$/m, READY_MS);
    const { substrate } = JSON.parse(line) as { substrate: string };
    const response = await fetch(substrate.replace(/^ws/, 'http'), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'gridbox_timeStatus', params: [] }),
    });
    const { result } = await response.json() as { result: { mode: string } };
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { parts: Record<string, { pid?: number }> };
    return { mode: result.mode.toLowerCase(), pids: Object.values(run.parts).map((p) => p.pid) };
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
}

describe('gridbox up --no-instant / --no-workshop / --no-docker', () => {
  it('override what workspace.json remembers, and are saved', async () => {
    const dir = workspace();
    const first = await upAndStop(dir, ['--instant', '--workshop']);
    expect(first.mode).toBe('instant');
    expect(saved(dir)).toMatchObject({ blockMode: 'instant', workshop: true, backend: 'process' });

    // A plain `gridbox up` would bring the same grid back; as if the workspace had been switched to Docker too.
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify({ ...saved(dir), backend: 'docker' }));
    const second = await upAndStop(dir, ['--no-instant', '--no-workshop', '--no-docker']);
    expect(second.mode).toBe('interval');
    // Processes: every part has a pid (Docker parts have none).
    expect(second.pids.every((pid) => typeof pid === 'number')).toBe(true);
    expect(saved(dir)).toMatchObject({ blockMode: 'interval', workshop: false, backend: 'process' });
  }, 2 * READY_MS);

  it('refuses an option together with its --no- form', () => {
    const dir = workspace();
    const result = gridboxSync(['up', '--instant', '--no-instant', '--data', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--instant and --no-instant cannot go together/);
  });
});
