import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { THEMES, type Settings } from '../api/contract';
import type { TopicBus } from './events';
import { writeFileAtomic } from './store/atomic-file';

export const DEFAULT_SETTINGS: Settings = { theme: 'system', autoLockMinutes: 15 };

/** settings.json: preferences only, never secrets. A damaged file falls back to defaults without being overwritten. */
export class SettingsStore {
  #current: Settings = { ...DEFAULT_SETTINGS };
  readonly #path: string;

  constructor(
    dataDir: string,
    private readonly bus: TopicBus,
  ) {
    this.#path = join(dataDir, 'settings.json');
  }

  async load(): Promise<Settings> {
    try {
      const raw = JSON.parse(await readFile(this.#path, 'utf8')) as Partial<Settings>;
      this.#current = sanitize(raw);
    } catch {
      this.#current = { ...DEFAULT_SETTINGS };
    }
    return this.get();
  }

  get(): Settings {
    return { ...this.#current };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = sanitize({ ...this.#current, ...definedOnly(patch) });
    await writeFileAtomic(this.#path, JSON.stringify(next, null, 2) + '\n', 0o644);
    this.#current = next;
    this.bus.emit('settings.changed', this.get());
    return this.get();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sanitize(raw: Partial<Settings>): Settings {
  const theme = (THEMES as readonly string[]).includes(String(raw.theme)) ? (raw.theme as Settings['theme']) : DEFAULT_SETTINGS.theme;
  const minutes = Number(raw.autoLockMinutes);
  const autoLockMinutes =
    Number.isInteger(minutes) && minutes >= 1 && minutes <= 24 * 60 ? minutes : DEFAULT_SETTINGS.autoLockMinutes;
  return { theme, autoLockMinutes };
}
