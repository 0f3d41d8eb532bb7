// Moving a whole pool between Cognate servers without password resets. An SRP verifier is bound
// to the pool id (its part after `_` is hashed into x), so the pool moves WITH its id, and users
// keep their sub, username, status, attributes and verifier.

import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import {
  type GroupRow,
  groupNames,
  insertLinks,
  insertMemberships,
  insertMissingGroups,
  linksOf,
  membershipsOf,
  type ProviderLinkRow,
  poolGroups,
  takenLinks,
  usersPage,
} from '../../store/repositories/pool-transfer.ts';
import {
  findClient,
  findPool,
  insertClient,
  insertPool,
  listClients,
} from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { ConcurrentModificationException, InvalidParameterException } from '../errors.ts';
import { exportUserMfa, importUserMfa, type PortableMfa } from '../mfa/portable.ts';
import { addSigningKey } from '../tokens/signing-keys.ts';
import { loadPool } from '../user-pools/lookup.ts';
import { insertNewUsers } from './user-batches.ts';

/** A pool as exported: settings as stored, with its clients (secrets included) and groups. */
export interface PoolRecord {
  pool: UserPool;
  clients: UserPoolClient[];
  groups: GroupRow[];
}

/** A user as exported: everything needed to sign in elsewhere without a reset. */
export interface UserRecord {
  user: User;
  groups: string[];
  links: ProviderLinkRow[];
  /** MFA settings, when the user has any. */
  mfa?: PortableMfa;
}

/** Most users per export page or import call. */
export const MAX_TRANSFER_USERS = 1000;

/** Export cursors are opaque to callers. */
const encodeCursor = (sub: string) => Buffer.from(sub).toString('base64url');
const decodeCursor = (token: string) => Buffer.from(token, 'base64url').toString();

/**
 * CognateExportUserPool: one page of the pool's users (by sub), with the pool itself on the first
 * page (no `nextToken`). Pages are read one at a time, not as a snapshot: a user created while an
 * export runs may be missed.
 */
export async function exportPoolPage(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  input: { userPoolId: string; nextToken?: string; limit: number },
): Promise<{ pool?: PoolRecord; users: UserRecord[]; nextToken?: string }> {
  const pool = await loadPool(ctx, input.userPoolId);
  const after = input.nextToken ? decodeCursor(input.nextToken) : undefined;
  const rows = await usersPage(ctx.db, pool.id, input.limit + 1, after);
  const page = rows.slice(0, input.limit);
  const ids = page.map((u) => u.id);
  const memberships = await membershipsOf(ctx.db, ids);
  const links = await linksOf(ctx.db, ids);
  const mfa = await exportUserMfa(ctx, ids);
  const first = input.nextToken
    ? undefined
    : {
        pool,
        clients: await listClients(ctx.db, pool.id, 100_000),
        groups: await poolGroups(ctx.db, pool.id),
      };
  return {
    pool: first,
    users: page.map((user) => ({
      user,
      groups: memberships.get(user.id) ?? [],
      links: links.get(user.id) ?? [],
      mfa: mfa.get(user.id),
    })),
    nextToken: rows.length > input.limit ? encodeCursor(page[page.length - 1].id) : undefined,
  };
}

/**
 * Creates the exported pool here, with the same id, clients and groups, and a signing key of its
 * own. A pool already holding the id is the same pool when its name and creation time match
 * (an import run again or resumed): its missing clients and groups are added and its settings left
 * alone. Any other pool with that id, or a client id used by another pool, is refused with
 * InvalidParameterException.
 */
async function ensurePool(
  ctx: Pick<Context, 'db' | 'clock'>,
  record: PoolRecord,
): Promise<{ pool: UserPool; created: boolean }> {
  const existing = await findPool(ctx.db, record.pool.id);
  if (
    existing &&
    (existing.name !== record.pool.name ||
      existing.createdAt.getTime() !== record.pool.createdAt.getTime())
  ) {
    throw new InvalidParameterException(
      `User pool ${record.pool.id} already exists on this server and is another pool (${existing.name}); delete it or import elsewhere.`,
    );
  }
  if (!existing) {
    await insertPool(ctx.db, record.pool);
    await addSigningKey(ctx, record.pool.id);
  }
  for (const client of record.clients) {
    const found = await findClient(ctx.db, client.id);
    if (found && found.userPoolId !== record.pool.id) {
      throw new InvalidParameterException(
        `User pool client ${client.id} already exists in another user pool.`,
      );
    }
    if (!found) await insertClient(ctx.db, { ...client, userPoolId: record.pool.id });
  }
  await insertMissingGroups(
    ctx.db,
    record.groups.map((g) => ({ ...g, user_pool_id: record.pool.id })),
  );
  return { pool: existing ?? record.pool, created: !existing };
}

/** What an import call did. */
export interface ImportCounts {
  userPoolId: string;
  poolCreated: boolean;
  imported: number;
  /** Users already there (same sub, username or username attribute): left as they are. */
  skipped: number;
  /** Users whose alias (verified email or phone, preferred_username) another user holds. */
  failed: number;
}

/**
 * CognateImportUserPool: creates the pool when `pool` is given and absent, then inserts `users`
 * (all in the caller's one transaction), skipping those that exist. Memberships must name groups
 * of the pool; provider links another user holds are dropped.
 */
export async function importPool(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  input: { pool?: PoolRecord; userPoolId?: string; users: UserRecord[] },
): Promise<ImportCounts> {
  const { pool, created } = input.pool
    ? await ensurePool(ctx, input.pool)
    : { pool: await loadPool(ctx, input.userPoolId as string), created: false };
  const known = await groupNames(ctx.db, pool.id);
  for (const record of input.users) {
    const unknown = record.groups.find((g) => !known.has(g));
    if (unknown) {
      throw new InvalidParameterException(
        `User ${record.user.username} is a member of group ${unknown}, which user pool ${pool.id} does not have.`,
      );
    }
  }
  const users = input.users.map((r) => ({ ...r.user, userPoolId: pool.id }));
  try {
    const outcomes = await insertNewUsers(ctx, pool, users, { checkIds: true });
    const imported = input.users.filter((_, i) => outcomes[i].kind === 'imported');
    const now = ctx.clock.now();
    await insertMemberships(
      ctx.db,
      imported.flatMap((r) =>
        r.groups.map((group_name) => ({
          user_pool_id: pool.id,
          group_name,
          user_id: r.user.id,
          created_at: now,
        })),
      ),
    );
    const links = imported.flatMap((r) =>
      r.links.map((l) => ({ ...l, user_pool_id: pool.id, user_id: r.user.id })),
    );
    await importUserMfa(
      ctx,
      pool.id,
      imported.flatMap((r) => (r.mfa ? [{ userId: r.user.id, mfa: r.mfa }] : [])),
    );
    const taken = await takenLinks(ctx.db, pool.id, links);
    await insertLinks(
      ctx.db,
      links.filter((l) => !taken.has(`${l.provider_name}\u0000${l.provider_attribute_value}`)),
    );
    return {
      userPoolId: pool.id,
      poolCreated: created,
      imported: imported.length,
      skipped: outcomes.filter((o) => o.kind === 'skipped').length,
      failed: outcomes.filter((o) => o.kind === 'failed').length,
    };
  } catch (err) {
    // Another request took a name between the checks and the writes; the call may be retried.
    if (isUniqueViolation(err)) {
      throw new ConcurrentModificationException(
        'A user or link in this batch was created by another request meanwhile; retry the call.',
      );
    }
    throw err;
  }
}
