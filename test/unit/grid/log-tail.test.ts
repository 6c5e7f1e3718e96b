// A node's log as the dashboard shows it: its own lines out of the node host's log, the last ones or only the new
// ones, and never a seed, a secret key or a mnemonic even when a part wrote one.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeLogLines, redactSecrets } from '../../../simulator/grid/log-tail';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridbox-log-tail-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('redactSecrets', () => {
  it('hides hex seeds, mnemonics and secret fields, and leaves ordinary lines alone', () => {
    const seed = `0x${'ab'.repeat(32)}`;
    expect(redactSecrets(`identity ${seed} loaded`)).toBe('identity 0x[redacted] loaded');
    const words = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
    expect(redactSecrets(`mnemonic is ${words}.`)).not.toContain('curtain');
    expect(redactSecrets('{"seed":"whatever"}')).toBe('{"seed":[redacted]}');
    expect(redactSecrets('token=abc123 next')).toBe('token=[redacted] next');
    const plain = '2026-11-26T03:00:00Z [node node1] uptime report included in block 0x12ab';
    expect(redactSecrets(plain)).toBe(plain);
    // A block hash is 32 bytes too, but an ordinary log line names it for a reason: only a bare 0x+64 hex is hidden.
    expect(redactSecrets('registered as node 3 at twin 7')).toBe('registered as node 3 at twin 7');
  });
});

describe('nodeLogLines', () => {
  it('picks one node\'s lines, the last ones first and then only what was written since', () => {
    const file = join(dir, 'nodes.log');
    expect(nodeLogLines(dir, 'node1')).toEqual({ lines: [], offset: 0 });
    writeFileSync(file, ['[host] up', '[node node1] booting', '[node node2] booting', '[node node1] online', ''].join('\n'));
    const first = nodeLogLines(dir, 'node1');
    expect(first.lines).toEqual(['[node node1] booting', '[node node1] online']);
    expect(nodeLogLines(dir, 'node1', { maxLines: 1 }).lines).toEqual(['[node node1] online']);

    appendFileSync(file, '[node node1] report 1\n[node node10] not mine\n[node node1] half');
    const next = nodeLogLines(dir, 'node1', { after: first.offset });
    // node10's lines are not node1's; a line without its end waits.
    expect(next.lines).toEqual(['[node node1] report 1']);
    appendFileSync(file, ' a line\n');
    expect(nodeLogLines(dir, 'node1', { after: next.offset }).lines).toEqual(['[node node1] half a line']);
    // A log that was cut (a new run) is read again from its end.
    writeFileSync(file, '[node node1] fresh\n');
    expect(nodeLogLines(dir, 'node1', { after: 10_000 }).lines).toEqual(['[node node1] fresh']);
  });
});
