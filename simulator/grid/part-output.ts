/**
 * A part's output as the orchestrator uses it: each line timestamped into its log file, the last lines kept for
 * an error message, listeners fed, and the first announcement line (parseAnnouncement) turned into readiness; a
 * start that times out or fails rejects with the tail of the output. Shared by the process and Docker backends.
 */
import type { WriteStream } from 'node:fs';

const TAIL_LINES = 20;

/** The URL a part announces: `{"relay":"ws://…"}` (first URL-valued field) or a bare `ws://…` line. */
export function parseAnnouncement(line: string): { url: string; announced: Record<string, unknown> } | undefined {
  const trimmed = line.trim();
  if (/^(ws|http)s?:\/\/\S+$/.test(trimmed)) return { url: trimmed, announced: { url: trimmed } };
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const url = Object.values(value).find((v): v is string => typeof v === 'string' && /^(ws|http)s?:\/\//.test(v));
    return url ? { url, announced: value as Record<string, unknown> } : undefined;
  } catch {
    return undefined;
  }
}

export interface PartOutputOptions<T> {
  readonly name: string;
  readonly log: WriteStream;
  readonly listeners: ReadonlySet<(line: string) => void>;
  readonly timeoutMs: number;
  /** Turns the announcement into the start's result (may look things up); a rejection fails the start. */
  readonly onAnnounced: (announced: Record<string, unknown>, url: string) => Promise<T>;
  /** Called once when the start fails (to stop what was started). */
  readonly onFailed: () => void;
}

export interface PartOutput<T> {
  readonly ready: Promise<T>;
  record(stream: 'out' | 'err', line: string): void;
  fail(message: string): void;
}

export function partOutput<T>(options: PartOutputOptions<T>): PartOutput<T> {
  const tail: string[] = [];
  let settled = false;
  let resolveReady!: (value: T) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<T>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const fail = (message: string) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    const lines = tail.join('\n');
    rejectReady(new Error(`${options.name} ${message}${lines ? `; its last output:\n${lines}` : ''}`));
    options.onFailed();
  };
  const timer = setTimeout(() => fail(`did not announce its URL within ${options.timeoutMs} ms`), options.timeoutMs);
  let announcing = false;
  const record = (stream: 'out' | 'err', line: string) => {
    options.log.write(`${new Date().toISOString()} ${stream === 'err' ? '!' : ' '} ${line}\n`);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    for (const listener of options.listeners) listener(line);
    if (stream !== 'out' || settled || announcing) return;
    const parsed = parseAnnouncement(line);
    if (!parsed) return;
    announcing = true;
    options.onAnnounced(parsed.announced, parsed.url).then((value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveReady(value);
    }, (error: unknown) => fail(`announced its URL but ${(error as Error).message}`));
  };
  return { ready, record, fail };
}
