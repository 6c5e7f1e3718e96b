/**
 * Start-up speed: each part's TypeScript entry bundled once into one ESM file (with esbuild, which tsx already
 * brings), so a part starts without tsx compiling dozens of modules. A part's bundle includes its packages too:
 * Node's ESM loader spends more CPU resolving and reading @polkadot/*'s ~1,400 files one by one than parsing them as
 * one file (module load of the services process: about 0.9 s CPU bundled against 2.4 s with packages external).
 * The CLI's bundle keeps packages external, so each command loads only what it imports. Bundles live in
 * `node_modules/.cache/gridbox/` (so external imports and worker threads resolve packages as usual), are rebuilt
 * when any input they were built from changes (size or mtime, from esbuild's metafile, packages included), and are
 * written through a rename so two `gridbox up` at once never run half a file. Without esbuild, callers fall back
 * to tsx.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'gridbox');

/** What npm writes into node_modules on every install (its hidden lockfile). */
const INSTALL_RECORD = join('node_modules', '.package-lock.json');

interface Manifest {
  readonly inputs: Record<string, string>;
}

export type Esbuild = typeof import('esbuild');
/** Loads esbuild, or gives undefined when it is not installed (a packaged app). */
export type BundlerLoader = () => Promise<Esbuild | undefined>;
let esbuild: Promise<Esbuild | undefined> | undefined;

export function loadEsbuild(): Promise<Esbuild | undefined> {
  esbuild ??= import('esbuild').then((m) => m, () => undefined);
  return esbuild;
}

