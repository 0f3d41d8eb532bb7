import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Compilable, CompiledQuery } from 'kysely';
import type { User, UserStatus } from '../../src/model/user.ts';
import type { UserPool } from '../../src/model/user-pool.ts';
import { createUserPoolSettings } from '../../src/services/user-pools/index.ts';
import { type ListUsersInput, listUsers } from '../../src/services/users/index.ts';
import { type Db, openDatabase } from '../../src/store/open.ts';
import { insertPool } from '../../src/store/repositories/user-pools.ts';
import {
  bySearchQuery,
  byStateQuery,
  bySubQuery,
  byUsernameQuery,
} from '../../src/store/repositories/user-search.ts';
import { insertUsers } from '../../src/store/repositories/users.ts';
import { createPgDatabase, type TestDatabase, testStore } from '../support/index.ts';

// ListUsers on a pool of 100,000 users, bulk-loaded through the repositories: every filter and
// page must be right, quick, and an index walk (checked with the database's query plan).

const USERS = 100_000;
const FIRST = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jon'];
const LAST = ['Smith', 'Jones', 'Brown', 'Lee', 'Garcia'];
const DOMAINS = ['example.com', 'example.org', 'mail.test'];
const T0 = 1_795_000_000_000;

let db: Db;
let dataDir: string;
let pgDb: TestDatabase | undefined;
let pool: UserPool;
const users: User[] = [];
const ctx = () => ({ db, serverSecret: randomBytes(32) });
let secretCtx: ReturnType<typeof ctx>;

function makeUser(poolId: string, i: number): User {
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  const n = String(i).padStart(6, '0');
  const status: UserStatus =
    i % 10 === 0 ? 'UNCONFIRMED' : i % 10 === 1 ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED';
  const id = `${n}-${randomBytes(12).toString('hex')}`;
  return {
    id,
    userPoolId: poolId,
    username: `user${n}`,
    status: i === 7 ? 'COMPROMISED' : status,
    enabled: i % 50 !== 0,
    attributes: {
      sub: id,
      email: `${first}.${last}${n}@${DOMAINS[i % DOMAINS.length]}`,
      email_verified: 'true',
      phone_number: `+1555${n}`,
      name: `${first} ${last}`,
      given_name: first,
      family_name: last,
    },
    tokensValidAfter: 0,
    createdAt: new Date(T0 + i),
    updatedAt: new Date(T0 + i),
  };
}

async function newPool(name: string): Promise<UserPool> {
  const p: UserPool = {
    id: `us-east-1_${name}`,
    name,
    settings: createUserPoolSettings({ PoolName: name }),
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
  };
  await insertPool(db, p);
  return p;
}

/** Bulk load: 5,000 users per transaction, multi-row inserts through the repository. */
async function load(p: UserPool, count: number, keep?: User[]) {
  for (let start = 0; start < count; start += 5000) {
    const batch: User[] = [];
    for (let i = start; i < Math.min(count, start + 5000); i++) batch.push(makeUser(p.id, i));
    await db.transaction().execute((trx) =>
      insertUsers(
        trx,
        batch.map((user) => ({ user, usernameKey: user.username })),
      ),
    );
    keep?.push(...batch);
  }
}

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-scale-'));
  pgDb = testStore === 'postgres' ? await createPgDatabase() : undefined;
  db = await openDatabase({ dataDir, database: pgDb?.url });
  secretCtx = ctx();
  const started = Date.now();
  pool = await newPool('Scale1');
  await load(pool, USERS, users);
  // A neighbour pool with the same usernames and addresses: nothing of it may leak.
  await load(await newPool('Scale2'), 2000);
  // PostgreSQL plans from statistics, which autovacuum would gather a little later.
  if (testStore === 'postgres') await db.executeQuery(CompiledQuery.raw('analyze'));
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 40, `loading ${USERS} users took ${seconds.toFixed(1)} s`);
});

