import { listResourceServers } from '../../store/repositories/resource-servers.ts';
import type { Context } from '../context.ts';
import { ScopeDoesNotExistException } from '../errors.ts';

/** The scopes Cognito defines for every pool. */
export const STANDARD_SCOPES: readonly string[] = [
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
];

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
  const unknown = scopes.filter((s) => !STANDARD_SCOPES.includes(s));
  if (unknown.length === 0) return;
  const custom = new Set(await customScopesOf(ctx, userPoolId));
  const missing = unknown.find((s) => !custom.has(s));
  if (missing !== undefined) {
    throw new ScopeDoesNotExistException(`Invalid scope requested: ${missing}`);
  }
}