function fingerprint(file: string): string | undefined {
  try {
    const s = statSync(join(ROOT, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function upToDate(manifestFile: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    return Object.entries(manifest.inputs).every(([file, print]) => fingerprint(file) === print);
  } catch {
    return false;
  }
}

/**
 * A bundle runs from node_modules/.cache/gridbox/, so `import.meta.url` in a bundled source would name the bundle;
 * each source gets its own location back (the CLI finds package.json and the part entries that way). esbuild's
 * `define` swaps the expressions in code only, so a string that merely mentions `import.meta.url` (the Docker image's
 * require shim) is left alone; a plain text replace broke that string and with it the whole CLI bundle.
 */
const SOURCE_URL = '__gridboxSourceUrl';
const SOURCE_DIR = '__gridboxSourceDir';
const sourceLocation: import('esbuild').Plugin = {
  name: 'source-location',
  setup(build) {
    // Bundled packages too (@polkadot/*'s packageInfo reads import.meta.url): the define below reaches every file.
    build.onLoad({ filter: /\.(ts|js|mjs|cjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const where = `const ${SOURCE_URL} = ${JSON.stringify(pathToFileURL(args.path).href)}, ${SOURCE_DIR} = ${JSON.stringify(dirname(args.path))};`;
      // On the first line, so esbuild's line numbers in errors still match the source.
      return { loader: args.path.endsWith('.ts') ? 'ts' : 'js', contents: `${where} ${text}` };
    });
  },
};
// CommonJS packages inside an ESM bundle still call require(); a bundle's own require resolves from its folder.
const REQUIRE_SHIM = "import { createRequire as __gridboxRequire } from 'node:module'; const require = __gridboxRequire(import.meta.url);";
/** Optional native speed-ups of `ws`, loaded in a try; never bundled. */
const NATIVE_OPTIONAL = ['bufferutil', 'utf-8-validate'];
const SOURCE_DEFINES = { 'import.meta.url': SOURCE_URL, 'import.meta.dirname': SOURCE_DIR };

const building = new Map<string, Promise<string | undefined>>();

export interface BundleOptions {
  /**
   * Modules loaded with `import()` go to chunks of their own, loaded when first needed, with the packages they import
   * (a one-file bundle hoists every package import to its top, so the CLI would load @polkadot/api for `--version`).
   * The bundle is then `<name>/<name>.mjs` beside its content-named chunks.
   */
  readonly split?: boolean;
  /** `bundled` (default without split): packages inside the bundle; `external`: loaded from node_modules. */
  readonly packages?: 'bundled' | 'external';
  /** Default: esbuild from node_modules. */
  readonly loadBundler?: BundlerLoader;
}

/**
 * Where a bundled source's `import.meta.url` points: `sources` gives each source its own location back (a bundle run
 * from the cache beside its checkout); `bundle` leaves it naming the bundle (prebuilt parts, shipped without sources,
 * must not carry the build machine's paths).
 */
export type SourceLocations = 'sources' | 'bundle';

/** The esbuild options of every bundle: one place, so the cached and the prebuilt parts are built alike. */
export function esbuildOptions(
  entry: string, name: string, outDir: string, split: boolean, packages: 'bundled' | 'external', locations: SourceLocations,
) {
  return {
    entryPoints: { [name]: entry }, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    ...(packages === 'external' ? { packages: 'external' as const } : { external: NATIVE_OPTIONAL, banner: { js: REQUIRE_SHIM } }),
    write: false, metafile: true, logLevel: 'silent', absWorkingDir: ROOT,
    ...(locations === 'sources' ? { plugins: [sourceLocation], define: SOURCE_DEFINES } : {}),
    outdir: outDir, outExtension: { '.js': '.mjs' }, splitting: split, chunkNames: 'chunk-[hash]',
  } satisfies import('esbuild').BuildOptions;
}

/**
 * The path of an up-to-date bundle of `entry` (absolute path of a .ts file), built if needed; undefined when
 * bundling is unavailable or fails (the caller then runs the entry through tsx).
 */
export function bundledEntry(entry: string, name: string, options: BundleOptions = {}): Promise<string | undefined> {
  let job = building.get(name);
  if (!job) {
    const split = options.split ?? false;
    job = build(entry, name, split, options.packages ?? (split ? 'external' : 'bundled'), options.loadBundler ?? loadEsbuild);
    building.set(name, job);
    void job.finally(() => building.delete(name));
  }
  return job;
}

/** Writes through a rename, so a reader never sees half a file. */
export function writeAtomically(file: string, contents: Uint8Array | string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

async function build(
  entry: string, name: string, split: boolean, packages: 'bundled' | 'external', loadBundler: BundlerLoader,
): Promise<string | undefined> {
  const outDir = split ? join(BUNDLE_DIR, name) : BUNDLE_DIR;
  const out = join(outDir, `${name}.mjs`);
  const manifestFile = join(BUNDLE_DIR, `${name}.json`);
  if (upToDate(manifestFile)) return out;
  const api = await loadBundler();
  if (!api) return undefined;
  try {
    const installPrint = fingerprint(INSTALL_RECORD);
    const result = await api.build(esbuildOptions(entry, name, outDir, split, packages, 'sources'));
    const entryFile = result.outputFiles.find((f) => f.path === out);
    if (!entryFile) return undefined;
    const inputs: Record<string, string> = {};
    for (const input of Object.keys(result.metafile.inputs)) {
      const file = relative(ROOT, join(ROOT, input));
      // npm rewrites node_modules/.package-lock.json on every install: one check stands for the ~1,400 package files
      // a part bundles (checking each cost ~0.1 s CPU per start).
      const print = file.startsWith(`node_modules${sep}`) && installPrint ? undefined : fingerprint(file);
      if (print) inputs[file] = print;
    }
    if (installPrint && Object.keys(result.metafile.inputs).some((f) => f.startsWith('node_modules/'))) inputs[INSTALL_RECORD] = installPrint;
    mkdirSync(outDir, { recursive: true });
    // Chunks first (content-named, so a running older entry keeps its own), the entry last, then the manifest.
    for (const file of result.outputFiles) if (file !== entryFile) writeAtomically(file.path, file.contents);
    writeAtomically(out, entryFile.contents);
    writeAtomically(manifestFile, JSON.stringify({ inputs } satisfies Manifest));
    return out;
  } catch {
    return undefined;
  }
}
