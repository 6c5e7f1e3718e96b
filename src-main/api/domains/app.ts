/** The app itself and its preferences. */
import * as z from 'zod';
import { empty, method, topic } from '../decl';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Settings {
  theme: Theme;
  autoLockMinutes: number;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web';
  dataDir: string;
  platform: string;
  /** how key files are protected on top of the password */
  keyFileProtection: 'password' | 'password+os-keychain';
  /** whether app.openDataDir can open folders here (the desktop app) */
  canOpenFolders?: boolean;
}

export const appMethods = {
  'app.info': method<AppInfo>()(empty),
  /** Opens the data directory in the system's file manager (desktop app only; the web app shows the path to copy). */
  'app.openDataDir': method<null>()(empty),

  'settings.get': method<Settings>()(empty),
  'settings.update': method<Settings>()(
    z
      .object({
        theme: z.enum(THEMES).optional(),
        autoLockMinutes: z.number().int().min(1).max(24 * 60).optional(),
      })
      .strict(),
  ),
} as const;

export const appTopics = {
  'settings.changed': topic<Settings>()(empty),
} as const;
