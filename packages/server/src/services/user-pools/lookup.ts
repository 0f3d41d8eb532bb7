import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import {
  findClientWithPool,
  findClientWithPoolAndUsers,
  findPool,
} from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { ResourceNotFoundException } from '../errors.ts';
import { lookupKey } from '../users/lookup.ts';

/** Cognito names the client: "User pool client 1example23456789 does not exist." */
function clientNotFound(clientId: string): Error {
  return new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
}

/**
 * Loads an app client and its pool. An unknown client is ResourceNotFoundException, as
 * Cognito answers for user operations naming a bad ClientId.
 */
export async function loadClient(
  ctx: Pick<Context, 'db'>,
  clientId: string,
  userPoolId?: string,
): Promise<{ pool: UserPool; client: UserPoolClient }> {
  const found = await findClientWithPool(ctx.db, clientId);
  if (!found || (userPoolId && found.client.userPoolId !== userPoolId)) {
    throw clientNotFound(clientId);
  }
  return found;
}

/**
 * What `loadClient` read of the user a request names, by username only (aliases are looked up
 * apart): `user` undefined means no user has that username. See `resolveUser`.
 */
export interface UsernameHint {
  userPoolId: string;
  name: string;
  user: User | undefined;
}

/**
 * `loadClient` for a request that names a user (a sign-in): the user with that username comes
 * in the same statement, as a hint for `resolveUser`.
 */
export async function loadClientAndUser(
  ctx: Pick<Context, 'db'>,
  clientId: string,
  userPoolId: string | undefined,
  username: string,
): Promise<{ pool: UserPool; client: UserPoolClient; hint: UsernameHint }> {
  const found = await findClientWithPoolAndUsers(ctx.db, clientId, username);
  if (!found || (userPoolId && found.client.userPoolId !== userPoolId)) {
    throw clientNotFound(clientId);
  }
  const { pool, client, users } = found;
  const key = lookupKey(pool, username);
  const user = users.find((u) => u.usernameKey === key)?.user;
  return { pool, client, hint: { userPoolId: pool.id, name: username, user } };
}

/** Loads a pool or throws ResourceNotFoundException. */
export async function loadPool(ctx: Pick<Context, 'db'>, userPoolId: string): Promise<UserPool> {
  const pool = await findPool(ctx.db, userPoolId);
  if (!pool) throw new ResourceNotFoundException(`User pool ${userPoolId} does not exist.`);
  return pool;
}
