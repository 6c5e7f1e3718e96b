// Whole-file writes that are all or nothing: temp file, fsync, rename over the target, fsync of the directory. A
// crash leaves either the old file or the new one, never a mix; the content is framed (length + CRC-32) so a file
// damaged some other way is recognised rather than misread.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { frame, unframe } from './frame';
import { FormatError } from './bytes';

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeFileAtomic(path: string, payload: Uint8Array): void {
  const tmp = `${path}.tmp`;
  const bytes = frame(payload);
  const fd = openSync(tmp, 'w');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** The payload of a file written by writeFileAtomic; a damaged file is a FormatError naming it. */
export function readFileAtomic(path: string): Uint8Array {
  const data = readFileSync(path);
  const { payloads, problem } = unframe(data);
  if (problem || payloads.length !== 1) throw new FormatError(`${path} is damaged (${problem ?? 'not one record'})`);
  return payloads[0]!;
}
