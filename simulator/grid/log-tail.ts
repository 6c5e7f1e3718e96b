/**
 * Reading the grid's logs (`<workspace>/logs/<part>.log`) from another process while they grow: `gridbox logs -f`
 * and the app's per-node log view. A node's lines are picked out of the node host's log by their `[node <name>]`
 * prefix. Lines shown to a user go through `redactSecrets` first: a log must never show a seed or a mnemonic,
 * even if a part wrote one by mistake.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function fileExists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What the file holds from `offset` on (nothing if it does not exist yet, or holds no more). */
export function readFrom(file: string, offset: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = statSync(file).size;
    if (size <= offset) return undefined;
    const buffer = Buffer.alloc(size - offset);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** 0x and 64 hex digits (a 32-byte seed or secret key), or 12 to 24 lowercase words in a row (a mnemonic). */
const HEX_SECRET = /0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/g;
const MNEMONIC = /\b(?:[a-z]{3,8} ){11,23}[a-z]{3,8}\b/g;
const SECRET_FIELD = /("?(?:seed|mnemonic|secret|privateKey|private_key|token)"?\s*[:=]\s*)("[^"]*"|\S+)/gi;

export function redactSecrets(line: string): string {
  return line.replace(SECRET_FIELD, '$1[redacted]').replace(HEX_SECRET, '0x[redacted]').replace(MNEMONIC, '[redacted words]');
}

export interface LogChunk {
  /** Whole lines, oldest first, secrets redacted. */
  readonly lines: string[];
  /** Pass it back as `after` to get only what was written since. */
  readonly offset: number;
}

/** Bytes read back from the end of a log for its last lines: enough for a few hundred lines. */
const TAIL_BYTES = 256 * 1024;

/**
 * A node's log lines from the node host's log: the last `maxLines` (no `after`), or the new lines since `after`.
 * A partial last line waits for its end.
 */
export function nodeLogLines(logsDir: string, node: string, options: { after?: number; maxLines?: number } = {}): LogChunk {
  const file = join(logsDir, 'nodes.log');
  const maxLines = options.maxLines ?? 200;
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { lines: [], offset: 0 };
  }
  const tailing = options.after === undefined || options.after > size;
  const from = tailing ? Math.max(0, size - TAIL_BYTES) : options.after!;
  const chunk = readFrom(file, from);
  if (!chunk) return { lines: [], offset: size };
  const text = chunk.toString('utf8');
  const end = text.lastIndexOf('\n') + 1;
  let whole = text.slice(0, end).split('\n');
  whole.pop();
  // Reading from the middle of the file: the first line is likely cut.
  if (tailing && from > 0) whole = whole.slice(1);
  const tag = `[node ${node}]`;
  const lines = whole.filter((l) => l.includes(tag)).slice(-maxLines).map(redactSecrets);
  return { lines, offset: from + Buffer.byteLength(text.slice(0, end), 'utf8') };
}
