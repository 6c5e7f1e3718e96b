/**
 * `gridbox keys …` as a user runs it: a real child process over a temp data dir, secrets on stdin or in the
 * environment, and the exit code / stdout / stderr contract checked.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { signatureVerify } from '@polkadot/util-crypto';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'src-main/cli/gridbox.mjs');
const PASSWORD = 'cli test password';
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-cli-'));
  dirs.push(dir);
  return dir;
}

function gridbox(dataDir: string, args: string[], { input = '', env = {} }: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, GRIDBOX_DATA_DIR: dataDir, GRIDBOX_PASSWORD: PASSWORD, GRIDBOX_KEYSTORE_PASSWORD: undefined, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const keyFiles = (dataDir: string) => (existsSync(join(dataDir, 'keys')) ? readdirSync(join(dataDir, 'keys')) : []);

describe('gridbox keys (CLI)', () => {
  it('creates, lists, exports and removes an account', async () => {
    const data = tempDir();
    const created = await gridbox(data, ['keys', 'new', '--name', 'CLI farm', '--json']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const account = JSON.parse(created.stdout);
    expect(Object.keys(account).sort()).toEqual(['address', 'mnemonic', 'name', 'publicKey', 'type']);
    expect(account).toMatchObject({ name: 'CLI farm', type: 'sr25519', publicKey: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(account.mnemonic.split(' ')).toHaveLength(12);
    expect(new Keyring({ type: 'sr25519' }).addFromMnemonic(account.mnemonic).address).toBe(account.address);
    expect(keyFiles(data)).toEqual([`${account.address}.json`]);

    const listed = await gridbox(data, ['keys', 'list', '--json']);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout);
    expect(list[0]).toMatchObject({ address: account.address, name: 'CLI farm', dev: false, hasMnemonic: true });
    expect(list.slice(1).map((a: { name: string; dev: boolean }) => [a.name, a.dev])).toEqual(
      ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => [n, true]),
    );
    expect((await gridbox(data, ['keys', 'list'])).stdout).toMatch(/CLI farm\s+5\w+\s+sr25519/);

    const out = join(tempDir(), 'backup.json');
    const exported = await gridbox(data, ['keys', 'export', account.address, '--out', out]);
    expect(exported.code).toBe(0);
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
    const pair = new Keyring().addFromJson(JSON.parse(readFileSync(out, 'utf8')));
    pair.decodePkcs8(PASSWORD);
    expect(pair.address).toBe(account.address);
    expect(signatureVerify('hello', pair.sign('hello'), account.address).isValid).toBe(true);

    // Not on a terminal and no --yes: refused, nothing removed.
    const refused = await gridbox(data, ['keys', 'remove', account.address]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^gridbox: .*--yes/);
    expect(keyFiles(data)).toHaveLength(1);

    const removed = await gridbox(data, ['keys', 'remove', account.address, '--yes']);
    expect(removed.code).toBe(0);
    expect(keyFiles(data)).toEqual([]);

    // The backup comes back in with its own password and a new one for Gridbox.
    const restored = await gridbox(data, ['keys', 'import', '--name', 'Restored', '--from', 'json', '--file', out, '--json'], {
      env: { GRIDBOX_KEYSTORE_PASSWORD: PASSWORD, GRIDBOX_PASSWORD: 'another password' },
    });
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ address: account.address, name: 'Restored', hasMnemonic: false });
  });

  it('imports a mnemonic from stdin, password on the next line', async () => {
    const data = tempDir();
    const run = await gridbox(data, ['keys', 'import', '--name', 'Piped', '--from', 'mnemonic', '--type', 'ed25519', '--json'], {
      input: `${MNEMONIC}\n${PASSWORD}\n`,
      env: { GRIDBOX_PASSWORD: undefined },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      address: new Keyring({ type: 'ed25519' }).addFromMnemonic(MNEMONIC).address,
      name: 'Piped',
      type: 'ed25519',
    });
  });

  it('refuses a bad mnemonic with one clear line, exit 1, and writes nothing', async () => {
    const data = tempDir();
    const bad = MNEMONIC.replace(/yellow$/, 'zoo');
    const run = await gridbox(data, ['keys', 'import', '--name', 'Bad', '--from', 'mnemonic', '--json'], { input: `${bad}\n` });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('gridbox: the recovery phrase checksum does not match: check the spelling and order of the words\n');
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'invalid_mnemonic', message: expect.stringContaining('checksum') } });
    expect(run.stderr + run.stdout).not.toContain('legal winner');
    expect(existsSync(data) ? readdirSync(data) : []).toEqual([]);
  });

  it('separates usage errors (exit 2) from refused requests (exit 1), changing nothing', async () => {
    const data = tempDir();
    const usage = await gridbox(data, ['keys', 'new']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('gridbox: --name is required');
    const argvSecret = await gridbox(data, ['keys', 'import', '--name', 'x', '--from', 'mnemonic', '--file', 'phrase.txt']);
    expect(argvSecret.code).toBe(2);
    const short = await gridbox(data, ['keys', 'new', '--name', 'x'], { env: { GRIDBOX_PASSWORD: 'short' } });
    expect(short.code).toBe(1);
    expect(short.stderr).toBe('gridbox: the password must have at least 8 characters\n');
    const help = await gridbox(data, ['keys', 'import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: gridbox keys import');
    expect(readdirSync(data)).toEqual([]);
  });
});
