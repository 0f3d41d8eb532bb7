/**
 * The Logins map of GetId (and of GetCredentialsForIdentity / GetOpenIdToken): each entry is a
 * provider name and a token, verified here before any identity is looked up or made.
 *
 * - A user pool of this server, named `cognito-idp.<region>.amazonaws.com/<userPoolId>` (what
 *   amazon-cognito-identity-js and aws-amplify v5 send) or by its issuer without the scheme (what
 *   aws-amplify v6 sends): an ID token signed with one of the pool's published keys, issued by
 *   the pool, unexpired, for a client the identity pool lists in CognitoIdentityProviders; with
 *   ServerSideTokenCheck, from a sign-in that is not revoked, of a user who is still enabled.
 * - An OIDC provider of OpenIdConnectProviderARNs, named by its issuer without the scheme: an
 *   ID token verified against the issuer's published keys (discovery and JWKS fetched with a
 *   short timeout and cached).
 * Anything else (social providers of SupportedLoginProviders, which this server cannot verify
 * offline) is NotAuthorizedException, in Cognito's words.
 */
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { findGrant } from '../../store/repositories/refresh-tokens.ts';
import { findUserById } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import { verificationKey } from '../tokens/signing-keys.ts';
import { issuerOf } from '../tokens/tokens.ts';
import type { IdentityPool } from './pools.ts';

/** One verified login. */
export interface VerifiedLogin {
  /**
   * The provider as identities are keyed by it: a user pool always as
   * `cognito-idp.<region>.amazonaws.com/<userPoolId>` whichever name the caller used.
   */
  provider: string;
  /** The user at that provider (the token's `sub`). */
  subject: string;
  claims: Record<string, unknown>;
  kind: 'userPool' | 'oidc' | 'developer';
  userPoolId?: string;
  /** The user-pool app client the token was issued to (its `aud`). */
  clientId?: string;
  /** The sign-in the token came from (its `origin_jti`). */
  originJti?: string;
  /** The name the caller used in Logins. */
  loginKey: string;
}

type Deps = Pick<Context, 'db' | 'clock' | 'publicUrl' | 'region'>;

const NOT_SUPPORTED = 'Token is not from a supported provider of this identity pool.';
const invalid = (why: string) => new NotAuthorizedException(`Invalid login token. ${why}`);

let jose: Promise<typeof import('jose')> | undefined;
const loadJose = () => {
  jose ??= import('jose');
  return jose;
};

/** The user pool a Logins key names, when it names one of this server's (either form). */
export function userPoolOfLoginKey(ctx: Pick<Context, 'publicUrl'>, key: string) {
  const aws = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+_[0-9a-zA-Z]+)$/.exec(key);
  if (aws) return aws[1] === aws[2].split('_')[0] ? aws[2] : undefined;
  const base = ctx.publicUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  if (key.startsWith(`${base}/`)) {
    const id = key.slice(base.length + 1);
    if (/^[\w-]+_[0-9a-zA-Z]+$/.test(id)) return id;
  }
  return undefined;
}

/** The canonical provider name of a user pool. */
export function userPoolProviderName(userPoolId: string): string {
  return `cognito-idp.${userPoolId.split('_')[0]}.amazonaws.com/${userPoolId}`;
}

function decodePayload(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid('Not a valid OpenId Connect identity token.');
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!payload || typeof payload !== 'object') throw new Error('not an object');
    return payload;
  } catch {
    throw invalid('Not a valid OpenId Connect identity token.');
  }
}

function checkExpiry(ctx: Pick<Context, 'clock'>, claims: Record<string, unknown>) {
  const now = Math.floor(ctx.clock.now() / 1000);
  if (typeof claims.exp !== 'number') throw invalid('Missing a required claim: exp');
  if (claims.exp <= now) throw invalid(`Token expired: ${now} >= ${claims.exp}`);
}

