// Builds the prebuilt part bundles the packaged app runs (prebuilt-parts.ts): every module the process backend
// launches, self-contained, into one folder.
//   npx tsx simulator/grid/build-parts-main.ts [outDir]     (default out/parts)
import { resolve } from 'node:path';
import { buildParts } from './prebuilt-parts';
import { partBundleEntries } from './process-backend';

const outDir = resolve(process.argv[2] ?? 'out/parts');
const started = performance.now();
try {
  const written = await buildParts(outDir, partBundleEntries());
  process.stdout.write(`built ${written.length} parts into ${outDir} in ${Math.round(performance.now() - started)} ms\n`);
} catch (error) {
  process.stderr.write(`build-parts: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
