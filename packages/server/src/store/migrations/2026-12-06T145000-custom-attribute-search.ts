import type { Kysely } from 'kysely';

// ListUsers searches custom attributes (a Cognate extension), from the same index as the standard
// ones (user_search). New writes index them; this indexes the custom attribute values of users
// stored before, a batch of users at a time. Rows already present are left alone, so a second run
// changes nothing. Frozen once landed; add a new file instead.

const USERS_PER_BATCH = 500;
// 4 parameters a row: far below SQLite's 32766 and PostgreSQL's 65535 per statement.
const ROWS_PER_INSERT = 2000;
const KEY_LENGTH = 256;
const NAME_LENGTH = 64;
const PREFIX = 'custom:';

// The index's key form as of this migration (store/search-keys.ts searchKey): lower-cased one
// code point at a time, without NUL, cut to 256 code points.
function key(value: string): string {
  let out = '';
  for (const ch of value) out += ch.toLowerCase();
  out = out.replaceAll('\0', '');
  return out.length <= KEY_LENGTH ? out : Array.from(out).slice(0, KEY_LENGTH).join('');
}

interface Row {
  user_pool_id: string;
  name: string;
  value: string;
  user_id: string;
}

function customRows(user: { id: string; user_pool_id: string; attributes: string }): Row[] {
  let attributes: unknown;
  try {
    attributes = JSON.parse(user.attributes);
  } catch {
    return [];
  }
  if (typeof attributes !== 'object' || attributes === null) return [];
  const rows: Row[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (!name.startsWith(PREFIX) || name.length <= PREFIX.length || name.length > NAME_LENGTH) {
      continue;
    }
    if (typeof value !== 'string') continue;
    rows.push({ user_pool_id: user.user_pool_id, name, value: key(value), user_id: user.id });
  }
  return rows;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  let after: string | undefined;
  for (;;) {
    let q = db
      .selectFrom('users')
      .select(['id', 'user_pool_id', 'attributes'])
      // Attributes are stored as JSON: only users with a custom attribute's key need reading.
      .where('attributes', 'like', `%"${PREFIX}%`)
      .orderBy('id')
      .limit(USERS_PER_BATCH);
    if (after !== undefined) q = q.where('id', '>', after);
    const users = await q.execute();
    if (users.length === 0) return;
    after = users[users.length - 1].id;
    const rows = users.flatMap(customRows);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await db
        .insertInto('user_search')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (users.length < USERS_PER_BATCH) return;
  }
}
