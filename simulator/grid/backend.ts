/**
 * How the orchestrator runs the parts of a local grid. One interface, so the process backend here and the Docker
 * backend of the next issue are interchangeable: the orchestrator only starts a part with arguments, learns its URL,
 * stops or kills it, asks whether it runs and reads its log.
 */

/** `services` is chain, relay and activation in one process (services-main.ts), the default layout. */
export type PartKind = 'chain' | 'relay' | 'activation' | 'services' | 'nodeHost';

export interface PartSpec {
  /** Unique within a grid: `chain`, `relay`, `activation`, `services`, `nodes`. Names the log file too. */
  readonly name: string;
  readonly kind: PartKind;
  readonly args: readonly string[];
  /** Added to the part's environment (secrets such as the control token go here, never in args). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the part may take to announce its URL. Default 30 s. */
  readonly startTimeoutMs?: number;
}

export interface StartedPart {
  readonly name: string;
  readonly kind: PartKind;
  readonly pid: number | undefined;
  /** The URL the part announced on its first stdout line. */
  readonly url: string;
  /** The whole announcement (`{"relay":"ws://…"}`), for parts that announce more than one URL. */
  readonly announced: Readonly<Record<string, unknown>>;
}

export interface PartStatus {
  readonly name: string;
  readonly kind: PartKind;
  readonly pid: number | undefined;
  readonly url: string;
  readonly alive: boolean;
  readonly exitCode?: number | null;
}

export interface GridBackend {
  /** Starts a part and resolves once it announced its URL; rejects (and stops it) if it exits or times out first. */
  start(spec: PartSpec): Promise<StartedPart>;
  /** Graceful stop (SIGTERM or the backend's equivalent), then kill after `timeoutMs` (default 5 s). */
  stop(name: string, timeoutMs?: number): Promise<void>;
  /** Immediate, ungraceful end. */
  kill(name: string): void;
  status(): PartStatus[];
  /** Calls `onLine` with each log line of a part (stdout and stderr); returns an unsubscribe function. */
  onLog(name: string, onLine: (line: string) => void): () => void;
  /** Called when a part ends without being asked to. */
  onExit(listener: (name: string, code: number | null, signal: NodeJS.Signals | null) => void): void;
  /**
   * Whether a part may be given another part's URL before that part announced it. Only where every part sees the
   * same 127.0.0.1 (processes); in containers the URLs a part is given are rewritten from the announced ones.
   */
  readonly sharesLoopback?: boolean;
}
