// GetCredentialsForIdentity: temporary AWS credentials for an identity, for the role its pool
// gives it (docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html).
import type { RoleMapping } from '@aws-sdk/client-cognito-identity';
import { insertIdentityCredential } from '../../store/repositories/identity-credentials.ts';
import type { Context } from '../context.ts';
import { InvalidIdentityPoolConfigurationException, NotAuthorizedException } from '../errors.ts';
import { LOGINS_DONT_MATCH, verifyAllLogins } from '../identity-pools/all-logins.ts';
import {
  checkGuestAccess,
  linkLogins,
  loadIdentity,
  userPoolOfLoginKey,
  type VerifiedLogin,
} from '../identity-pools/index.ts';
import { type IdentityPool, loadIdentityPool } from '../identity-pools/pools.ts';
import {
  credentialsKey,
  deriveSecret,
  newAccessKeyId,
  type SessionTokenPayload,
  signSessionToken,
} from './keys.ts';

type Deps = Pick<
  Context,
  | 'db'
  | 'clock'
  | 'random'
  | 'region'
  | 'publicUrl'
  | 'serverSecret'
  | 'credentialsKey'
  | 'credentialsTtlSeconds'
>;

/** The lifetime of credentials when the server does not set one: one hour, as AWS. */
export const DEFAULT_CREDENTIALS_TTL_SECONDS = 3600;

/** What GetCredentialsForIdentity answers. */
export interface IssuedCredentials {
  IdentityId: string;
  Credentials: {
    AccessKeyId: string;
    SecretKey: string;
    SessionToken: string;
    /** Epoch milliseconds (rendered as epoch seconds on the wire). */
    Expiration: Date;
  };
}

const NO_ROLE = 'Invalid identity pool configuration. Check assigned IAM roles for this pool.';

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The RoleMappings entry of a login: `<provider>:<clientId>` for a user pool, else its name. */
function mappingOf(
  ctx: Pick<Context, 'publicUrl'>,
  pool: IdentityPool,
  login: VerifiedLogin,
): RoleMapping | undefined {
  for (const [key, mapping] of Object.entries(pool.settings.RoleMappings ?? {})) {
    if (login.kind === 'userPool') {
      const colon = key.lastIndexOf(':');
      if (colon < 0) continue;
      const provider = key.slice(0, colon);
      if (
        key.slice(colon + 1) === login.clientId &&
        userPoolOfLoginKey(ctx, provider) === login.userPoolId
      )
        return mapping;
    } else if (key === login.provider || key === login.loginKey) {
      return mapping;
    }
  }
  return undefined;
}

function claimMatches(claim: unknown, matchType: string | undefined, value: string): boolean {
  // A multi-valued claim (cognito:groups) matches when any of its values does.
  const values = Array.isArray(claim)
    ? claim.map(String)
    : claim === undefined
      ? []
      : [String(claim)];
  switch (matchType) {
    case 'Equals':
      return values.includes(value);
    case 'Contains':
      return values.some((v) => v.includes(value));
    case 'StartsWith':
      return values.some((v) => v.startsWith(value));
    case 'NotEqual':
      return values.length > 0 && !values.includes(value);
    default:
      return false;
  }
}

/** The role a mapping gives a login, or undefined when the mapping's result is ambiguous. */
function mappedRole(mapping: RoleMapping, claims: Record<string, unknown>): string | undefined {
  if (mapping.Type === 'Token') {
    const preferred = claims['cognito:preferred_role'];
    if (typeof preferred === 'string') return preferred;
    const roles = stringList(claims['cognito:roles']);
    return roles.length === 1 ? roles[0] : undefined;
  }
  for (const rule of mapping.RulesConfiguration?.Rules ?? []) {
    if (rule.Claim && rule.Value !== undefined && rule.RoleARN)
      if (claimMatches(claims[rule.Claim], rule.MatchType, rule.Value)) return rule.RoleARN;
  }
  return undefined;
}

/**
 * The role of an authenticated identity: CustomRoleArn when a token's `cognito:roles` allows
 * it; else the RoleMappings entry of the first login that has one (Token or Rules, and its
 * AmbiguousRoleResolution); else the pool's authenticated role.
 */
