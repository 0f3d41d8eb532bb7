import { isUniqueViolation } from '../../store/errors.ts';
import * as repo from '../../store/repositories/resource-servers.ts';
import type { Context } from '../context.ts';
import {
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
} from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { loadPool } from '../user-pools/lookup.ts';

type Deps = Pick<Context, 'db' | 'clock'>;

/** Cognito's quota of resource servers per user pool. */
export const MAX_RESOURCE_SERVERS = 25;

export type {
  ResourceServerRecord,
  ResourceServerScope,
} from '../../store/repositories/resource-servers.ts';

/** What CreateResourceServer and UpdateResourceServer carry. */
export interface ResourceServerInput {
  userPoolId: string;
  identifier: string;
  name: string;
  scopes: repo.ResourceServerScope[];
}

function checkScopes(scopes: repo.ResourceServerScope[]): void {
  const seen = new Set<string>();
  for (const { ScopeName } of scopes) {
    if (seen.has(ScopeName)) {
      throw new InvalidParameterException(`Duplicate scope name: ${ScopeName}`);
    }
    seen.add(ScopeName);
  }
}

function notFound(identifier: string) {
  return new ResourceNotFoundException(`Resource server ${identifier} does not exist.`);
}

/** CreateResourceServer: an identifier is unique in its pool; 25 per pool. */
export async function createResourceServer(ctx: Deps, input: ResourceServerInput) {
  const pool = await loadPool(ctx, input.userPoolId);
  checkScopes(input.scopes);
  if (await repo.findResourceServer(ctx.db, pool.id, input.identifier)) {
    throw new InvalidParameterException(
      `${input.identifier} already exists in user pool ${pool.id}.`,
    );
  }
  if ((await repo.countResourceServers(ctx.db, pool.id)) >= MAX_RESOURCE_SERVERS) {
    throw new LimitExceededException(
      `The user pool has reached its limit of ${MAX_RESOURCE_SERVERS} resource servers.`,
    );
  }
  const now = ctx.clock.now();
  const record: repo.ResourceServerRecord = {
    ...input,
    userPoolId: pool.id,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await repo.insertResourceServer(ctx.db, record);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new InvalidParameterException(
        `${input.identifier} already exists in user pool ${pool.id}.`,
      );
    }
    throw err;
  }
  return record;
}

/** DescribeResourceServer. */
export async function describeResourceServer(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
  identifier: string,
) {
  const pool = await loadPool(ctx, userPoolId);
  const found = await repo.findResourceServer(ctx.db, pool.id, identifier);
  if (!found) throw notFound(identifier);
  return found;
}

/** UpdateResourceServer: name and scopes are replaced; scopes left out become none. */
export async function updateResourceServer(ctx: Deps, input: ResourceServerInput) {
  const found = await describeResourceServer(ctx, input.userPoolId, input.identifier);
  checkScopes(input.scopes);
  const record = { ...found, name: input.name, scopes: input.scopes, updatedAt: ctx.clock.now() };
  await repo.updateResourceServer(ctx.db, record);
  return record;
}

/** DeleteResourceServer: its scopes are gone; tokens are never again issued with them. */
export async function deleteResourceServer(ctx: Deps, userPoolId: string, identifier: string) {
  await describeResourceServer(ctx, userPoolId, identifier);
  await repo.deleteResourceServer(ctx.db, userPoolId, identifier);
}

const isPosition = (v: unknown): v is string => typeof v === 'string';

/** ListResourceServers: by identifier, `maxResults` (1 to 50) at a time. */
export async function listResourceServers(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  userPoolId: string,
  maxResults: number,
  nextToken: string | undefined,
) {
  const pool = await loadPool(ctx, userPoolId);
  const scope = `ListResourceServers\0${pool.id}`;
  const after = nextToken ? openPageToken(ctx, scope, nextToken, isPosition) : undefined;
  const rows = await repo.listResourceServers(ctx.db, pool.id, maxResults + 1, after);
  const page = rows.slice(0, maxResults);
  return {
    servers: page,
    nextToken:
      rows.length > maxResults
        ? sealPageToken(ctx, scope, page[page.length - 1].identifier)
        : undefined,
  };
}
