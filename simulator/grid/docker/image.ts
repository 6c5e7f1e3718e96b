/**
 * The simulator image, built locally without a registry: a root filesystem holding only the host's `node` binary,
 * the shared libraries it links (as `ldd` lists them) and one self-contained bundle per part (esbuild, packages
 * included, unlike bundles.ts whose bundles load packages from node_modules), built `FROM scratch` through the
 * Engine API. Tagged `gridbox-sim:<content hash>`: the same bundles and node give the same tag, so an existing
 * image is reused, and any change to the simulator's sources gives a new one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import type { PartKind } from '../backend';
import { BUNDLE_DIR } from '../bundles';
import { PART_ENTRIES } from '../process-backend';
import { OWNER, OWNER_LABEL } from './engine';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WORK_DIR = join(BUNDLE_DIR, 'docker');
export const IMAGE_REPO = 'gridbox-sim';
/** Where things are inside the image. */
export const NODE_IN_IMAGE = '/usr/bin/node';
export const PRELOAD_IN_IMAGE = '/app/listen-all.mjs';
export const bundleInImage = (kind: PartKind): string => `/app/${kind}.mjs`;

const PRELOAD_ENTRY = fileURLToPath(new URL('./listen-all.ts', import.meta.url));
// CommonJS packages inside an ESM bundle still call require().
const REQUIRE_SHIM = "import { createRequire as __gridboxRequire } from 'node:module'; const require = __gridboxRequire(import.meta.url);";

export interface SimImage {
  readonly tag: string;
  /** false when an image with this content hash existed already. */
  readonly built: boolean;
}

