/**
 * A small ustar writer and reader for workspace archives (`gridbox workspace export|import`), pure JS so it runs
 * wherever the simulator does (Electron's utilityProcess included): regular files and folders only. The reader is
 * written for archives from elsewhere: every path must stay inside the target (no absolute paths, no `..`, no
 * links or devices), and the entry count and total size are bounded before anything is written.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarEntry {
  /** Relative path with `/` separators; folders end without a slash. */
  readonly path: string;
  readonly type: 'file' | 'dir';
  /** File content (absent for folders). */
  readonly data?: Uint8Array;
  readonly mtimeMs?: number;
}

export interface TarLimits {
  /** Sum of the files' sizes. */
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { maxTotalBytes: 1024 * 1024 * 1024, maxEntries: 200_000 };

export class TarError extends Error {
  override readonly name = 'TarError';
}

const BLOCK = 512;

/** A gzip'd tar of these entries. */
export function writeTarGz(entries: Iterable<TarEntry>): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const path = checkPath(entry.path);
    const data = entry.type === 'file' ? Buffer.from(entry.data ?? new Uint8Array()) : Buffer.alloc(0);
    parts.push(header(path, entry.type, data.length, entry.mtimeMs ?? Date.now()));
    if (data.length) {
      parts.push(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

/** The entries of a gzip'd tar, checked against the limits and for paths that would leave the target folder. */
export function readTarGz(archive: Uint8Array, limits: TarLimits = DEFAULT_TAR_LIMITS): TarEntry[] {
  let tar: Buffer;
  try {
    // The bound applies while inflating: a small archive cannot blow up into gigabytes in memory.
    tar = gunzipSync(archive, { maxOutputLength: limits.maxTotalBytes + (limits.maxEntries + 2) * BLOCK * 2 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw new TarError(`the archive unpacks to more than ${limits.maxTotalBytes} bytes`);
    throw new TarError(`not a gzip archive (${(error as Error).message})`);
  }
  const entries: TarEntry[] = [];
  let total = 0;
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > tar.length) throw new TarError('the archive ends without its end marker (truncated?)');
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return entries;
    if (entries.length >= limits.maxEntries) throw new TarError(`the archive has more than ${limits.maxEntries} entries`);
    const stored = octal(block, 148, 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
    if (stored !== sum) throw new TarError(`damaged entry header at byte ${offset}`);
    const name = text(block, 0, 100);
    const prefix = text(block, 345, 155);
    const path = checkPath(prefix ? `${prefix}/${name}` : name);
    const typeflag = String.fromCharCode(block[156]!);
    const size = octal(block, 124, 12);
    const mtimeMs = octal(block, 136, 12) * 1000;
    offset += BLOCK;
    if (typeflag === '5') {
      entries.push({ path: path.replace(/\/$/, ''), type: 'dir', mtimeMs });
      continue;
    }
    if (typeflag !== '0' && typeflag !== '\0') throw new TarError(`${path}: only files and folders are allowed (entry type ${JSON.stringify(typeflag)})`);
    total += size;
    if (total > limits.maxTotalBytes) throw new TarError(`the archive's files add up to more than ${limits.maxTotalBytes} bytes`);
    if (offset + size > tar.length) throw new TarError(`${path}: the archive is truncated`);
    entries.push({ path, type: 'file', data: tar.subarray(offset, offset + size), mtimeMs });
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
}

/** A relative path that stays inside the folder it is unpacked in. */
export function checkPath(path: string): string {
  const clean = path.replace(/\/$/, '');
  const bad = clean === '' || clean.startsWith('/') || clean.includes('\\') || clean.includes('\0') || /^[A-Za-z]:/.test(clean)
    || clean.split('/').some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) throw new TarError(`unsafe path in archive: ${JSON.stringify(path.slice(0, 120))}`);
  return clean;
}

function header(path: string, type: 'file' | 'dir', size: number, mtimeMs: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const full = type === 'dir' ? `${path}/` : path;
  let name = full;
  let prefix = '';
  if (Buffer.byteLength(full) > 100) {
    // ustar splits a long path at a slash: up to 155 bytes of prefix, up to 100 of name.
    const cut = full.lastIndexOf('/', full.length - 2);
    prefix = full.slice(0, cut);
    name = full.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(name) > 100) throw new TarError(`path too long for the archive: ${path.slice(0, 120)}`);
  }
  block.write(name, 0, 100, 'utf8');
  block.write(type === 'dir' ? '0000755\0' : '0000644\0', 100, 8, 'ascii');
  block.write('0000000\0', 108, 8, 'ascii');
  block.write('0000000\0', 116, 8, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  block.write(`${Math.floor(mtimeMs / 1000).toString(8).padStart(11, '0')}\0`, 136, 12, 'ascii');
  block.write(type === 'dir' ? '5' : '0', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  const field = text(block, start, length).trim();
  if (field === '') return 0;
  if (!/^[0-7]+$/.test(field)) throw new TarError('damaged entry header (a number field is not octal)');
  return parseInt(field, 8);
}
