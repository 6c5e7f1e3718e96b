// Signature checks off the main thread: sr25519 verification is about half of a transfer's CPU at admission, so a
// few worker_threads run it in batches (what arrived in one event-loop turn, one message per worker) while the main
// thread keeps decoding, applying blocks and answering RPC.
//
// The worker's code is inlined and started with `eval: true`, so it needs no file of its own next to an esbuild
// bundle (simulator/grid/bundles.ts); it loads @polkadot/wasm-crypto (pure WASM) from the path the main thread
// resolved. When a worker cannot start or dies, its checks run in this thread (signature.ts) and that is logged once.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChainLogger } from './dispatch/env';
import type { SignatureKind } from './extrinsic';
import { verifySignature } from './signature';

/**
 * How many verify workers a served chain runs: GRIDBOX_VERIFY_WORKERS when set (0 verifies in the main thread),
 * else one per core but the main thread's, at least one.
 */
export function defaultVerifyWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number.parseInt(env.GRIDBOX_VERIFY_WORKERS ?? '', 10);
  if (Number.isInteger(configured) && configured >= 0) return Math.min(configured, 64);
  return Math.max(1, availableParallelism() - 1);
}

interface Check {
  readonly kind: SignatureKind;
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly signer: Uint8Array;
  readonly done: (ok: boolean) => void;
}

/** One batch: kinds as 0 (sr25519) / 1 (ed25519), then each check's fields at the same index. */
interface BatchMessage {
  readonly id: number;
  readonly kinds: Uint8Array;
  readonly signatures: Uint8Array[];
  readonly messages: Uint8Array[];
  readonly signers: Uint8Array[];
}

const START_TIMEOUT_MS = 10_000;

const WORKER_KINDS: Partial<Record<SignatureKind, number>> = { Sr25519: 0, Ed25519: 1 };

// Plain CommonJS run by `new Worker(code, { eval: true })`; answers { id, results: Uint8Array of 0/1 }.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require(workerData.wasmCrypto);
crypto.waitReady().then((ok) => {
  if (!ok || !crypto.isReady()) throw new Error('@polkadot/wasm-crypto failed to initialise');
  parentPort.on('message', ({ id, kinds, signatures, messages, signers }) => {
    const results = new Uint8Array(kinds.length);
    for (let i = 0; i < kinds.length; i++) {
      try {
        const sig = signatures[i];
        results[i] = sig.length === 64 && (kinds[i] === 0
          ? crypto.sr25519Verify(sig, messages[i], signers[i])
          : crypto.ed25519Verify(sig, messages[i], signers[i])) ? 1 : 0;
      } catch {
        results[i] = 0;
      }
    }
    parentPort.postMessage({ id, results });
  });
  parentPort.postMessage({ ready: true });
});
`;

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  readonly inFlight: Map<number, Check[]>;
  queued: number;
}

export class VerifyPool {
  readonly #slots: Slot[] = [];
  #pending: Check[] = [];
  #flush: NodeJS.Immediate | undefined;
  #nextId = 0;
  #closed = false;
  #warned = false;
  readonly #log: ChainLogger;

  constructor(size: number, log: ChainLogger) {
    this.#log = log;
    // Checks run in this thread until a worker is ready; one that never gets there is reported once.
    setTimeout(() => {
      if (!this.#closed && !this.#slots.some((s) => s.ready)) this.#fallBack(new Error(`no worker ready in ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS).unref();
    let wasmCrypto: string;
    try {
      // GRIDBOX_WASM_CRYPTO: a CommonJS build of it, for a chain bundled without node_modules (simulator/grid/prebuilt-parts.ts).
      wasmCrypto = process.env.GRIDBOX_WASM_CRYPTO || createRequire(import.meta.url).resolve('@polkadot/wasm-crypto');
    } catch (error) {
      this.#fallBack(error);
      return;
    }
    for (let i = 0; i < size; i++) {
      try {
        this.#slots.push(this.#start(wasmCrypto));
      } catch (error) {
        this.#fallBack(error);
        break;
      }
    }
  }

  /** Workers running (0 when checks run in this thread). */
  get size(): number {
    return this.#slots.length;
  }

  #start(wasmCrypto: string): Slot {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { wasmCrypto } });
    // A chain that is not closed must not be held open by its verifiers alone.
    worker.unref();
    const slot: Slot = { worker, ready: false, inFlight: new Map(), queued: 0 };
    worker.on('message', (message: { ready?: boolean; id?: number; results?: Uint8Array }) => {
      if (message.ready) {
        slot.ready = true;
        return;
      }
      const checks = slot.inFlight.get(message.id!);
      if (!checks) return;
      slot.inFlight.delete(message.id!);
      slot.queued -= checks.length;
      checks.forEach((check, i) => check.done(message.results![i] === 1));
    });
    const lose = (error: unknown) => {
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1);
      if (!this.#closed) this.#fallBack(error);
      for (const checks of slot.inFlight.values()) for (const check of checks) this.#verifyHere(check);
      slot.inFlight.clear();
    };
    worker.on('error', lose);
    worker.on('exit', (code) => lose(new Error(`verify worker exited with code ${code}`)));
    return slot;
  }

  #fallBack(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#log.warn('signature verify workers unavailable; verifying in the main thread', {
      error: error instanceof Error ? error.message : String(error),
    });
  }

  #verifyHere(check: Check): void {
    check.done(verifySignature(check.kind, check.signature, check.message, check.signer));
  }

  /** Resolves with the signature's validity, as verifySignature would answer it. */
  verify(kind: SignatureKind, signature: Uint8Array, message: Uint8Array, signer: Uint8Array): Promise<boolean> {
    return new Promise((resolve) => {
      const check: Check = { kind, signature, message, signer, done: resolve };
      if (WORKER_KINDS[kind] === undefined || !this.#slots.some((s) => s.ready)) {
        this.#verifyHere(check);
        return;
      }
      this.#pending.push(check);
      this.#flush ??= setImmediate(() => this.#dispatch());
    });
  }

  /** Splits what arrived this turn over the ready workers, the least loaded taking the most. */
  #dispatch(): void {
    this.#flush = undefined;
    const checks = this.#pending;
    this.#pending = [];
    const ready = this.#slots.filter((s) => s.ready);
    if (ready.length === 0) {
      for (const check of checks) this.#verifyHere(check);
      return;
    }
    const per = Math.ceil(checks.length / ready.length);
    ready.sort((a, b) => a.queued - b.queued);
    for (let i = 0, at = 0; at < checks.length; i++, at += per) {
      const slot = ready[i]!;
      const batch = checks.slice(at, at + per);
      const id = this.#nextId++;
      slot.inFlight.set(id, batch);
      slot.queued += batch.length;
      const message: BatchMessage = {
        id,
        kinds: Uint8Array.from(batch, (c) => WORKER_KINDS[c.kind]!),
        signatures: batch.map((c) => c.signature),
        messages: batch.map((c) => c.message),
        signers: batch.map((c) => c.signer),
      };
      slot.worker.postMessage(message);
    }
  }

  /** Stops the workers; checks still out are answered in this thread. */
  close(): void {
    this.#closed = true;
    if (this.#flush) clearImmediate(this.#flush);
    this.#flush = undefined;
    for (const check of this.#pending.splice(0)) this.#verifyHere(check);
    for (const slot of this.#slots.splice(0)) {
      for (const checks of slot.inFlight.values()) for (const check of checks) this.#verifyHere(check);
      slot.inFlight.clear();
      void slot.worker.terminate();
    }
  }
}