/** The image for the current sources and node binary: reused when its tag exists, built otherwise. */
export async function ensureSimImage(docker: Docker, onProgress: (message: string) => void = () => {}, options: { salt?: string } = {}): Promise<SimImage> {
  // Bundling every part takes seconds: skip it when no source, package or node binary changed since the last build.
  const print = sourcePrint();
  const cached = readCache();
  if (!options.salt && cached?.print === print && (await hasImage(docker, cached.tag))) return { tag: cached.tag, built: false };
  const { tag, bundles, libs, nodeBinary } = await contentTag(options.salt);
  if (await hasImage(docker, tag)) {
    if (!options.salt) writeCache({ print, tag });
    return { tag, built: false };
  }
  onProgress(`building the Docker image ${tag}`);
  const stage = join(WORK_DIR, `stage-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  try {
    const put = (path: string, from: string) => {
      mkdirSync(dirname(join(stage, path)), { recursive: true });
      copyFileSync(from, join(stage, path));
    };
    put(NODE_IN_IMAGE, nodeBinary);
    for (const lib of libs) put(lib, lib);
    mkdirSync(join(stage, 'app'), { recursive: true });
    mkdirSync(join(stage, 'tmp'), { recursive: true });
    mkdirSync(join(stage, 'etc'), { recursive: true });
    writeFileSync(join(stage, 'etc', 'nsswitch.conf'), 'hosts: files dns\n');
    for (const [file, code] of bundles) writeFileSync(join(stage, 'app', file), code);
    writeFileSync(join(stage, 'Dockerfile'), `FROM scratch\nCOPY . /\nLABEL ${OWNER_LABEL}=${OWNER}\nENV HOME=/tmp\nWORKDIR /tmp\n`);
    const stream = await docker.buildImage({ context: stage, src: readdirSync(stage) }, { t: tag, labels: { [OWNER_LABEL]: OWNER }, rm: true, forcerm: true });
    const output = await new Promise<{ error?: string }[]>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, result: { error?: string }[]) => (error ? reject(error) : resolve(result)));
    });
    const failed = output.find((o) => o.error);
    if (failed) throw new Error(`building ${tag} failed: ${failed.error}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  if (!options.salt) writeCache({ print, tag });
  return { tag, built: true };
}

/**
 * The tag the image of this checkout has (built or not): remembered from the last build when no source changed,
 * else computed from fresh bundles. A salt gives another tag for the same content (a cold build in the bench).
 */
export async function currentSimTag(): Promise<string> {
  const cached = readCache();
  return cached?.print === sourcePrint() ? cached.tag : (await contentTag()).tag;
}

async function contentTag(salt?: string): Promise<{ tag: string; bundles: [string, Uint8Array][]; libs: string[]; nodeBinary: string }> {
  const bundles = await bundleParts();
  const nodeBinary = process.execPath;
  const libs = linkedLibraries(nodeBinary);
  const hash = createHash('sha256');
  for (const [name, code] of bundles) hash.update(name).update(code);
  hash.update(readFileSync(nodeBinary));
  for (const lib of libs) hash.update(lib);
  if (salt) hash.update(salt);
  return { tag: `${IMAGE_REPO}:${hash.digest('hex').slice(0, 16)}`, bundles, libs, nodeBinary };
}

function hasImage(docker: Docker, tag: string): Promise<boolean> {
  return docker.getImage(tag).inspect().then(() => true, () => false);
}

interface ImageCache {
  readonly print: string;
  readonly tag: string;
}

const CACHE_FILE = join(WORK_DIR, 'image.json');

function readCache(): ImageCache | undefined {
  try {
    const value = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as Partial<ImageCache>;
    return typeof value.print === 'string' && typeof value.tag === 'string' ? { print: value.print, tag: value.tag } : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(cache: ImageCache): void {
  mkdirSync(WORK_DIR, { recursive: true });
  const temp = `${CACHE_FILE}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(cache));
  renameSync(temp, CACHE_FILE);
}

/** Size and mtime of every file under simulator/, of the lock file (the bundled packages) and of the node binary. */
function sourcePrint(): string {
  const hash = createHash('sha256').update(process.version);
  const add = (file: string) => {
    const s = statSync(file);
    hash.update(`${file}:${s.size}:${s.mtimeMs}\n`);
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) add(path);
    }
  };
  walk(join(ROOT, 'simulator'));
  for (const file of [join(ROOT, 'package-lock.json'), process.execPath]) {
    try {
      add(file);
    } catch {
      hash.update(`${file}:missing\n`);
    }
  }
  return hash.digest('hex');
}

/**
 * Every part's entry (and the preload) bundled with its packages, as [file name, code]: one build with code
 * splitting, so that what only one part loads on demand (a node's @polkadot/api client, used only on chains the
 * light client does not describe) sits in a chunk of its own that a node container never reads or compiles, and
 * what parts share is in the image once.
 */
async function bundleParts(): Promise<[string, Uint8Array][]> {
  const esbuild = await import('esbuild');
  const entryPoints = {
    ...Object.fromEntries(Object.entries(PART_ENTRIES).map(([kind, entry]) => [kind, join(ROOT, entry)])),
    'listen-all': PRELOAD_ENTRY,
  };
  const outdir = join(WORK_DIR, 'out');
  const result = await esbuild.build({
    entryPoints, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent',
    outdir, entryNames: '[name]', chunkNames: 'chunk-[hash]', outExtension: { '.js': '.mjs' },
    absWorkingDir: ROOT, external: ['bufferutil', 'utf-8-validate'], banner: { js: REQUIRE_SHIM },
  });
  const files = result.outputFiles.map((f) => [relative(outdir, f.path), f.contents] as [string, Uint8Array]);
  for (const name of Object.keys(entryPoints)) {
    if (!files.some(([file]) => file === `${name}.mjs`)) throw new Error(`could not bundle ${name}`);
  }
  return files.sort(([a], [b]) => a.localeCompare(b));
}

/** The absolute paths of the shared libraries a binary loads (and its dynamic loader), from `ldd`. */
function linkedLibraries(binary: string): string[] {
  const text = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const paths = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match?.[1]) paths.add(match[1]);
  }
  return [...paths].sort();
}
