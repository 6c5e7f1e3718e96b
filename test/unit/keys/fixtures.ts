/** Shared setup for the key vault tests: fresh temp data dirs, a fake clock, event capture and disk snapshots. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { AccountInfo } from '../../../src-main/api/contract';
import { ApiError, type ErrorCode } from '../../../src-main/api/errors';
import { TopicBus } from '../../../src-main/backend/events';
import type { FileWrapper } from '../../../src-main/backend/keys/file-wrapper';
import { KeyVault } from '../../../src-main/backend/keys/vault';

export const PASSWORD = 'correct horse battery';
/** BIP39 test vectors: valid checksums, never used for anything real. */
export const MNEMONIC_12 = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
export const MNEMONIC_24 =
  'letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless';
export const SEED = '0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
export const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

const dirs: string[] = [];
const vaults: KeyVault[] = [];
afterEach(() => {
  vaults.splice(0).forEach((v) => v.dispose());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

export interface Harness {
  dataDir: string;
  keysDir: string;
  vault: KeyVault;
  events: AccountInfo[][];
  clock: { now: () => number; advance: (ms: number) => void };
}

/** A vault over a fresh temp GRIDBOX data dir (removed after the test). */
export function harness(options: { fileWrapper?: FileWrapper; autoLockMinutes?: number; dataDir?: string } = {}): Harness {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gridbox-keys-'));
  if (!options.dataDir) dirs.push(dataDir);
  const keysDir = join(dataDir, 'keys');
  let time = 1_700_000_000_000;
  const clock = { now: () => time, advance: (ms: number) => void (time += ms) };
  const bus = new TopicBus();
  const events: AccountInfo[][] = [];
  bus.on('keys.changed', (list) => events.push(list));
  const vault = new KeyVault({
    dir: keysDir,
    bus,
    autoLockMinutes: options.autoLockMinutes ?? 15,
    now: clock.now,
    ...(options.fileWrapper ? { fileWrapper: options.fileWrapper } : {}),
  });
  vaults.push(vault);
  return { dataDir, keysDir, vault, events, clock };
}

export async function expectApiError(promise: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<ApiError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    error = err;
  }
  expect(error, `expected ApiError ${code}`).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  return error as ApiError;
}

/** Every file under `dir` with its bytes and mtime, to prove an operation changed nothing. */
export function snapshot(dir: string): Record<string, { bytes: string; mtimeMs: number }> {
  const out: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const path of walk(dir)) out[path] = { bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs };
  return out;
}

export function walk(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function readKeyFile(keysDir: string, address: string): Record<string, unknown> & { meta: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(keysDir, `${address}.json`), 'utf8'));
}

export function answersFor(mnemonic: string, challenge: number[]): Record<string, string> {
  const words = mnemonic.split(' ');
  return Object.fromEntries(challenge.map((p) => [String(p), words[p - 1]!]));
}
