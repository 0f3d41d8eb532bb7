// OAuth scopes as Cognito knows them: the OpenID Connect ones, the user-pool API's own
// (aws.cognito.signin.user.admin), and resource servers' custom scopes `<identifier>/<name>`.
// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html

/** Scopes that need `openid` beside them (Cognito: "require the openid scope"). */
const OPENID_SCOPED = new Set(['email', 'phone', 'profile']);

/** Cognito's reserved scopes; anything else is a resource server's custom scope. */
export const STANDARD_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
]);

/** A scope parameter (space-separated) as a list, duplicates dropped, order kept. */
export function parseScopes(raw: string | null | undefined): string[] {
  return [...new Set((raw ?? '').split(' ').filter(Boolean))];
}

/** True for a resource server's custom scope (`<identifier>/<name>`). */
export function isCustomScope(scope: string): boolean {
  return !STANDARD_SCOPES.has(scope) && scope.includes('/');
}

/**
 * The first scope the client may not have (not in its AllowedOAuthScopes, or email / phone /
 * profile without openid), or undefined when all are allowed.
 */
export function disallowedScope(
  scopes: string[],
  allowed: string[] | undefined,
): string | undefined {
  const permitted = new Set(allowed ?? []);
  const bad = scopes.find((s) => !permitted.has(s));
  if (bad) return bad;
  if (!scopes.includes('openid')) return scopes.find((s) => OPENID_SCOPED.has(s));
  return undefined;
}
