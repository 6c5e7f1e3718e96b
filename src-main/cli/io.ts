/**
 * Terminal input and output for the CLI, behind an interface so commands never touch process.* directly. Secrets are
 * read from a hidden prompt on a terminal, or line by line from stdin when piped: never from argv, where other users
 * of the machine can see them in the process list.
 */
import { createInterface, type Interface } from 'node:readline';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** stdin is a terminal a person is typing at. */
  readonly interactive: boolean;
  /** The next line of (piped) stdin; undefined at end of input. */
  nextLine(): Promise<string | undefined>;
  ask(question: string): Promise<string>;
  /** Like ask, without echoing what is typed. */
  askHidden(question: string): Promise<string>;
  close(): void;
}

export class InterruptedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'InterruptedError';
  }
}

export function processIO(): CliIO {
  return new ProcessIO(process.stdin, process.stdout, process.stderr);
}

class ProcessIO implements CliIO {
  readonly #queued: string[] = [];
  readonly #waiting: ((line: string | undefined) => void)[] = [];
  #ended = false;
  #reader: Interface | undefined;

  constructor(
    private readonly stdin: NodeJS.ReadStream,
    private readonly stdout: NodeJS.WriteStream,
    private readonly stderr: NodeJS.WriteStream,
  ) {}

  get interactive(): boolean {
    return this.stdin.isTTY === true;
  }

  out(text: string): void {
    this.stdout.write(text);
  }

  err(text: string): void {
    this.stderr.write(text);
  }

  nextLine(): Promise<string | undefined> {
    this.#startReading();
    const line = this.#queued.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#ended) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  async ask(question: string): Promise<string> {
    const rl = createInterface({ input: this.stdin, output: this.stderr, terminal: this.interactive });
    try {
      return await new Promise<string>((resolve, reject) => {
        rl.once('SIGINT', () => reject(new InterruptedError()));
        rl.once('close', () => reject(new InterruptedError()));
        rl.question(question, resolve);
      });
    } finally {
      rl.removeAllListeners('close');
      rl.close();
    }
  }

  askHidden(question: string): Promise<string> {
    const stdin = this.stdin;
    this.err(question);
    return new Promise((resolve, reject) => {
      let value = '';
      const wasRaw = stdin.isRaw;
      const finish = (error?: Error) => {
        stdin.off('data', onData);
        stdin.setRawMode(wasRaw);
        stdin.pause();
        this.err('\n');
        if (error) reject(error);
        else resolve(value);
      };
      const onData = (chunk: Buffer | string) => {
        for (const ch of chunk.toString()) {
          if (ch === '\r' || ch === '\n') return finish();
          if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new InterruptedError());
          if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
          else if (ch >= ' ') value += ch;
        }
      };
      stdin.setRawMode(true);
      stdin.on('data', onData);
      stdin.resume();
    });
  }

  close(): void {
    if (!this.#reader) return;
    this.#reader.close();
    // A half-read pipe would otherwise keep the process waiting for input nobody needs.
    this.stdin.destroy();
  }

  #startReading(): void {
    if (this.#reader) return;
    this.#reader = createInterface({ input: this.stdin, terminal: false, crlfDelay: Infinity });
    this.#reader.on('line', (line) => {
      const waiter = this.#waiting.shift();
      if (waiter) waiter(line);
      else this.#queued.push(line);
    });
    this.#reader.on('close', () => {
      this.#ended = true;
      for (const waiter of this.#waiting.splice(0)) waiter(undefined);
    });
  }
}
