import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-23T000000-initial.ts';

/** Every migration, in order, provided in code so a bundled server finds them. */
export const migrations: Record<string, Migration> = {
  '2026-11-23T000000-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
