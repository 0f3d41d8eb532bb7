import type { JWTPayload } from 'jose';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import { signRs256 } from '../tokens/jws.ts';
import { currentSigningKey, jwksOf, verificationKey } from '../tokens/signing-keys.ts';

// The OpenID tokens of identity pools (GetOpenIdToken, GetOpenIdTokenForDeveloperIdentity):
// RS256 JWTs whose subject is an identity and whose audience is its identity pool, signed by
// one key set shared by every identity pool and published at `<publicUrl>/identity-pools`, so
// an AWS account can register that address as an OIDC provider and trade the token for a
// role's credentials with AssumeRoleWithWebIdentity (the "broker" mode of Cognito).

/**
 * The key set id of identity-pool tokens in the signing-key store (user pools use their pool
 * id; no user pool id can look like this).
 */
export const IDENTITY_POOLS_KEY_SET = 'identity-pools';

/** The Logins key under which AWS clients hand a developer identity's token back. */
export const COGNITO_IDENTITY_PROVIDER = 'cognito-identity.amazonaws.com';

/** GetOpenIdToken's token lifetime, as AWS: 10 minutes. */
export const OPENID_TOKEN_TTL_SECONDS = 10 * 60;

/** The longest TokenDuration GetOpenIdTokenForDeveloperIdentity accepts: 24 hours. */
export const MAX_DEVELOPER_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** The issuer of identity-pool tokens: `<publicUrl>/identity-pools`. */
export function identityPoolsIssuer(publicUrl: string): string {
  return `${publicUrl}/${IDENTITY_POOLS_KEY_SET}`;
}

/**
 * True when a Logins key names this server's identity-pool token issuer: AWS's
 * `cognito-identity.amazonaws.com`, or the issuer without its scheme (as clients derive a
 * Logins key from a token's `iss`).
 */
export function isIdentityPoolTokenProvider(publicUrl: string, key: string): boolean {
  return (
    key === COGNITO_IDENTITY_PROVIDER ||
    key === identityPoolsIssuer(publicUrl).replace(/^https?:\/\//, '')
  );
}

/** One login an identity-pool token names in its `amr`. */
export interface AmrLogin {
  /** The Logins key (provider name). */
  provider: string;
  /** The user at that provider (a token's `sub`, a developer user identifier). */
  subject: string;
  /** A user pool of this server: AWS writes `<provider>:CognitoSignIn:<sub>` for those. */
  userPool?: boolean;
}

/** What an identity-pool token says. */
export interface OpenIdTokenInput {
  identityId: string;
  identityPoolId: string;
  /** The logins the caller proved (empty: a guest). */
  logins: AmrLogin[];
  /** Lifetime in seconds. */
  ttlSeconds: number;
  /** Session tags (GetOpenIdTokenForDeveloperIdentity's PrincipalTags). */
  principalTags?: Record<string, string>;
}

/**
 * `amr` as Cognito writes it: `["unauthenticated"]` for a guest, else `"authenticated"`, then
 * each provider name and `<provider>:<identity pool id>:<subject>` (`<provider>:CognitoSignIn:<sub>`
 * for a user pool), which is what IAM conditions on `cognito-identity.amazonaws.com:amr` match.
 */
export function amrOf(identityPoolId: string, logins: AmrLogin[]): string[] {
  if (logins.length === 0) return ['unauthenticated'];
  const amr = ['authenticated'];
  for (const login of logins) {
    amr.push(login.provider);
    const middle = login.userPool ? 'CognitoSignIn' : identityPoolId;
    amr.push(`${login.provider}:${middle}:${login.subject}`);
  }
  return amr;
}

/** Signs an identity-pool token (RS256, the identity-pools key set). */
export async function signOpenIdToken(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  input: OpenIdTokenInput,
): Promise<string> {
  const { kid, key } = await currentSigningKey(ctx, IDENTITY_POOLS_KEY_SET);
  const iat = Math.floor(ctx.clock.now() / 1000);
  const tags = input.principalTags;
  const claims: JWTPayload = {
    sub: input.identityId,
    aud: input.identityPoolId,
    amr: amrOf(input.identityPoolId, input.logins),
    iss: identityPoolsIssuer(ctx.publicUrl),
    // STS reads session tags from this claim in AssumeRoleWithWebIdentity.
    ...(tags &&
      Object.keys(tags).length > 0 && {
        'https://aws.amazon.com/tags': {
          principal_tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])),
        },
      }),
    exp: iat + input.ttlSeconds,
    iat,
  };
  return signRs256(claims, kid, key);
}

let jose: Promise<typeof import('jose')> | undefined;
const loadJose = () => {
  jose ??= import('jose');
  return jose;
};

/** The claims of a verified identity-pool token. */
export interface OpenIdTokenClaims {
  sub: string;
  aud: string;
  amr: string[];
  exp: number;
  iat: number;
  principalTags?: Record<string, string>;
}

/**
 * Verifies an identity-pool token of ours (signature by a published key, issuer, expiry and,
 * when given, the identity pool as audience). NotAuthorizedException "Invalid login token."
 * otherwise, as AWS answers a bad `cognito-identity.amazonaws.com` login.
 */
export async function verifyOpenIdToken(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  token: string,
  identityPoolId?: string,
): Promise<OpenIdTokenClaims> {
  const { decodeProtectedHeader, jwtVerify } = await loadJose();
  const invalid = () => new NotAuthorizedException('Invalid login token.');
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw invalid();
  }
  if (!kid) throw invalid();
  const key = await verificationKey(ctx, IDENTITY_POOLS_KEY_SET, kid);
  if (!key) throw invalid();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      issuer: identityPoolsIssuer(ctx.publicUrl),
      ...(identityPoolId && { audience: identityPoolId }),
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock.now()),
    }));
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_JWT_EXPIRED') {
      throw new NotAuthorizedException('Invalid login token. Token expired.');
    }
    throw invalid();
  }
  const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  if (typeof payload.sub !== 'string' || typeof aud !== 'string') throw invalid();
  const tags = (payload['https://aws.amazon.com/tags'] as { principal_tags?: unknown } | undefined)
    ?.principal_tags as Record<string, string[]> | undefined;
  return {
    sub: payload.sub,
    aud,
    amr: Array.isArray(payload.amr) ? (payload.amr as string[]) : [],
    exp: payload.exp ?? 0,
    iat: payload.iat ?? 0,
    principalTags:
      tags && Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v[0])])),
  };
}

/** The identity-pools JWKS: every published key of the set (one is made on first use). */
export async function identityPoolsJwks(ctx: Pick<Context, 'db' | 'clock'>) {
  // Publishing before any token was signed is the normal case of a relying party set up first.
  await currentSigningKey(ctx, IDENTITY_POOLS_KEY_SET);
  return jwksOf(ctx, IDENTITY_POOLS_KEY_SET);
}

/**
 * The identity-pools issuer's OpenID discovery document: what an OIDC relying party (IAM's
 * OpenID Connect provider, a JWT verifier) reads to find the keys. No authorization or token
 * endpoint: tokens come from the Cognito Identity API, not from an OAuth flow.
 */
export function identityPoolsDiscovery(ctx: Pick<Context, 'publicUrl'>) {
  const issuer = identityPoolsIssuer(ctx.publicUrl);
  return {
    issuer,
    // Discovery requires one; tokens are issued by API calls, not by a browser flow (EKS's
    // issuers publish a URN the same way).
    authorization_endpoint: 'urn:cognate:programmatic_authorization',
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'aud', 'amr', 'iss', 'exp', 'iat'],
  };
}
