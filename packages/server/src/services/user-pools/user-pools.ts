import type {
  CreateUserPoolClientRequest,
  CreateUserPoolRequest,
  SchemaAttributeType,
  UpdateUserPoolClientRequest,
  UpdateUserPoolRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import * as repo from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException, ResourceNotFoundException } from '../errors.ts';
import { checkSupportedProviders } from '../federation/supported-providers.ts';
import { checkAllowedOAuthScopes } from '../resource-servers/scopes.ts';
import { addSigningKey } from '../tokens/signing-keys.ts';
import { checkInteger } from '../validation/members.ts';
import { validationError, wrongType } from '../validation/messages.ts';
import {
  createClientSettings,
  newClientId,
  newClientSecret,
  updateClientSettings,
} from './client-settings.ts';
import { loadPool } from './lookup.ts';
import {
  createUserPoolSettings,
  newUserPoolId,
  updateUserPoolSettings,
  withCustomAttributes,
} from './settings.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'region'>;

/** CreateUserPool: validates and stores the pool, and gives it its first signing key. */
export async function createUserPool(ctx: Deps, input: CreateUserPoolRequest): Promise<UserPool> {
  const settings = createUserPoolSettings(input);
  const now = new Date(ctx.clock.now());
  const pool: UserPool = {
    id: newUserPoolId(ctx.region, ctx.random),
    name: input.PoolName as string,
    settings,
    createdAt: now,
    updatedAt: now,
  };
  await repo.insertPool(ctx.db, pool);
  await addSigningKey(ctx, pool.id);
  return pool;
}

/** UpdateUserPool: Cognito's replace-with-defaults semantics live in the settings module. */
export async function updateUserPool(ctx: Deps, input: UpdateUserPoolRequest): Promise<void> {
  const pool = await loadPool(ctx, input.UserPoolId as string);
  pool.settings = updateUserPoolSettings(pool.settings, input);
  pool.updatedAt = new Date(ctx.clock.now());
  await repo.updatePool(ctx.db, pool);
}

/** AddCustomAttributes. */
export async function addCustomAttributes(
  ctx: Deps,
  userPoolId: string,
  attributes: SchemaAttributeType[],
): Promise<void> {
  const pool = await loadPool(ctx, userPoolId);
  pool.settings = withCustomAttributes(pool.settings, attributes);
  pool.updatedAt = new Date(ctx.clock.now());
  await repo.updatePool(ctx.db, pool);
}

/** DeleteUserPool: refused while deletion protection is on. */
export async function deleteUserPool(ctx: Deps, userPoolId: string): Promise<void> {
  const pool = await loadPool(ctx, userPoolId);
  if (pool.settings.DeletionProtection === 'ACTIVE') {
    throw new InvalidParameterException(
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );
  }
  await repo.deletePool(ctx.db, pool.id);
}

/** Reads a page: `MaxResults` items after the `NextToken` (the last id seen). */
export function pageArgs(maxResults: unknown, nextToken: unknown, max: number) {
  if (maxResults === undefined || maxResults === null) {
    validationError(maxResults, 'maxResults', 'Member must not be null');
  }
  const limit = checkInteger(maxResults, 'maxResults', { min: 1, max, joint: true });
  if (nextToken !== undefined && typeof nextToken !== 'string') wrongType('nextToken', 'a string');
  return { limit, after: nextToken ? decodeToken(nextToken) : undefined };
}

/** Pagination tokens are opaque to callers. */
export function encodeToken(lastId: string): string {
  return Buffer.from(lastId).toString('base64url');
}

function decodeToken(token: string): string {
  return Buffer.from(token, 'base64url').toString();
}

/** ListUserPools. */
export async function listUserPools(ctx: Deps, maxResults: unknown, nextToken: unknown) {
  const { limit, after } = pageArgs(maxResults, nextToken, 60);
  const pools = await repo.listPools(ctx.db, limit + 1, after);
  const page = pools.slice(0, limit);
  return {
    pools: page,
    nextToken: pools.length > limit ? encodeToken(page[page.length - 1].id) : undefined,
  };
}

/** CreateUserPoolClient. */
export async function createUserPoolClient(
  ctx: Deps,
  input: CreateUserPoolClientRequest,
): Promise<UserPoolClient> {
  const pool = await loadPool(ctx, input.UserPoolId as string);
  const settings = createClientSettings(input, pool.settings);
  await checkAllowedOAuthScopes(ctx, pool.id, settings.AllowedOAuthScopes);
  await checkSupportedProviders(ctx, pool.id, settings.SupportedIdentityProviders);
  const now = new Date(ctx.clock.now());
  const client: UserPoolClient = {
    id: newClientId(ctx.random),
    userPoolId: pool.id,
    name: input.ClientName as string,
    secret: settings.HasSecret ? (input.ClientSecret ?? newClientSecret(ctx.random)) : undefined,
    settings,
    createdAt: now,
    updatedAt: now,
  };
  await repo.insertClient(ctx.db, client);
  return client;
}

/** Loads a client of a pool or throws ResourceNotFoundException. */
export async function loadPoolClient(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
  clientId: string,
) {
  const pool = await loadPool(ctx, userPoolId);
  const client = await repo.findClient(ctx.db, clientId);
  if (!client || client.userPoolId !== pool.id) {
    throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  }
  return { pool, client };
}

/** UpdateUserPoolClient. */
export async function updateUserPoolClient(
  ctx: Deps,
  input: UpdateUserPoolClientRequest,
): Promise<UserPoolClient> {
  const { pool, client } = await loadPoolClient(
    ctx,
    input.UserPoolId as string,
    input.ClientId as string,
  );
  client.settings = updateClientSettings(client.settings, input, pool.settings);
  await checkAllowedOAuthScopes(ctx, pool.id, client.settings.AllowedOAuthScopes);
  await checkSupportedProviders(ctx, pool.id, client.settings.SupportedIdentityProviders);
  if (typeof input.ClientName === 'string') client.name = input.ClientName;
  client.updatedAt = new Date(ctx.clock.now());
  await repo.updateClient(ctx.db, client);
  return client;
}

/** ListUserPoolClients. */
export async function listUserPoolClients(
  ctx: Deps,
  userPoolId: string,
  maxResults: unknown,
  nextToken: unknown,
) {
  const pool = await loadPool(ctx, userPoolId);
  const { limit, after } = pageArgs(maxResults ?? 60, nextToken, 60);
  const clients = await repo.listClients(ctx.db, pool.id, limit + 1, after);
  const page = clients.slice(0, limit);
  return {
    clients: page,
    nextToken: clients.length > limit ? encodeToken(page[page.length - 1].id) : undefined,
  };
}

/** DeleteUserPoolClient: also ends its refresh grants and sign-in flows. */
export async function deleteUserPoolClient(ctx: Deps, userPoolId: string, clientId: string) {
  await loadPoolClient(ctx, userPoolId, clientId);
  await repo.deleteClient(ctx.db, clientId);
}

/** DescribeUserPool: the pool and its (estimated, here exact) number of users. */
export async function describeUserPool(ctx: Pick<Context, 'db'>, userPoolId: string) {
  const pool = await loadPool(ctx, userPoolId);
  return { pool, estimatedNumberOfUsers: await repo.countUsers(ctx.db, pool.id) };
}
