import { SqliteAdapter, sql } from 'kysely';
import type { AtRestCipher, AtRestPurpose } from '../at-rest.ts';
import type { Db } from '../open.ts';

/** One sealed (or not yet sealed) column: its table, key column and value column. */
const COLUMNS = [
  { purpose: 'server secret', table: 'server_secrets', key: 'name', column: 'value' },
  {
    purpose: 'access key',
    table: 'access_keys',
    key: 'access_key_id',
    column: 'secret_access_key',
  },
  { purpose: 'signing key', table: 'signing_keys', key: 'kid', column: 'private_jwk' },
  { purpose: 'client secret', table: 'user_pool_clients', key: 'id', column: 'secret' },
] as const satisfies readonly {
  purpose: AtRestPurpose;
  table: string;
  key: string;
  column: string;
}[];

/** Per purpose, how many values were (re-)sealed. */
export type ResealCounts = Record<AtRestPurpose, number>;

/**
 * Seals every secret not yet sealed with `cipher`'s current key: plaintext rows of an older
 * version, and rows sealed with a previous key after a rotation (opened with that key, which
 * must be in the ring). Each update is conditional on the value read, so instances doing this at
 * once leave every row sealed once. Reads and writes through `cipher`, whatever is installed.
 */
export async function resealSecrets(db: Db, cipher: AtRestCipher): Promise<ResealCounts> {
  const counts = {} as ResealCounts;
  for (const c of COLUMNS) {
    counts[c.purpose] = 0;
    // biome-ignore lint/suspicious/noExplicitAny: the four tables are walked alike by name.
    const dyn = db as any;
    const rows: { k: string; v: string | null }[] = await dyn
      .selectFrom(c.table)
      .select([`${c.key} as k`, `${c.column} as v`])
      .execute();
    for (const row of rows) {
      if (row.v == null || cipher.isCurrent(row.v)) continue;
      const plain = row.v.startsWith('mk1.') ? cipher.open(c.purpose, row.k, row.v) : row.v;
      const result = await dyn
        .updateTable(c.table)
        .set({ [c.column]: cipher.seal(c.purpose, row.k, plain) })
        .where(c.key, '=', row.k)
        .where(c.column, '=', row.v)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) counts[c.purpose]++;
    }
  }
  return counts;
}

/** The stored server secret `name` as its raw column value (sealed or not), for checks. */
export async function rawServerSecret(db: Db, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.value;
}

/**
 * On SQLite, moves every committed page from the WAL into the database file and empties the WAL,
 * so the versions of rows before a re-seal (still in WAL frames) are gone; with `secure_delete`
 * the freed space in the file is zeroed. PostgreSQL: nothing to do here (VACUUM reclaims).
 */
export async function flushOldVersions(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}