after(async () => {
  await db?.destroy();
  await pgDb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Walk {
  usernames: string[];
  pages: number;
  /** Slowest page, milliseconds. */
  slowest: number;
}

/** Every page of a listing through the service, timed. */
async function walk(input: Omit<ListUsersInput, 'limit'>, limit = 60): Promise<Walk> {
  const usernames: string[] = [];
  let token: string | undefined;
  let pages = 0;
  let slowest = 0;
  do {
    const t0 = performance.now();
    const page = await listUsers(secretCtx, pool, { ...input, limit, paginationToken: token });
    slowest = Math.max(slowest, performance.now() - t0);
    usernames.push(...page.users.map((u) => u.username));
    token = page.paginationToken;
    pages++;
  } while (token);
  return { usernames, pages, slowest };
}

const byUsername = (a: User, b: User) => (a.username < b.username ? -1 : 1);
const expected = (keep: (u: User) => boolean) =>
  users
    .filter(keep)
    .sort(byUsername)
    .map((u) => u.username);

test('every user exactly once, in username order, page after page', async () => {
  const all = await walk({});
  assert.equal(all.usernames.length, USERS);
  assert.deepEqual(
    all.usernames,
    expected(() => true),
  );
  assert.equal(all.pages, Math.ceil(USERS / 60));
  assert.ok(all.slowest < 250, `slowest page ${all.slowest.toFixed(1)} ms`);
});

test('attribute filters: exact and prefix, across pages, in value order', async () => {
  const target = users[54_321];
  const one = await walk({ filter: `email = "${target.attributes.email.toUpperCase()}"` });
  assert.deepEqual(one.usernames, [target.username]);
  assert.ok(one.slowest < 50, `exact email ${one.slowest.toFixed(1)} ms`);

  const prefix = 'cat.brown';
  const found = await walk({ filter: `email ^= "${prefix}"` });
  const want = users
    .filter((u) => u.attributes.email.toLowerCase().startsWith(prefix))
    .sort((a, b) => (a.attributes.email.toLowerCase() < b.attributes.email.toLowerCase() ? -1 : 1))
    .map((u) => u.username);
  assert.equal(want.length, USERS / (FIRST.length * LAST.length));
  assert.deepEqual(found.usernames, want);
  assert.ok(found.slowest < 250, `email prefix page ${found.slowest.toFixed(1)} ms`);

  const phones = await walk({ filter: 'phone_number ^= "+1555099"' });
  assert.deepEqual(
    phones.usernames,
    expected((u) => u.attributes.phone_number.startsWith('+1555099')),
  );
  assert.equal(phones.usernames.length, 1000);
  const family = await walk({ filter: 'family_name = "garcia"' }, 60);
  assert.equal(family.usernames.length, USERS / LAST.length);
  assert.deepEqual(
    new Set(family.usernames),
    new Set(expected((u) => u.attributes.family_name === 'Garcia')),
  );
});

test('username, status and sub filters walk the users indexes', async () => {
  // The neighbour pool has the same usernames and subs (user001200…): none may show.
  const names = await walk({ filter: 'username ^= "user0012"' });
  assert.deepEqual(
    names.usernames,
    expected((u) => u.username.startsWith('user0012')),
  );
  assert.equal(names.usernames.length, 100);
  assert.deepEqual((await walk({ filter: 'username = "user012345"' })).usernames, ['user012345']);

  const unconfirmed = await walk({ filter: 'cognito:user_status = "unconfirmed"' });
  assert.deepEqual(
    unconfirmed.usernames,
    expected((u) => u.status === 'UNCONFIRMED'),
  );
  assert.ok(unconfirmed.slowest < 250, `status page ${unconfirmed.slowest.toFixed(1)} ms`);
  // CONFIRMED and COMPROMISED: two index walks merged, first pages only.
  const c = await listUsers(secretCtx, pool, { filter: 'cognito:user_status ^= "C"', limit: 60 });
  const firstC = expected((u) => u.status.startsWith('C')).slice(0, 60);
  assert.deepEqual(
    c.users.map((u) => u.username),
    firstC,
  );
  assert.ok(firstC.includes('user000007'));

  const disabled = await walk({ filter: 'status = "Disabled"' });
  assert.deepEqual(
    disabled.usernames,
    expected((u) => !u.enabled),
  );
  assert.equal(disabled.usernames.length, USERS / 50);

  const target = users[77_777];
  assert.deepEqual((await walk({ filter: `sub = "${target.id}"` })).usernames, [target.username]);
  const subs = await walk({ filter: 'sub ^= "0012"' });
  assert.deepEqual(
    subs.usernames,
    expected((u) => u.id.startsWith('0012')),
  );
  assert.equal(subs.usernames.length, 100);
});

/** The database's plan for a query, as text lines. */
async function plan(query: Compilable): Promise<string[]> {
  const { sql, parameters } = query.compile();
  const prefix = testStore === 'postgres' ? 'explain ' : 'explain query plan ';
  const res = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(prefix + sql, [...parameters]),
  );
  return res.rows.map((r) => String(r.detail ?? r['QUERY PLAN']));
}

interface Expect {
  /** The merge of several walks sorts their few rows. */
  sorts?: boolean;
  /** How the index is entered: SQLite's SEARCH constraint, PostgreSQL's Index Cond. */
  sqlite?: RegExp;
  postgres?: RegExp;
}

test('every query is an index walk that seeks to its position, never a scan of the pool', async () => {
  const id = pool.id;
  const deep = users[50_000].username;
  const queries: [string, Compilable, Expect][] = [
    [
      'all, deep page',
      byUsernameQuery(db, id, undefined, deep, 61),
      { sqlite: /user_pool_id=\? AND username_key>\?\)/, postgres: /username_key\)?(::text)? > / },
    ],
    ['username =', byUsernameQuery(db, id, { op: '=', key: 'user000001' }, undefined, 61), {}],
    [
      'username ^=, deep page',
      byUsernameQuery(db, id, { op: '^=', key: 'user0' }, deep, 61),
      { sqlite: /username_key>\? AND username_key<\?/ },
    ],
    ['sub =', bySubQuery(db, id, { op: '=', key: users[5].id }, undefined, 61), {}],
    [
      'sub ^=, next page',
      bySubQuery(db, id, { op: '^=', key: '0123' }, users[12_345].id, 61),
      { sqlite: /USING INDEX sqlite_autoindex_users_1 \(id>\? AND id<\?\)/ },
    ],
    [
      'status',
      byStateQuery(db, id, 'status', ['UNCONFIRMED'], deep, 61),
      { sqlite: /users_pool_status \(user_pool_id=\? AND status=\? AND username_key>\?\)/ },
    ],
    ['enabled', byStateQuery(db, id, 'enabled', [0], undefined, 61), {}],
    [
      'two statuses',
      byStateQuery(db, id, 'status', ['CONFIRMED', 'COMPROMISED'], deep, 61),
      { sorts: true, sqlite: /status=\? AND username_key>\?/ },
    ],
    [
      'email =, next page',
      bySearchQuery(db, id, 'email', { op: '=', key: 'x@y' }, ['x@y', users[9].id], 61),
      { sqlite: /value=\? AND user_id>\?\)/, postgres: /user_id > / },
    ],
    [
      'email ^=, next page',
      bySearchQuery(db, id, 'email', { op: '^=', key: 'cat.' }, ['cat.b', 'z'], 61),
      { sqlite: /\(value,user_id\)>\(\?,\?\) AND value<\?/, postgres: /ROW\(/ },
    ],
  ];
  for (const [what, query, expect] of queries) {
    const lines = await plan(query);
    const text = lines.join('\n');
    const why = `${what}:\n${text}`;
    if (testStore === 'postgres') {
      assert.doesNotMatch(text, /Seq Scan/, why);
      assert.match(text, /Index (Only )?Scan/, why);
      if (!expect.sorts) assert.doesNotMatch(text, /Sort/, why);
      if (expect.postgres) assert.match(text, expect.postgres, why);
    } else {
      // SEARCH … USING INDEX / PRIMARY KEY, never a SCAN of a table (a subquery's SCAN of its
      // own few rows is fine).
      assert.doesNotMatch(text, /SCAN (users|user_search|u|s)\b/, why);
      assert.match(text, /SEARCH .*USING (COVERING )?(INDEX|PRIMARY KEY)/, why);
      if (!expect.sorts) assert.doesNotMatch(text, /TEMP B-TREE/, why);
      if (expect.sqlite) assert.match(text, expect.sqlite, why);
    }
  }
});
