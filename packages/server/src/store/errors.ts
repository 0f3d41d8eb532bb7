/**
 * True when `err` is a unique or primary-key violation, on either store: SQLite's
 * `SQLITE_CONSTRAINT_UNIQUE` / `SQLITE_CONSTRAINT_PRIMARYKEY` (better-sqlite3) or PostgreSQL's
 * SQLSTATE 23505 `unique_violation` (pg). Services turn it into a domain error, such as
 * UsernameExistsException for the loser of a sign-up race.
 *
 * On PostgreSQL the violation also aborts the surrounding transaction: after one, a service may
 * only throw (rolling back), never run another statement in the same transaction.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
