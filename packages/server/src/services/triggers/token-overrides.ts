/**
 * What a PreTokenGeneration function may change in the tokens, and the claims it may not touch.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */

/** Claim changes for one token. */
export interface ClaimChanges {
  /** Claims to add or replace. */
  add: Record<string, unknown>;
  /** Claims to remove; a claim both added and suppressed is suppressed, as on Cognito. */
  suppress: string[];
}

/** The changes a PreTokenGeneration answer asks for, read and checked. */
export interface TokenOverrides {
  id: ClaimChanges;
  access: ClaimChanges & { scopesToAdd: string[]; scopesToSuppress: string[] };
  /**
   * New group claims (groupOverrideDetails), replacing `cognito:groups` in both tokens and
   * `cognito:roles` / `cognito:preferred_role` in the ID token; undefined keeps them.
   */
  groups?: { groups: string[]; roles: string[]; preferredRole?: string };
}

const GROUP_CLAIMS = ['cognito:groups', 'cognito:roles', 'cognito:preferred_role'];

/**
 * ID token claims a function cannot add, change or suppress (Cognito's list), plus the group
 * claims, which change only through groupOverrideDetails. Attempts are ignored.
 */
export const FIXED_ID_CLAIMS: ReadonlySet<string> = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  ...GROUP_CLAIMS,
]);

/**
 * Access token claims a function cannot add, change or suppress: the ID token's list with the
 * access token's own (`client_id`, `username`, and `scope`, which changes only through
 * scopesToAdd / scopesToSuppress).
 */
export const FIXED_ACCESS_CLAIMS: ReadonlySet<string> = new Set([
  ...FIXED_ID_CLAIMS,
  'client_id',
  'scope',
  'username',
]);

/** Applies one token's claim changes in place, leaving the fixed claims as they are. */
function applyClaims(
  claims: Record<string, unknown>,
  changes: ClaimChanges,
  fixed: ReadonlySet<string>,
): void {
  for (const [name, value] of Object.entries(changes.add)) {
    if (!fixed.has(name)) claims[name] = value;
  }
  for (const name of changes.suppress) {
    if (!fixed.has(name)) delete claims[name];
  }
}

/** Applies a function's changes to the claims of the ID and access tokens, in place. */
export function applyTokenOverrides(
  tokens: { id: Record<string, unknown>; access: Record<string, unknown> },
  overrides: TokenOverrides,
): void {
  const { id, access } = tokens;
  if (overrides.groups) {
    const { groups, roles, preferredRole } = overrides.groups;
    for (const claims of [id, access]) delete claims['cognito:groups'];
    delete id['cognito:roles'];
    delete id['cognito:preferred_role'];
    if (groups.length > 0) {
      id['cognito:groups'] = groups;
      access['cognito:groups'] = groups;
    }
    if (roles.length > 0) id['cognito:roles'] = roles;
    if (preferredRole) id['cognito:preferred_role'] = preferredRole;
  }
  applyClaims(id, overrides.id, FIXED_ID_CLAIMS);
  applyClaims(access, overrides.access, FIXED_ACCESS_CLAIMS);
  const { scopesToAdd, scopesToSuppress } = overrides.access;
  if (scopesToAdd.length > 0 || scopesToSuppress.length > 0) {
    const current = typeof access.scope === 'string' ? access.scope.split(' ') : [];
    const scopes = [...new Set([...current, ...scopesToAdd])].filter(
      (s) => s && !scopesToSuppress.includes(s),
    );
    if (scopes.length > 0) access.scope = scopes.join(' ');
    else delete access.scope;
  }
}
