// Where the grid's parts run from (prebuilt-parts.ts): GRIDBOX_PARTS_DIR first, the sources when present, else the
// `parts/` folder found walking up from the main bundle, outside the asar in a packaged app.
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outsideAsar, partsDirFor, prebuiltPart } from '../../../simulator/grid/prebuilt-parts';

const app = join(sep, 'opt', 'Gridbox', 'resources');
const mainBundle = pathToFileURL(join(app, 'app.asar', 'out', 'main', 'index.js')).href;
const unpackedParts = join(app, 'app.asar.unpacked', 'out', 'parts');
const only = (...files: string[]) => (path: string) => files.includes(path);

describe('partsDirFor', () => {
  it('takes GRIDBOX_PARTS_DIR whenever it is set, sources or not', () => {
    for (const sourcesPresent of [true, false]) {
      expect(partsDirFor({ env: { GRIDBOX_PARTS_DIR: '/srv/parts' }, sourcesPresent, mainModuleUrl: mainBundle, exists: only() })).toBe('/srv/parts');
    }
  });

  it('bundles the sources when they are present and nothing is configured', () => {
    const exists = only(prebuiltPart(unpackedParts, 'child-guard'));
    expect(partsDirFor({ env: {}, sourcesPresent: true, mainModuleUrl: mainBundle, exists })).toBeUndefined();
    expect(partsDirFor({ env: { GRIDBOX_PARTS_DIR: '' }, sourcesPresent: true, mainModuleUrl: mainBundle, exists })).toBeUndefined();
  });

  it('finds the packaged parts beside the main bundle, outside the asar', () => {
    const exists = only(prebuiltPart(unpackedParts, 'child-guard'));
    expect(partsDirFor({ env: {}, sourcesPresent: false, mainModuleUrl: mainBundle, exists })).toBe(unpackedParts);
  });

  it('finds out/parts from a main bundle split into chunks, and nothing when no folder holds the guard', () => {
    const chunk = pathToFileURL(join(sep, 'repo', 'out', 'main', 'chunks', 'grid-1.js')).href;
    const parts = join(sep, 'repo', 'out', 'parts');
    expect(partsDirFor({ env: {}, sourcesPresent: false, mainModuleUrl: chunk, exists: only(prebuiltPart(parts, 'child-guard')) })).toBe(parts);
    expect(partsDirFor({ env: {}, sourcesPresent: false, mainModuleUrl: chunk, exists: only(join(parts, 'services.mjs')) })).toBeUndefined();
  });
});

describe('outsideAsar', () => {
  it('maps a path inside app.asar to app.asar.unpacked and leaves other paths alone', () => {
    expect(outsideAsar(join(app, 'app.asar', 'out', 'parts'))).toBe(unpackedParts);
    expect(outsideAsar(join(sep, 'repo', 'my.app.asar.d', 'out'))).toBe(join(sep, 'repo', 'my.app.asar.d', 'out'));
  });
});