function authenticatedRole(
  ctx: Pick<Context, 'publicUrl'>,
  pool: IdentityPool,
  verified: VerifiedLogin[],
  customRoleArn: string | undefined,
): string {
  const fallback = pool.settings.Roles?.authenticated;
  if (customRoleArn !== undefined) {
    if (!verified.some((l) => stringList(l.claims['cognito:roles']).includes(customRoleArn)))
      throw new NotAuthorizedException(
        'Failed to obtain the role for the identity: CustomRoleArn is not among the roles of the token.',
      );
    return customRoleArn;
  }
  for (const login of verified) {
    const mapping = mappingOf(ctx, pool, login);
    if (!mapping) continue;
    const role = mappedRole(mapping, login.claims);
    if (role) return role;
    if (mapping.AmbiguousRoleResolution === 'AuthenticatedRole' && fallback) return fallback;
    throw new NotAuthorizedException('Ambiguous role mapping for the identity: access denied.');
  }
  if (!fallback) throw new InvalidIdentityPoolConfigurationException(NO_ROLE);
  return fallback;
}

/** ServerSideTokenCheck of the user-pool provider entry a login came through. */
function serverSideCheck(
  ctx: Pick<Context, 'publicUrl'>,
  pool: IdentityPool,
  login: VerifiedLogin,
): boolean {
  return (pool.settings.CognitoIdentityProviders ?? []).some(
    (p) =>
      p.ServerSideTokenCheck === true &&
      p.ClientId === login.clientId &&
      p.ProviderName !== undefined &&
      userPoolOfLoginKey(ctx, p.ProviderName) === login.userPoolId,
  );
}

/**
 * GetCredentialsForIdentity. Without Logins, the identity must be a guest of a pool that still
 * allows guests (an identity with logins must prove one); with Logins, each token is verified
 * and linked to the identity (which may merge it into the identity a login already has: the
 * answer names the resulting identity). The credentials are recorded so online checks can
 * refuse them once the identity, the user or the token's sign-in is gone.
 */
export async function getCredentialsForIdentity(
  ctx: Deps,
  identityId: string,
  logins: Record<string, string>,
  customRoleArn: string | undefined,
): Promise<IssuedCredentials> {
  const identity = await loadIdentity(ctx, identityId);
  const pool = await loadIdentityPool(ctx, identity.identityPoolId);
  let resulting = identity.id;
  let roleArn: string;
  let verified: VerifiedLogin[] = [];
  if (Object.keys(logins).length === 0) {
    if (identity.logins.length > 0) throw new NotAuthorizedException(LOGINS_DONT_MATCH);
    checkGuestAccess(pool, identity);
    if (customRoleArn !== undefined)
      throw new NotAuthorizedException('CustomRoleArn requires a login whose token allows it.');
    const role = pool.settings.Roles?.unauthenticated;
    if (!role) throw new InvalidIdentityPoolConfigurationException(NO_ROLE);
    roleArn = role;
  } else {
    verified = await verifyAllLogins(ctx, pool, logins);
    roleArn = authenticatedRole(ctx, pool, verified, customRoleArn);
    resulting = await linkLogins(ctx, identity.id, verified);
  }

  const now = ctx.clock.now();
  const ttl = ctx.credentialsTtlSeconds ?? DEFAULT_CREDENTIALS_TTL_SECONDS;
  const iat = Math.floor(now / 1000);
  const exp = iat + ttl;
  const accessKeyId = newAccessKeyId(ctx.random);
  const key = credentialsKey(ctx);
  const payload: SessionTokenPayload = {
    v: 1,
    akid: accessKeyId,
    iid: resulting,
    ipid: pool.id,
    role: roleArn,
    exp,
    iat,
    auth: verified.length > 0 ? 'authenticated' : 'unauthenticated',
  };
  const login = verified[0];
  const checked = verified.find((l) => l.kind === 'userPool' && serverSideCheck(ctx, pool, l));
  await insertIdentityCredential(ctx.db, {
    accessKeyId,
    identityId: resulting,
    identityPoolId: pool.id,
    roleArn,
    issuedAt: now,
    expiresAt: exp * 1000,
    login: login && { provider: login.provider, subject: login.subject },
    userPoolId: checked?.userPoolId,
    userSub: checked?.subject,
    originJti: checked?.originJti,
  });
  return {
    IdentityId: resulting,
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretKey: deriveSecret(key, accessKeyId),
      SessionToken: signSessionToken(key, payload),
      Expiration: new Date(exp * 1000),
    },
  };
}
