// One append-only log segment on disk. Opening reads every whole record and cuts the file after the last good one
// (a torn or corrupt tail is the block that was being written when the process died). Appends are written and
// fdatasync'd before they return, so a record that has been appended survives kill -9 and power loss alike; a run of
// appends may instead share one fdatasync (`append(…, false)` then `sync()`), as a time jump's blocks do.
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { frame, unframe, type Unframed } from './frame';

export interface OpenedLog {
  readonly log: LogFile;
  readonly records: Uint8Array[];
  /** Set when a tail had to be cut off: what was wrong and how many bytes went. */
  readonly cut?: { readonly problem: NonNullable<Unframed['problem']>; readonly bytes: number };
}

export class LogFile {
  #fd: number | undefined;
  #size: number;
  /** Bytes written since the last fdatasync. */
  #unsynced = 0;

  private constructor(readonly path: string, fd: number, size: number) {
    this.#fd = fd;
    this.#size = size;
  }

  /** Opens (creating it if absent) and reads the segment, cutting a torn or corrupt tail. */
  static open(path: string): OpenedLog {
    const fd = openSync(path, 'a+');
    try {
      const data = fstatSync(fd).size === 0 ? new Uint8Array(0) : readFileSync(path);
      const { payloads, validLength, problem } = unframe(data);
      if (problem) {
        ftruncateSync(fd, validLength);
        fdatasyncSync(fd);
      }
      const log = new LogFile(path, fd, validLength);
      return problem ? { log, records: payloads, cut: { problem, bytes: data.length - validLength } } : { log, records: payloads };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Appends one record, durably unless `sync` is false (then the next `sync()` makes it durable). On a failed write
   * the file is cut back, so no torn record is left behind.
   */
  append(payload: Uint8Array, sync = true): number {
    if (this.#fd === undefined) throw new Error(`log ${this.path} is closed`);
    const bytes = frame(payload);
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written);
      if (sync) fdatasyncSync(this.#fd);
    } catch (error) {
      try {
        ftruncateSync(this.#fd, this.#size);
      } catch {
        // The next open cuts the torn record anyway.
      }
      throw error;
    }
    this.#size += bytes.length;
    this.#unsynced = sync ? 0 : this.#unsynced + bytes.length;
    return bytes.length;
  }

  /** Makes the records appended without a sync durable; a no-op when there are none. */
  sync(): void {
    if (this.#fd === undefined || this.#unsynced === 0) return;
    fdatasyncSync(this.#fd);
    this.#unsynced = 0;
  }

  /** Cuts the segment to `size` bytes (a record that turned out not to apply, and what followed it). */
  truncate(size: number): void {
    if (this.#fd === undefined) throw new Error(`log ${this.path} is closed`);
    ftruncateSync(this.#fd, size);
    fdatasyncSync(this.#fd);
    this.#size = size;
  }

  close(): void {
    if (this.#fd === undefined) return;
    this.sync();
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
