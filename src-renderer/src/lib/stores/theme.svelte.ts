import type { Theme } from '../../../../src-main/api/contract';
import { THEMES } from '../api/constants';
import { settings } from './settings.svelte';

/**
 * The last theme preference, remembered locally so the first frame already has the right colours (settings arrive a
 * moment later over the API). A display preference only: nothing secret is ever stored in localStorage.
 */
const CACHE_KEY = 'gridbox.theme';

function cached(): Theme | null {
  try {
    const value = localStorage.getItem(CACHE_KEY);
    return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : null;
  } catch {
    return null;
  }
}

/** The theme actually shown: the setting, with 'system' resolved through prefers-color-scheme (and followed live). */
class ThemeStore {
  systemDark = $state(false);
  #fallback: Theme = 'system';
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#fallback = cached() ?? 'system';
    const mql = window.matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = mql.matches;
    mql.addEventListener('change', (e) => (this.systemDark = e.matches));
    this.apply();
  }

  get preference(): Theme {
    return settings.value?.theme ?? this.#fallback;
  }

  get resolved(): 'light' | 'dark' {
    const p = this.preference;
    return p === 'system' ? (this.systemDark ? 'dark' : 'light') : p;
  }

  /** Puts the theme on <html> (called from an effect in App, and once before the first render). */
  apply(): void {
    const root = document.documentElement;
    root.dataset.theme = this.resolved;
    root.dataset.themePreference = this.preference;
    if (settings.value) {
      try {
        localStorage.setItem(CACHE_KEY, settings.value.theme);
      } catch {
        // storage unavailable: the theme just settles a moment later next time
      }
    }
  }
}

export const theme = new ThemeStore();
