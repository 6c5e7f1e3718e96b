/**
 * Workshop mode (`gridbox up --workshop`): every attendee's grid must have the same accounts, farm and node ids.
 * The farmer already is `//Farmer` of the public dev phrase; the nodes' identities, which Zero-OS would generate
 * at random on first boot, are derived here from a fixed, public workshop phrase and the node's name and written
 * where the node host looks for them (`<workspace>/nodes/<name>/identity.json`, the node's own format), before
 * the node boots. Node ids then follow from the registration order (node1 first) on a fresh chain.
 * These keys are local-grid keys, public by design: never use them on a real network.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const WORKSHOP_PHRASE = 'gridbox workshop grid v1';

/** The node's 32-byte ed25519 seed, as hex (`0x…`), the same on every machine. */
export function workshopNodeSeed(name: string): string {
  return `0x${createHash('sha256').update(`${WORKSHOP_PHRASE}\0node\0${name}`, 'utf8').digest('hex')}`;
}

export type SeedOutcome = 'written' | 'kept' | 'different';

/**
 * Writes the workshop identity of each node that has none yet. A node that already has another identity keeps
 * it (it may be registered on this chain under it): reported as `different`, so the caller can say so.
 */
export function seedWorkshopIdentities(nodesDir: string, names: readonly string[]): Record<string, SeedOutcome> {
  const outcome: Record<string, SeedOutcome> = {};
  for (const name of names) {
    const dir = join(nodesDir, name);
    const file = join(dir, 'identity.json');
    const seed = workshopNodeSeed(name);
    if (existsSync(file)) {
      outcome[name] = identitySeed(file) === seed ? 'kept' : 'different';
      continue;
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, seed }), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    outcome[name] = 'written';
  }
  return outcome;
}

function identitySeed(file: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { seed?: unknown };
    return typeof parsed.seed === 'string' ? parsed.seed.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
