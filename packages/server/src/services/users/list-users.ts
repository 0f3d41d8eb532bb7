// ListUsers: a filter becomes one ordered index walk (see store/repositories/user-search.ts), and
// the page position travels in a signed, opaque PaginationToken.

import type { Attributes } from '../../model/user.ts';
import { USER_STATUSES, type User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import {
  type Keyed,
  type KeyMatch,
  listBySearch,
  listByState,
  listBySub,
  listByUsername,
  type SearchKey,
} from '../../store/repositories/user-search.ts';
import { foldCase, searchKey } from '../../store/search-keys.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { lookupKey } from './lookup.ts';
import {
  canonicalFilter,
  checkFilterAttribute,
  FILTER_ATTRIBUTES,
  parseUserFilter,
  type UserFilter,
} from './user-filter.ts';

type Deps = Pick<Context, 'db' | 'serverSecret'>;

/** ListUsers input, already checked against the API's member constraints. */
export interface ListUsersInput {
  /** The `Filter` string; empty or absent lists every user. */
  filter?: string;
  /** Users per page, 1 to 60. */
  limit: number;
  paginationToken?: string;
  /** Only these attributes in each user's list; absent means all of them. */
  attributesToGet?: string[];
}

/** A page of users (attributes already cut to AttributesToGet) and the token for the next. */
export interface ListUsersPage {
  users: User[];
  paginationToken?: string;
}

/** The `status` filter's values (case-sensitive) and the stored `enabled` flag each stands for. */
const ENABLED_VALUES = { Enabled: 1, Disabled: 0 } as const;
/** Built into every pool, whether or not its schema lists them. */
const VERIFIED_FLAGS = ['email_verified', 'phone_number_verified'];

// Cognito's message when AttributesToGet names an attribute a listed user lacks.
const MISSING_ATTRIBUTE = 'One or more requested attributes do not exist.';

/**
 * Where users come from for one filter: an ordered index walk and a final check of each row.
 * Positions are opaque here; `isKey` vets those read back from a token before `fetch` sees them.
 */
interface Source {
  fetch(after: unknown, limit: number): Promise<Keyed<unknown>[]>;
  /** Drops candidates the index admits but the filter does not (cut keys, exotic case folds). */
  accept(row: Keyed<unknown>): boolean;
  /** Whether a decoded token position has this source's shape. */
  isKey(key: unknown): boolean;
}

/**
 * ListUsers: one page of the pool's users matching the filter, in a stable order (username for
 * no filter and the username, status and user-status filters; sub for `sub`; the attribute's
 * value for attribute filters).
 *
 * Case: `username` follows the pool's case sensitivity; `cognito:user_status` and the standard
 * attributes ignore case (the developer guide: searches are case-insensitive); `status`
 * (`Enabled` / `Disabled`) and `sub` are exact. Custom attributes of the pool (a Cognate
 * extension) are searched like the standard ones, from the same index.
 */
export async function listUsers(
  ctx: Deps,
  pool: UserPool,
  input: ListUsersInput,
): Promise<ListUsersPage> {
  const filter = parseUserFilter(input.filter ?? '');
  checkFilterAttribute(
    filter,
    (pool.settings.SchemaAttributes ?? []).map((a) => a.Name ?? ''),
  );
  const source = sourceFor(ctx, pool, filter);
  const scope = canonicalFilter(filter);
  // The token is bound to the pool and the filter it was made for: Cognito refuses others too.
  const tokenScope = `ListUsers\0${pool.id}\0${scope}`;
  const after = input.paginationToken
    ? openPageToken(ctx, tokenScope, input.paginationToken, (k: unknown): k is unknown =>
        source ? source.isKey(k) : true,
      )
    : undefined;
  const { rows, more } = source
    ? await collect(source, after, input.limit)
    : { rows: [], more: false };
  const users = projectAttributes(
    pool,
    rows.map((r) => r.user),
    input.attributesToGet,
  );
  const last = rows.at(-1);
  return {
    users,
    paginationToken: more && last ? sealPageToken(ctx, tokenScope, last.key) : undefined,
  };
}

/** The source for a filter, or undefined when nothing can match (so no query runs). */
function sourceFor(ctx: Deps, pool: UserPool, filter: UserFilter | undefined): Source | undefined {
  const { db } = ctx;
  const everyone: Source = {
    fetch: (after, n) => listByUsername(db, pool.id, undefined, after as string | undefined, n),
    accept: () => true,
    isKey: isString,
  };
  if (!filter) return everyone;
  const { attribute, op, value } = filter;
  const hits = (key: unknown, want: string) =>
    typeof key === 'string' && (op === '=' ? key === want : key.startsWith(want));

  switch (attribute) {
    case 'username': {
      const match: KeyMatch = { op, key: lookupKey(pool, value) };
      // Usernames hold no control characters, and PostgreSQL text cannot carry NUL.
      if (match.key.includes('\0')) return undefined;
      return {
        fetch: (after, n) => listByUsername(db, pool.id, match, after as string | undefined, n),
        accept: (row) => hits(row.key, match.key),
        isKey: isString,
      };
    }
    case 'sub': {
      const match: KeyMatch = { op, key: value };
      if (match.key.includes('\0')) return undefined;
      return {
        fetch: (after, n) => listBySub(db, pool.id, match, after as string | undefined, n),
        accept: (row) => hits(row.key, match.key),
        isKey: isString,
      };
    }
    case 'cognito:user_status': {
      const wanted = USER_STATUSES.filter((s) => hits(s, value.toUpperCase()));
      return stateSource(wanted.length === USER_STATUSES.length, 'status', wanted);
    }
    case 'status': {
      const names = Object.keys(ENABLED_VALUES) as (keyof typeof ENABLED_VALUES)[];
      const wanted = names.filter((s) => hits(s, value)).map((s) => ENABLED_VALUES[s]);
      return stateSource(wanted.length === names.length, 'enabled', wanted);
    }
    default: {
      const match: KeyMatch = { op, key: searchKey(value) };
      const folded = foldCase(value);
      return {
        fetch: (after, n) =>
          listBySearch(db, pool.id, attribute, match, after as SearchKey | undefined, n),
        accept: ({ user }) => {
          const stored = Object.hasOwn(user.attributes, attribute)
            ? user.attributes[attribute]
            : undefined;
          return typeof stored === 'string' && hits(foldCase(stored), folded);
        },
        isKey: isSearchKey,
      };
    }
  }

  function stateSource(
    all: boolean,
    column: 'status' | 'enabled',
    values: readonly (string | number)[],
  ): Source | undefined {
    if (all) return everyone;
    if (values.length === 0) return undefined;
    return {
      fetch: (after, n) => listByState(db, pool.id, column, values, after as string | undefined, n),
      accept: () => true,
      isKey: isString,
    };
  }
}

/**
 * Reads until `limit` accepted rows and one more (which says another page exists). Rejected
 * candidates are rare (a key cut at 256 characters), so this is almost always one query.
 */
async function collect(source: Source, after: unknown, limit: number) {
  const rows: Keyed<unknown>[] = [];
  let cursor = after;
  for (;;) {
    const want = limit + 1 - rows.length;
    const batch = await source.fetch(cursor, want);
    for (const row of batch) if (source.accept(row)) rows.push(row);
    if (batch.length > 0) cursor = batch[batch.length - 1].key;
    if (rows.length > limit || batch.length < want) break;
  }
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * AttributesToGet. An empty list means no attributes. As Cognito documents, a name the pool does
 * not have, or an attribute that cannot be filtered on (custom ones, `email_verified`, …) that a
 * listed user has no value for, is InvalidParameterException.
 */
function projectAttributes(pool: UserPool, users: User[], names: string[] | undefined): User[] {
  if (names === undefined) return users;
  const known = new Set([
    ...(pool.settings.SchemaAttributes ?? []).map((a) => a.Name),
    ...VERIFIED_FLAGS,
  ]);
  if (names.some((n) => !known.has(n))) throw new InvalidParameterException(MISSING_ATTRIBUTE);
  const searchable: readonly string[] = FILTER_ATTRIBUTES;
  const mustHave = names.filter((n) => !searchable.includes(n));
  const wanted = new Set(names);
  return users.map((user) => {
    if (mustHave.some((n) => !Object.hasOwn(user.attributes, n))) {
      throw new InvalidParameterException(MISSING_ATTRIBUTE);
    }
    const attributes: Attributes = Object.fromEntries(
      Object.entries(user.attributes).filter(([name]) => wanted.has(name)),
    );
    return { ...user, attributes };
  });
}

function isString(key: unknown): boolean {
  return typeof key === 'string';
}

function isSearchKey(key: unknown): boolean {
  return (
    Array.isArray(key) &&
    key.length === 2 &&
    typeof key[0] === 'string' &&
    typeof key[1] === 'string'
  );
}
