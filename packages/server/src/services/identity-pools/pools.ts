import type {
  CreateIdentityPoolInput,
  IdentityPoolShortDescription,
  IdentityPool as IdentityPoolType,
} from '@aws-sdk/client-cognito-identity';
import * as repo from '../../store/repositories/identity-pools.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException, ResourceNotFoundException } from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { checkInteger, readString } from '../validation/members.ts';
import type { JsonObject } from '../validation/messages.ts';
import {
  IDENTITY_POOL_ID,
  IDENTITY_POOL_NAME,
  type IdentityPoolSettings,
  readPoolSettings,
  readRoleMappings,
  readRoles,
  readTags,
} from './settings.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'region'>;

/** An identity pool. */
export interface IdentityPool {
  /** `<region>:<uuid>`. */
  id: string;
  name: string;
  settings: IdentityPoolSettings;
  createdAt: number;
  updatedAt: number;
}

/** A random `<region>:<uuid>` (UUID v4 from the injected random source). */
export function newRegionalId(region: string, random: (bytes: number) => Buffer): string {
  const b = Buffer.from(random(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${region}:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function toPool(r: repo.IdentityPoolRecord): IdentityPool {
  return { ...r, settings: r.settings as unknown as IdentityPoolSettings };
}

function toRecord(p: IdentityPool): repo.IdentityPoolRecord {
  return { ...p, settings: p.settings as unknown as Record<string, unknown> };
}

/** The message Cognito answers for an identity pool that does not exist. */
export function poolNotFound(id: string) {
  return new ResourceNotFoundException(`IdentityPool '${id}' not found.`);
}

/** Loads an identity pool or throws ResourceNotFoundException. */
export async function loadIdentityPool(
  ctx: Pick<Context, 'db'>,
  id: string,
): Promise<IdentityPool> {
  const r = await repo.findIdentityPool(ctx.db, id);
  if (!r) throw poolNotFound(id);
  return toPool(r);
}

/** The wire IdentityPool of CreateIdentityPool / DescribeIdentityPool / UpdateIdentityPool. */
export function toIdentityPoolType(
  pool: IdentityPool,
  tags: Record<string, string>,
): IdentityPoolType {
  const s = pool.settings;
  return {
    IdentityPoolId: pool.id,
    IdentityPoolName: pool.name,
    AllowUnauthenticatedIdentities: s.AllowUnauthenticatedIdentities,
    AllowClassicFlow: s.AllowClassicFlow ?? false,
    ...(s.SupportedLoginProviders && { SupportedLoginProviders: s.SupportedLoginProviders }),
    ...(s.DeveloperProviderName && { DeveloperProviderName: s.DeveloperProviderName }),
    ...(s.OpenIdConnectProviderARNs && { OpenIdConnectProviderARNs: s.OpenIdConnectProviderARNs }),
    ...(s.CognitoIdentityProviders && { CognitoIdentityProviders: s.CognitoIdentityProviders }),
    ...(s.SamlProviderARNs && { SamlProviderARNs: s.SamlProviderARNs }),
    IdentityPoolTags: tags,
  };
}

/** CreateIdentityPool. */
export async function createIdentityPool(
  ctx: Deps,
  input: CreateIdentityPoolInput & JsonObject,
): Promise<{ pool: IdentityPool; tags: Record<string, string> }> {
  const name = readString(input, 'IdentityPoolName', '', { ...IDENTITY_POOL_NAME, required: true });
  const settings = readPoolSettings(input);
  const tags = readTags(input, 'IdentityPoolTags') ?? {};
  const now = ctx.clock.now();
  const pool: IdentityPool = {
    id: newRegionalId(ctx.region, ctx.random),
    name,
    settings,
    createdAt: now,
    updatedAt: now,
  };
  await repo.insertIdentityPool(ctx.db, toRecord(pool));
  await repo.putTags(ctx.db, pool.id, tags);
  return { pool, tags };
}

/** DescribeIdentityPool. */
export async function describeIdentityPool(ctx: Pick<Context, 'db'>, id: string) {
  const pool = await loadIdentityPool(ctx, id);
  return toIdentityPoolType(pool, await repo.listTags(ctx.db, id));
}

/**
 * UpdateIdentityPool: replaces the pool's settings with the request's (Cognito's
 * replace-all semantics); roles and role mappings are kept; IdentityPoolTags replace the tags
 * when given. The developer provider name cannot change once set.
 */
export async function updateIdentityPool(ctx: Deps, input: JsonObject) {
  const id = readString(input, 'IdentityPoolId', '', { ...IDENTITY_POOL_ID, required: true });
  const name = readString(input, 'IdentityPoolName', '', { ...IDENTITY_POOL_NAME, required: true });
  const settings = readPoolSettings(input);
  const tags = readTags(input, 'IdentityPoolTags');
  const pool = await loadIdentityPool(ctx, id);
  const before = pool.settings.DeveloperProviderName;
  if (before && settings.DeveloperProviderName !== before) {
    throw new InvalidParameterException(
      'Cannot change the DeveloperProviderName of an identity pool once it is set.',
    );
  }
  pool.name = name;
  pool.settings = {
    ...settings,
    ...(pool.settings.Roles && { Roles: pool.settings.Roles }),
    ...(pool.settings.RoleMappings && { RoleMappings: pool.settings.RoleMappings }),
  };
  pool.updatedAt = ctx.clock.now();
  await repo.updateIdentityPool(ctx.db, toRecord(pool));
  if (tags) await repo.replaceTags(ctx.db, id, tags);
  return toIdentityPoolType(pool, await repo.listTags(ctx.db, id));
}

/** DeleteIdentityPool: the pool, its identities, their logins and its tags. */
export async function deleteIdentityPool(ctx: Pick<Context, 'db'>, id: string): Promise<void> {
  if (!(await repo.deleteIdentityPool(ctx.db, id))) throw poolNotFound(id);
}

const isId = (v: unknown): v is string => typeof v === 'string';

/** ListIdentityPools: by id, MaxResults 1–60 (required), NextToken sealed. */
export async function listIdentityPools(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  maxResults: unknown,
  nextToken: string | undefined,
): Promise<{ pools: IdentityPoolShortDescription[]; nextToken?: string }> {
  const limit = checkInteger(maxResults, 'maxResults', { min: 1, max: 60 });
  const after = nextToken ? openPageToken(ctx, 'ListIdentityPools', nextToken, isId) : undefined;
  const rows = await repo.listIdentityPools(ctx.db, limit + 1, after);
  const page = rows.slice(0, limit);
  return {
    pools: page.map((p) => ({ IdentityPoolId: p.id, IdentityPoolName: p.name })),
    nextToken:
      rows.length > limit
        ? sealPageToken(ctx, 'ListIdentityPools', page[page.length - 1].id)
        : undefined,
  };
}

/** SetIdentityPoolRoles. */
export async function setIdentityPoolRoles(ctx: Deps, id: string, input: JsonObject) {
  const pool = await loadIdentityPool(ctx, id);
  const roles = readRoles(input);
  const mappings = readRoleMappings(input, pool.settings);
  pool.settings = { ...pool.settings, Roles: roles };
  if (mappings && Object.keys(mappings).length > 0) pool.settings.RoleMappings = mappings;
  else delete pool.settings.RoleMappings;
  pool.updatedAt = ctx.clock.now();
  await repo.updateIdentityPool(ctx.db, toRecord(pool));
}

/** GetIdentityPoolRoles. */
export async function getIdentityPoolRoles(ctx: Pick<Context, 'db'>, id: string) {
  const pool = await loadIdentityPool(ctx, id);
  return {
    IdentityPoolId: pool.id,
    Roles: pool.settings.Roles ?? {},
    ...(pool.settings.RoleMappings && { RoleMappings: pool.settings.RoleMappings }),
  };
}

/** The identity pool an ARN `arn:aws:cognito-identity:<region>:<account>:identitypool/<id>` names. */
export async function poolOfArn(
  ctx: Pick<Context, 'db' | 'region' | 'accountId'>,
  arn: string,
): Promise<IdentityPool> {
  const m = /^arn:aws:cognito-identity:([^:]+):(\d+):identitypool\/(.+)$/.exec(arn);
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) {
    throw new InvalidParameterException(`Invalid ResourceArn: ${arn}`);
  }
  const r = await repo.findIdentityPool(ctx.db, m[3]);
  if (!r) throw new ResourceNotFoundException(`Resource ${arn} not found.`);
  return toPool(r);
}

/** The ARN of an identity pool. */
export function identityPoolArn(ctx: Pick<Context, 'region' | 'accountId'>, id: string): string {
  return `arn:aws:cognito-identity:${ctx.region}:${ctx.accountId}:identitypool/${id}`;
}

/** TagResource. */
export async function tagIdentityPool(ctx: Deps & Pick<Context, 'accountId'>, input: JsonObject) {
  const arn = readString(input, 'ResourceArn', '', {
    min: 20,
    max: 2048,
    required: true,
  });
  const tags = readTags(input, 'Tags');
  if (!tags) throw new InvalidParameterException('Tags must not be null.');
  const pool = await poolOfArn(ctx, arn);
  const merged = { ...(await repo.listTags(ctx.db, pool.id)), ...tags };
  if (Object.keys(merged).length > 50) {
    throw new InvalidParameterException('An identity pool has at most 50 tags.');
  }
  await repo.putTags(ctx.db, pool.id, tags);
}

/** UntagResource. */
export async function untagIdentityPool(
  ctx: Deps & Pick<Context, 'accountId'>,
  arn: string,
  keys: string[],
) {
  const pool = await poolOfArn(ctx, arn);
  await repo.removeTags(ctx.db, pool.id, keys);
}

/** ListTagsForResource. */
export async function identityPoolTags(ctx: Deps & Pick<Context, 'accountId'>, arn: string) {
  const pool = await poolOfArn(ctx, arn);
  return repo.listTags(ctx.db, pool.id);
}
