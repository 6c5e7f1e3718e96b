// What the orchestrator reads from its parts and writes for later commands: the URL announcement line, and run.json
// (whole, 0600, refused when foreign or when its gridbox up is gone).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAnnouncement } from '../../../simulator/grid/process-backend';
import { isAlive, NoGridError, readRunState, workspacePaths, writeRunState, type RunState } from '../../../simulator/grid/workspace';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseAnnouncement', () => {
  it('takes the first URL of a JSON line, or a bare URL line', () => {
    expect(parseAnnouncement('{"relay":"ws://127.0.0.1:8081"}')).toEqual({ url: 'ws://127.0.0.1:8081', announced: { relay: 'ws://127.0.0.1:8081' } });
    expect(parseAnnouncement('{"substrate":"ws://a:1","relay":"ws://b:2"}')?.url).toBe('ws://a:1');
    expect(parseAnnouncement('ws://127.0.0.1:9944')?.url).toBe('ws://127.0.0.1:9944');
  });

  it('ignores log lines, JSON without a URL and broken JSON', () => {
    for (const line of ['[chain] started', '{"n":1}', '{"url":', '[1,2]', 'ws://has spaces in it', '']) expect(parseAnnouncement(line)).toBeUndefined();
  });
});

describe('run.json', () => {
  const state: RunState = { version: 1, pid: process.pid, startedAt: '2026-01-01T00:00:00.000Z', state: 'ready', parts: { chain: { pid: 1, url: 'ws://x' } }, nodes: ['node1'] };

  it('is written whole with mode 0600 and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbox-run-'));
    dirs.push(dir);
    const paths = workspacePaths('/unused', join(dir, 'ws'));
    writeRunState(paths, state);
    expect(statSync(paths.runFile).mode & 0o777).toBe(0o600);
    expect(readRunState(paths)).toEqual(state);
  });

  it('defaults to <data dir>/workspaces/default', () => {
    expect(workspacePaths('/data').runFile).toBe('/data/workspaces/default/run.json');
  });

  it('reports no grid when the file is missing or not a run file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbox-run-'));
    dirs.push(dir);
    const paths = workspacePaths('/unused', dir);
    expect(() => readRunState(paths)).toThrow(NoGridError);
    writeFileSync(paths.runFile, '{"version":7}');
    expect(() => readRunState(paths)).toThrow(/not a Gridbox run file/);
  });

  it('tells live pids from gone ones', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(undefined)).toBe(false);
    expect(isAlive(2 ** 22 + 12345)).toBe(false);
  });
});
