/**
 * Prebuilt part bundles. The packaged app has neither the TypeScript sources nor esbuild, so the modules the process
 * backend launches (every part's entry and child-guard) are built ahead into one folder, `out/parts/`
 * (`npx tsx simulator/grid/build-parts-main.ts`), with the esbuild options of the cached bundles (bundles.ts), their
 * packages inside, but `import.meta.url` naming the bundle itself: the build machine's paths must not travel.
 *
 * Which folder a part runs from (`partsDirFor`):
 * 1. `GRIDBOX_PARTS_DIR` when set: always that folder (a part missing there is an error naming it);
 * 2. else, when the sources are present (a checkout, the CLI): none, parts are bundled on first use (bundles.ts);
 * 3. else (the packaged app): the first `parts/` folder holding `child-guard.mjs`, walking up at most three levels
 *    from the main bundle's own folder (out/main/ → out/parts/), read from `app.asar.unpacked` when that folder is
 *    inside an asar (see electron-builder.yml's asarUnpack).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildOptions, loadEsbuild, writeAtomically, type BundlerLoader } from './bundles';

export const PARTS_DIR_ENV = 'GRIDBOX_PARTS_DIR';
/**
 * The chain's signature-check workers load @polkadot/wasm-crypto by path (simulator/chain/core/verify-pool.ts); a
 * parts folder has no node_modules, so it carries a CommonJS bundle of it, named to them by GRIDBOX_WASM_CRYPTO.
 */
export const WASM_CRYPTO_BUNDLE = 'wasm-crypto.cjs';
/** Present in every parts folder (every part preloads it), so it marks one. */
export const GUARD_BUNDLE = 'child-guard';
const WALK_UP_LEVELS = 3;

export interface PartsLookup {
  readonly env: NodeJS.ProcessEnv;
  /** Whether the TypeScript sources of the parts are on disk (then they are bundled on first use). */
  readonly sourcesPresent: boolean;
  /** The `import.meta.url` of the module doing the lookup: in the app, the main bundle. */
  readonly mainModuleUrl: string;
  readonly exists?: (path: string) => boolean;
}

/** The folder of prebuilt parts to run from, or undefined to bundle the sources (the rule above). */
export function partsDirFor(lookup: PartsLookup): string | undefined {
  const configured = lookup.env[PARTS_DIR_ENV];
  if (configured) return resolve(configured);
  if (lookup.sourcesPresent) return undefined;
  const exists = lookup.exists ?? existsSync;
  let dir = dirname(fileURLToPath(lookup.mainModuleUrl));
  for (let level = 0; level <= WALK_UP_LEVELS; level++) {
    const candidate = outsideAsar(join(dir, 'parts'));
    if (exists(prebuiltPart(candidate, GUARD_BUNDLE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The real folder of a path inside an asar: electron-builder puts what `asarUnpack` names under
 * `app.asar.unpacked/` at the same relative path. A utility process cannot `--import` a module from inside the asar,
 * and its worker threads and child processes see only real files.
 */
export function outsideAsar(path: string): string {
  return path.split(sep).map((segment) => (segment === 'app.asar' ? 'app.asar.unpacked' : segment)).join(sep);
}

export function prebuiltPart(dir: string, name: string): string {
  return join(dir, `${name}.mjs`);
}

/**
 * Builds each entry (name → absolute .ts path) into `<outDir>/<name>.mjs`, and @polkadot/wasm-crypto for the verify
 * workers; the paths written, in order.
 */
export async function buildParts(
  outDir: string, entries: Readonly<Record<string, string>>, loadBundler: BundlerLoader = loadEsbuild,
): Promise<string[]> {
  const api = await loadBundler();
  if (!api) throw new Error('esbuild is not installed: building the parts needs the dev dependencies (npm install)');
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const result = await api.build(esbuildOptions(entry, name, outDir, false, 'bundled', 'bundle'));
    const out = prebuiltPart(outDir, name);
    const file = result.outputFiles.find((f) => f.path === out);
    if (!file) throw new Error(`esbuild wrote no ${name}.mjs for ${entry}`);
    writeAtomically(out, file.contents);
    written.push(out);
  }
  const wasmCrypto = join(outDir, WASM_CRYPTO_BUNDLE);
  const result = await api.build({
    entryPoints: [createRequire(import.meta.url).resolve('@polkadot/wasm-crypto')], bundle: true, platform: 'node',
    format: 'cjs', target: 'node20', write: false, logLevel: 'silent', outfile: wasmCrypto,
  });
  writeAtomically(wasmCrypto, result.outputFiles[0]!.contents);
  written.push(wasmCrypto);
  return written;
}
