import { listResourceServers } from '../../store/repositories/resource-servers.ts';
import type { Context } from '../context.ts';
import { ScopeDoesNotExistException } from '../errors.ts';
import { STANDARD_SCOPES } from '../oauth/scopes.ts';

/** Every custom scope of the pool's resource servers, as `<identifier>/<scope>`. */
export async function customScopesOf(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
): Promise<string[]> {
  const servers = await listResourceServers(ctx.db, userPoolId);
  return servers.flatMap((s) => s.scopes.map((scope) => `${s.identifier}/${scope.ScopeName}`));
}

/**
 * An app client's AllowedOAuthScopes may name the standard scopes and the pool's custom ones
 * only; anything else is ScopeDoesNotExistException, in Cognito's words.
 */
export async function checkAllowedOAuthScopes(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
  scopes: readonly string[] | undefined,
): Promise<void> {
  if (!scopes?.length) return;
  const unknown = scopes.filter((s) => !STANDARD_SCOPES.has(s));
  if (unknown.length === 0) return;
  const custom = new Set(await customScopesOf(ctx, userPoolId));
  const missing = unknown.find((s) => !custom.has(s));
  if (missing !== undefined) {
    throw new ScopeDoesNotExistException(`Invalid scope requested: ${missing}`);
  }
}

/**
 * A client's AllowedOAuthScopes that still exist: a custom scope whose resource server (or the
 * scope itself) was deleted since the client was saved is granted to no one.
 */
export async function liveAllowedScopes(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
  allowed: readonly string[] | undefined,
): Promise<string[]> {
  const list = [...(allowed ?? [])];
  if (list.every((s) => STANDARD_SCOPES.has(s))) return list;
  const custom = new Set(await customScopesOf(ctx, userPoolId));
  return list.filter((s) => STANDARD_SCOPES.has(s) || custom.has(s));
}
