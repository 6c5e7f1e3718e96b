/**
 * Step one of account creation: a fresh mnemonic that lives only in memory until the user proves they wrote it down.
 * Abandoned drafts are forgotten after DRAFT_TTL_MS so a mnemonic nobody confirmed does not linger.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { KeyType } from '../../api/contract';
import { ApiError } from '../../api/errors';

export const DRAFT_TTL_MS = 10 * 60_000;
const CHALLENGE_SIZE = 3;

export interface Draft {
  id: string;
  mnemonic: string;
  type: KeyType;
  address: string;
  publicKey: string;
  challenge: number[];
  expiresAt: number;
}

export class DraftStore {
  readonly #drafts = new Map<string, { draft: Draft; timer: NodeJS.Timeout }>();

  constructor(private readonly now: () => number) {}

  add(fields: Omit<Draft, 'id' | 'challenge' | 'expiresAt'>): Draft {
    this.#sweep();
    const words = fields.mnemonic.split(' ').length;
    const draft: Draft = {
      ...fields,
      id: randomBytes(16).toString('hex'),
      challenge: pickPositions(words, CHALLENGE_SIZE),
      expiresAt: this.now() + DRAFT_TTL_MS,
    };
    // The clock may be a test's fake, so the timer only frees memory; expiry itself is judged against now().
    const timer = setTimeout(() => this.delete(draft.id), DRAFT_TTL_MS);
    timer.unref();
    this.#drafts.set(draft.id, { draft, timer });
    return draft;
  }

  /** The live draft, or 'expired' (which also covers ids that never existed or were already used). */
  get(id: string): Draft {
    this.#sweep();
    const held = this.#drafts.get(id);
    if (!held) throw new ApiError('expired', 'this new account has expired or was already saved: start again to get a new recovery phrase');
    return held.draft;
  }

  delete(id: string): void {
    const held = this.#drafts.get(id);
    if (!held) return;
    clearTimeout(held.timer);
    this.#drafts.delete(id);
  }

  clear(): void {
    for (const id of [...this.#drafts.keys()]) this.delete(id);
  }

  #sweep(): void {
    const now = this.now();
    for (const [id, { draft }] of this.#drafts) if (draft.expiresAt <= now) this.delete(id);
  }
}

/**
 * Checks every challenged word (trimmed, case-insensitive). A mismatch names the position only, never a word, and
 * leaves the draft alone so the user can correct their entry.
 */
export function checkChallenge(draft: Draft, answers: Record<string, string>): void {
  const words = draft.mnemonic.split(' ');
  for (const position of draft.challenge) {
    const given = answers[String(position)];
    if (given === undefined || given.trim() === '') {
      throw new ApiError('confirmation_failed', `word ${position} is missing: enter it from the recovery phrase you wrote down`);
    }
    if (given.trim().toLowerCase() !== words[position - 1]) {
      throw new ApiError('confirmation_failed', `word ${position} does not match the recovery phrase: check what you wrote down`);
    }
  }
}

/** `count` distinct 1-based positions in 1..`total`, ascending. */
function pickPositions(total: number, count: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, total)) picked.add(randomInt(1, total + 1));
  return [...picked].sort((a, b) => a - b);
}
