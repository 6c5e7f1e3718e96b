/**
 * Start-up speed: each part's TypeScript entry bundled once into one ESM file (with esbuild, which tsx already
 * brings), so a part starts without tsx compiling dozens of modules. Packages stay external and load from
 * node_modules as usual. Bundles live in `node_modules/.cache/gridbox/` (so those imports resolve), are rebuilt
 * when any source they were built from changes (size or mtime, from esbuild's metafile), and are written through a
 * rename so two `gridbox up` at once never run half a file. Without esbuild, callers fall back to tsx.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'gridbox');

interface Manifest {
  readonly inputs: Record<string, string>;
}

type Esbuild = typeof import('esbuild');
let esbuild: Promise<Esbuild | undefined> | undefined;

function loadEsbuild(): Promise<Esbuild | undefined> {
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

const building = new Map<string, Promise<string | undefined>>();

/**
 * The path of an up-to-date bundle of `entry` (absolute path of a .ts file), built if needed; undefined when
 * bundling is unavailable or fails (the caller then runs the entry through tsx).
 */
export function bundledEntry(entry: string, name: string): Promise<string | undefined> {
  let job = building.get(name);
  if (!job) {
    job = build(entry, name);
    building.set(name, job);
    void job.finally(() => building.delete(name));
  }
  return job;
}

async function build(entry: string, name: string): Promise<string | undefined> {
  const out = join(BUNDLE_DIR, `${name}.mjs`);
  const manifestFile = join(BUNDLE_DIR, `${name}.json`);
  if (upToDate(manifestFile)) return out;
  const api = await loadEsbuild();
  if (!api) return undefined;
  try {
    const result = await api.build({
      entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
      write: false, metafile: true, logLevel: 'silent', absWorkingDir: ROOT,
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) return undefined;
    const inputs: Record<string, string> = {};
    for (const input of Object.keys(result.metafile.inputs)) {
      const file = relative(ROOT, join(ROOT, input));
      const print = fingerprint(file);
      if (print) inputs[file] = print;
    }
    mkdirSync(BUNDLE_DIR, { recursive: true });
    const temp = `${out}.${process.pid}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, out);
    writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify({ inputs } satisfies Manifest));
    renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
    return out;
  } catch {
    return undefined;
  }
}
