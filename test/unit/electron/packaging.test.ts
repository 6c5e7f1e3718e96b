import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import electronViteConfig from '../../../electron.vite.config';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const builderYml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

/**
 * The indented `key: value` lines under a top-level key. Enough YAML for this flat file (no YAML parser is a
 * dependency); comments and blank lines are skipped.
 */
function section(name: string): Map<string, string> {
  const lines = builderYml.split(/\r?\n/);
  const start = lines.findIndex((l) => l === `${name}:`);
  expect(start, `top-level "${name}:" in electron-builder.yml`).toBeGreaterThanOrEqual(0);
  const entries = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^ {2}([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (m?.[1]) entries.set(m[1], m[2] ?? '');
  }
  return entries;
}
function list(name: string): string[] {
  const lines = builderYml.split(/\r?\n/);
  const start = lines.findIndex((l) => l === `${name}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^ {2}- (.+?)\s*$/.exec(line);
    if (m?.[1]) items.push(m[1].replace(/^"(.*)"$/, '$1'));
  }
  return items;
}
function topLevel(name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(.*?)[ \\t]*$`, 'm').exec(builderYml)?.[1];
}

describe('electron-builder.yml', () => {
  it('flips every security fuse', () => {
    const fuses = section('electronFuses');
    expect(fuses.get('runAsNode')).toBe('false');
    expect(fuses.get('enableCookieEncryption')).toBe('true');
    expect(fuses.get('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(fuses.get('enableNodeCliInspectArguments')).toBe('false');
    expect(fuses.get('enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(fuses.get('onlyLoadAppFromAsar')).toBe('true');
    expect(fuses.get('grantFileProtocolExtraPrivileges')).toBe('false');
  });

  it('uses only fuse names electron-builder knows (a typo would be rejected at dist time)', () => {
    const known = new Set([
      'runAsNode',
      'enableCookieEncryption',
      'enableNodeOptionsEnvironmentVariable',
      'enableNodeCliInspectArguments',
      'enableEmbeddedAsarIntegrityValidation',
      'onlyLoadAppFromAsar',
      'loadBrowserProcessSpecificV8Snapshot',
      'grantFileProtocolExtraPrivileges',
      'resetAdHocDarwinSignature',
    ]);
    for (const key of section('electronFuses').keys()) expect(known, key).toContain(key);
  });

  it('packs an asar with the app identity', () => {
    expect(topLevel('asar')).toBe('true');
    expect(topLevel('appId')).toBe('io.threefold.gridbox');
    expect(topLevel('productName')).toBe('Gridbox');
  });

  it('ships the build output and package.json, not sources or tests', () => {
    const files = list('files');
    expect(files.length).toBeGreaterThan(0);
    const included = files.filter((f) => !f.startsWith('!'));
    expect(included).toContain('package.json');
    for (const pattern of included) {
      expect(pattern === 'package.json' || pattern.startsWith('out/'), pattern).toBe(true);
    }
  });

  it('ships the prebuilt grid parts as real files, where the app looks for them', () => {
    // simulator/grid/prebuilt-parts.ts: out/main/ → out/parts/, read from app.asar.unpacked.
    expect(list('files')).toContain('out/parts/**');
    expect(list('asarUnpack')).toEqual(['out/parts/**']);
  });

  it('targets AppImage + deb, dmg with the hardened runtime, and nsis', () => {
    expect(builderYml).toMatch(/^linux:\n {2}target:\n {4}- AppImage\n {4}- deb$/m);
    expect(section('linux').get('category')).toBe('Development');
    expect(section('mac').get('target')).toBe('dmg');
    expect(section('mac').get('hardenedRuntime')).toBe('true');
    expect(section('win').get('target')).toBe('nsis');
  });

  it('never deletes the data folder (the keys) on uninstall', () => {
    expect(section('nsis').get('deleteAppDataOnUninstall')).toBe('false');
  });
});

describe('electron.vite.config.ts', () => {
  const config = electronViteConfig as {
    main?: { build?: { rolldownOptions?: { input?: Record<string, string> } } };
    preload?: {
      build?: { externalizeDeps?: unknown; rolldownOptions?: { input?: Record<string, string>; output?: { format?: string; entryFileNames?: string } } };
    };
    renderer?: { root?: string; build?: { outDir?: string } };
  };

  it('builds the main process from src-main/main', () => {
    expect(config.main?.build?.rolldownOptions?.input?.index).toBe(join(ROOT, 'src-main/main/index.ts'));
  });

  it('emits the preload as one self-contained CommonJS file, as sandboxed preloads require', () => {
    const preload = config.preload?.build;
    expect(preload?.rolldownOptions?.input?.index).toBe(join(ROOT, 'src-main/preload/index.ts'));
    expect(preload?.rolldownOptions?.output?.format).toBe('cjs');
    expect(preload?.rolldownOptions?.output?.entryFileNames).toBe('[name].cjs');
    expect(preload?.externalizeDeps).toBe(false);
  });

  it('builds the renderer from src-renderer into out/renderer', () => {
    expect(config.renderer?.root).toBe(join(ROOT, 'src-renderer'));
    expect(config.renderer?.build?.outDir).toBe(join(ROOT, 'out/renderer'));
  });
});
