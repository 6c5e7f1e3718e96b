// A disk cache of the encoded metadata. Encoding the assembled structure with @polkadot/types' codecs is most of a
// chain's start-up (about 0.4 s CPU per version on an idle machine, several times that on a busy one); assembling the
// structure itself (ids, docs, fallbacks) is cheap. So the bytes are kept under a key that hashes the assembled
// structure, the metadata version and the encoder's version: any change to a pallet declaration, the DSL or
// @polkadot/types gives a new key, and a key can only ever name the bytes that encoding would give (the unit test
// cross-checks). Files are written through a rename; a missing, unreadable or unwritable cache just means encoding.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageInfo } from '@polkadot/types/packageInfo';

/** Bumped when what is cached changes meaning. */
const FORMAT = 1;

/** `node_modules/.cache/gridbox/metadata` of this checkout; GRIDBOX_METADATA_CACHE overrides it, `off` disables it. */
export function defaultMetadataCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env.GRIDBOX_METADATA_CACHE;
  if (override === 'off') return undefined;
  if (override) return override;
  return join(fileURLToPath(new URL('../../../', import.meta.url)), 'node_modules', '.cache', 'gridbox', 'metadata');
}

export function metadataCacheKey(version: number, structure: unknown): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\n${version}\n${packageInfo.version}\n`);
  hash.update(JSON.stringify(structure));
  return hash.digest('hex').slice(0, 32);
}

/**
 * The encoded metadata for `structure` from the cache, else `encode()` (then stored, replacing older entries of the
 * same version). `check` rejects a cached file that is not plausibly this metadata (wrong magic or version byte).
 */
export function cachedMetadata(
  dir: string | undefined, version: number, structure: unknown, encode: () => Uint8Array, check: (bytes: Uint8Array) => boolean,
): Uint8Array {
  if (!dir) return encode();
  const prefix = `v${version}-`;
  const file = join(dir, `${prefix}${metadataCacheKey(version, structure)}.bin`);
  try {
    const bytes = new Uint8Array(readFileSync(file));
    if (check(bytes)) return bytes;
  } catch {
    // Not cached yet.
  }
  const bytes = encode();
  try {
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) if (old.startsWith(prefix) && old.endsWith('.bin')) rmSync(join(dir, old), { force: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  } catch {
    // A read-only checkout (a packaged app) encodes every time.
  }
  return bytes;
}
