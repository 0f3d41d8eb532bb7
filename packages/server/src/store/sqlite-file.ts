import path from 'node:path';

/**
 * The SQLite file the server uses when no database URL is set. In a module of its own so the
 * entry point can look for it without loading the store.
 */
export function sqliteFileOf(dataDir: string): string {
  return path.join(dataDir, 'cognate.sqlite');
}