async function verifyUserPoolToken(
  ctx: Deps,
  pool: IdentityPool,
  key: string,
  userPoolId: string,
  token: string,
): Promise<VerifiedLogin> {
  const provider = userPoolProviderName(userPoolId);
  const configured = (pool.settings.CognitoIdentityProviders ?? []).filter(
    (p) => p.ProviderName && userPoolOfLoginKey(ctx, p.ProviderName) === userPoolId,
  );
  if (configured.length === 0) throw new NotAuthorizedException(NOT_SUPPORTED);
  const claims = decodePayload(token);
  if (claims.iss !== issuerOf(ctx.publicUrl, userPoolId)) {
    throw invalid("Issuer doesn't match providerName");
  }
  // An access token has no `aud`: Cognito answers exactly this for one.
  if (claims.aud === undefined) throw invalid('Missing a required claim: aud');
  if (claims.token_use !== 'id') throw invalid('Not a valid OpenId Connect identity token.');
  const { decodeProtectedHeader, jwtVerify } = await loadJose();
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    kid = undefined;
  }
  const publicKey = kid ? await verificationKey(ctx, userPoolId, kid) : undefined;
  if (!publicKey) throw invalid("Couldn't verify signed token.");
  let payload: JWTPayload;
  try {
    // Expiry is checked below, on our clock and in Cognito's words.
    ({ payload } = await jwtVerify(token, publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(0),
    }));
  } catch {
    throw invalid("Couldn't verify signed token.");
  }
  checkExpiry(ctx, payload as Record<string, unknown>);
  const clientId = typeof payload.aud === 'string' ? payload.aud : undefined;
  const entry = configured.find((p) => p.ClientId === clientId);
  if (!clientId || !entry) throw new NotAuthorizedException(NOT_SUPPORTED);
  if (typeof payload.sub !== 'string') throw invalid('Missing a required claim: sub');
  const originJti = typeof payload.origin_jti === 'string' ? payload.origin_jti : undefined;
  if (entry.ServerSideTokenCheck) {
    const grant = originJti ? await findGrant(ctx.db, originJti) : undefined;
    if (
      !grant ||
      grant.revokedAt !== undefined ||
      grant.userId !== payload.sub ||
      grant.userPoolId !== userPoolId
    ) {
      throw invalid('Token has been revoked.');
    }
    const user = await findUserById(ctx.db, payload.sub);
    if (!user || user.userPoolId !== userPoolId || !user.enabled) {
      throw invalid('User is disabled.');
    }
  }
  return {
    provider,
    subject: payload.sub,
    claims: payload as Record<string, unknown>,
    kind: 'userPool',
    userPoolId,
    clientId,
    ...(originJti && { originJti }),
    loginKey: key,
  };
}

// OIDC providers' key sets by issuer, kept for the process: jose refreshes a set on an unknown kid.
const remoteKeySets = new Map<string, { jwks: JWTVerifyGetKey; at: number }>();
const OIDC_TIMEOUT_MS = 5_000;
const OIDC_CACHE_MS = 60 * 60 * 1000;

/** The issuer URL of an OIDC provider named without its scheme (https, or http on loopback). */
function oidcIssuer(name: string): string {
  const loopback = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(name);
  return `${loopback ? 'http' : 'https'}://${name}`;
}

async function oidcKeySet(issuer: string, now: number): Promise<JWTVerifyGetKey> {
  const cached = remoteKeySets.get(issuer);
  if (cached && now - cached.at < OIDC_CACHE_MS) return cached.jwks;
  let jwksUri: string | undefined;
  try {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(OIDC_TIMEOUT_MS),
    });
    if (res.ok) {
      const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (doc.issuer === issuer && typeof doc.jwks_uri === 'string') jwksUri = doc.jwks_uri;
    }
  } catch {
    jwksUri = undefined;
  }
  if (!jwksUri) throw invalid("Couldn't verify signed token.");
  const { createRemoteJWKSet } = await loadJose();
  const jwks = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: OIDC_TIMEOUT_MS });
  remoteKeySets.set(issuer, { jwks, at: now });
  return jwks;
}

async function verifyOidcToken(ctx: Deps, key: string, token: string): Promise<VerifiedLogin> {
  const claims = decodePayload(token);
  const issuer = oidcIssuer(key);
  if (claims.iss !== issuer) throw invalid("Issuer doesn't match providerName");
  if (claims.aud === undefined) throw invalid('Missing a required claim: aud');
  const jwks = await oidcKeySet(issuer, ctx.clock.now());
  const { jwtVerify } = await loadJose();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, { currentDate: new Date(0) }));
  } catch {
    throw invalid("Couldn't verify signed token.");
  }
  checkExpiry(ctx, payload as Record<string, unknown>);
  if (typeof payload.sub !== 'string') throw invalid('Missing a required claim: sub');
  return {
    provider: key,
    subject: payload.sub,
    claims: payload as Record<string, unknown>,
    kind: 'oidc',
    loginKey: key,
  };
}

/** The OIDC provider names (issuer host/path) of an identity pool's OpenIdConnectProviderARNs. */
export function oidcProviderNames(pool: IdentityPool): string[] {
  return (pool.settings.OpenIdConnectProviderARNs ?? []).map((arn) =>
    arn.replace(/^arn:aws:iam::\d+:oidc-provider\//, ''),
  );
}

/**
 * Verifies every login of a Logins map for an identity pool.
 * @throws NotAuthorizedException for any token that does not verify, in Cognito's words.
 */
export async function verifyLogins(
  ctx: Deps,
  pool: IdentityPool,
  logins: Record<string, string>,
): Promise<VerifiedLogin[]> {
  const out: VerifiedLogin[] = [];
  const oidc = oidcProviderNames(pool);
  for (const [key, token] of Object.entries(logins)) {
    const userPoolId = userPoolOfLoginKey(ctx, key);
    if (userPoolId) out.push(await verifyUserPoolToken(ctx, pool, key, userPoolId, token));
    else if (oidc.includes(key)) out.push(await verifyOidcToken(ctx, key, token));
    else throw new NotAuthorizedException(NOT_SUPPORTED);
  }
  return out;
}
