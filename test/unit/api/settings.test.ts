import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TopicBus } from '../../../src-main/backend/events';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../src-main/backend/settings';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-settings-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SettingsStore', () => {
  it('persists updates and announces them', async () => {
    const dir = tempDir();
    const bus = new TopicBus();
    const seen: unknown[] = [];
    bus.on('settings.changed', (s) => seen.push(s));
    const store = new SettingsStore(dir, bus);
    await store.load();
    await store.update({ theme: 'dark', autoLockMinutes: 5 });
    expect(seen).toEqual([{ theme: 'dark', autoLockMinutes: 5 }]);
    const reloaded = new SettingsStore(dir, new TopicBus());
    expect(await reloaded.load()).toEqual({ theme: 'dark', autoLockMinutes: 5 });
  });

  it('falls back to defaults on a damaged file and leaves the file alone until the user changes something', async () => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"theme": "dark", ');
    const store = new SettingsStore(dir, new TopicBus());
    expect(await store.load()).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(path, 'utf8')).toBe('{"theme": "dark", ');
  });

  it('ignores values outside what the app supports', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'neon', autoLockMinutes: 0 }));
    expect(await new SettingsStore(dir, new TopicBus()).load()).toEqual(DEFAULT_SETTINGS);
  });
});
