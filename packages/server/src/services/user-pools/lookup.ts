import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { findClientWithPool, findPool } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { ResourceNotFoundException } from '../errors.ts';

/**
 * Loads an app client and its pool. An unknown client is ResourceNotFoundException, as
 * Cognito answers for user operations naming a bad ClientId.
 */
export async function loadClient(
  ctx: Pick<Context, 'db'>,
  clientId: string,
  userPoolId?: string,
): Promise<{ pool: UserPool; client: UserPoolClient }> {
  // Cognito names the client: "User pool client 1example23456789 does not exist."
  const notFound = () =>
    new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  const found = await findClientWithPool(ctx.db, clientId);
  if (!found || (userPoolId && found.client.userPoolId !== userPoolId)) throw notFound();
  return found;
}

/** Loads a pool or throws ResourceNotFoundException. */
export async function loadPool(ctx: Pick<Context, 'db'>, userPoolId: string): Promise<UserPool> {
  const pool = await findPool(ctx.db, userPoolId);
  if (!pool) throw new ResourceNotFoundException(`User pool ${userPoolId} does not exist.`);
  return pool;
}
