import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder where Gridbox keeps keys, settings and workspaces. `GRIDBOX_DATA_DIR` wins; otherwise the platform's
 * application-data folder, the same one Electron's `app.getPath('userData')` names, so the desktop app, the web
 * fallback and the CLI all see the same accounts.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GRIDBOX_DATA_DIR) return env.GRIDBOX_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Gridbox');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Gridbox');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Gridbox');
}
