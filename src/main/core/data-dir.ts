// Where Tracedeck keeps its database when no --db is given: the platform's per-user data
// directory (the same place Electron's app.getPath('userData') points to), overridable with
// TRACEDECK_DATA_DIR.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DATABASE_FILE = 'tracedeck.db';

export function dataDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TRACEDECK_DATA_DIR) return env.TRACEDECK_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Tracedeck');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Tracedeck');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'tracedeck');
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), DATABASE_FILE);
}
