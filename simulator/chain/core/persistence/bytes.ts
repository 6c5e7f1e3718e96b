// A minimal binary writer/reader for the chain store's records and images: little-endian integers, length-prefixed
// byte strings. Our own format (not SCALE): it only has to round-trip what this folder writes, and fail loudly on
// anything truncated.

export class ByteWriter {
  #buf = new Uint8Array(1024);
  #view = new DataView(this.#buf.buffer);
  #len = 0;

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  u8(n: number): this {
    this.#room(1);
    this.#buf[this.#len++] = n;
    return this;
  }

  u32(n: number): this {
    this.#room(4);
    this.#view.setUint32(this.#len, n, true);
    this.#len += 4;
    return this;
  }

  /** A safe integer (block numbers, millisecond timestamps), stored as a float64: exact up to 2^53. */
  num(n: number): this {
    this.#room(8);
    this.#view.setFloat64(this.#len, n, true);
    this.#len += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.u32(b.length);
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
    return this;
  }

  /** `0x` hex, stored as its bytes. */
  hex(h: string): this {
    return this.bytes(Buffer.from(h.slice(2), 'hex'));
  }

  str(s: string): this {
    return this.bytes(Buffer.from(s, 'utf8'));
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

export class FormatError extends Error {
  override readonly name = 'FormatError';
}

export class ByteReader {
  #pos = 0;
  readonly #view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  #need(n: number): void {
    if (this.#pos + n > this.buf.length) throw new FormatError('record truncated');
  }

  get done(): boolean {
    return this.#pos === this.buf.length;
  }

  u8(): number {
    this.#need(1);
    return this.buf[this.#pos++]!;
  }

  u32(): number {
    this.#need(4);
    const n = this.#view.getUint32(this.#pos, true);
    this.#pos += 4;
    return n;
  }

  num(): number {
    this.#need(8);
    const n = this.#view.getFloat64(this.#pos, true);
    this.#pos += 8;
    return n;
  }

  bytes(): Uint8Array {
    const n = this.u32();
    this.#need(n);
    // A plain copy: a Buffer slice would be a view keeping the whole file's bytes alive for every value.
    const b = new Uint8Array(this.buf.subarray(this.#pos, this.#pos + n));
    this.#pos += n;
    return b;
  }

  hex(): string {
    return `0x${Buffer.from(this.bytes()).toString('hex')}`;
  }

  str(): string {
    return Buffer.from(this.bytes()).toString('utf8');
  }
}
