import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import { applyTokenOverrides, type TokenOverrides } from '../triggers/token-overrides.ts';
import { tokenValiditySeconds } from '../user-pools/client-settings.ts';
import { type GroupClaims, loadGroupClaims } from '../users/groups.ts';
import { signRs256 } from './jws.ts';
import { currentSigningKey, verificationKey } from './signing-keys.ts';

/** Issuer of a pool's tokens. */
export function issuerOf(publicUrl: string, userPoolId: string): string {
  return `${publicUrl}/${userPoolId}`;
}

/** The scope of tokens from the user-pool API's sign-in flows (not the OAuth endpoints). */
export const SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';

/** Cognito's AuthenticationResultType. */
export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

/**
 * The `identities` attribute (linked external identities, a JSON list) as Cognito puts it in ID
 * tokens: a list whose members' values are all strings (`"primary": "false"`), issuer null.
 */
function identitiesClaim(value: string): unknown {
  try {
    return (JSON.parse(value) as Record<string, unknown>[]).map((identity) =>
      Object.fromEntries(
        Object.entries(identity).map(([k, v]) => [k, v === null ? null : String(v)]),
      ),
    );
  } catch {
    return value;
  }
}

/** Claims from user attributes for the ID token, typed as Cognito types them. */
function idTokenAttributeClaims(attrs: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'sub') continue;
    if (name === 'email_verified' || name === 'phone_number_verified') {
      out[name] = value === 'true';
    } else if (name === 'updated_at') {
      out[name] = Number(value);
    } else if (name === 'identities') {
      out[name] = identitiesClaim(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * Signs an ID token and an access token for one sign-in (the refresh grant `originJti`).
 * Claims follow Cognito's token reference.
 */
export async function signTokens(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    user: User;
    authTime: number;
    originJti: string;
    idAttributes: Record<string, string>;
    /** The user's group claims when the caller already loaded them (for the token trigger). */
    preloaded?: { groups: GroupClaims | undefined };
    /** What the pool's PreTokenGeneration trigger changes in the claims. */
    overrides?: TokenOverrides;
    /** Tokens of the OAuth endpoints: the granted scopes and the request's nonce. */
    oauth?: { scopes: string[]; nonce?: string };
  },
): Promise<Omit<AuthenticationResult, 'RefreshToken'>> {
  const { pool, client, user } = input;
  // Group claims cost one indexed query per issue, run beside the key lookup (sign-in is hot).
  const [{ kid, key }, groups] = await Promise.all([
    currentSigningKey(ctx, pool),
    input.preloaded ? input.preloaded.groups : loadGroupClaims(ctx, user.id),
  ]);
  const validity = tokenValiditySeconds(client.settings);
  const now = Math.floor(ctx.clock.now() / 1000);
  const iss = issuerOf(ctx.publicUrl, pool.id);
  const eventId = randomUUID();
  const authTime = Math.floor(input.authTime / 1000);
  const accessClaims: JWTPayload = {
    sub: user.id,
    ...(groups && { 'cognito:groups': groups.groups }),
    iss,
    client_id: client.id,
    origin_jti: input.originJti,
    event_id: eventId,
    token_use: 'access',
    scope: input.oauth ? input.oauth.scopes.join(' ') : SIGN_IN_SCOPE,
    auth_time: authTime,
    exp: now + validity.access,
    iat: now,
    jti: randomUUID(),
    username: user.username,
  };
  const idClaims: JWTPayload = {
    sub: user.id,
    ...(groups && { 'cognito:groups': groups.groups }),
    ...(groups?.roles && { 'cognito:roles': groups.roles }),
    ...(groups?.preferredRole && { 'cognito:preferred_role': groups.preferredRole }),
    ...idTokenAttributeClaims(input.idAttributes),
    ...(input.oauth?.nonce !== undefined && { nonce: input.oauth.nonce }),
    iss,
    'cognito:username': user.username,
    origin_jti: input.originJti,
    aud: client.id,
    event_id: eventId,
    token_use: 'id',
    auth_time: authTime,
    exp: now + validity.id,
    iat: now,
    jti: randomUUID(),
  };
  if (input.overrides) {
    applyTokenOverrides({ id: idClaims, access: accessClaims }, input.overrides);
  }
  if (input.oauth) {
    // OIDC's at_hash binds the ID token to its access token; it needs the access token first.
    const AccessToken = await signRs256(accessClaims, kid, key);
    idClaims.at_hash = createHash('sha256')
      .update(AccessToken)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    const IdToken = await signRs256(idClaims, kid, key);
    return { AccessToken, IdToken, ExpiresIn: validity.access, TokenType: 'Bearer' };
  }
  const [AccessToken, IdToken] = await Promise.all([
    signRs256(accessClaims, kid, key),
    signRs256(idClaims, kid, key),
  ]);
  return { AccessToken, IdToken, ExpiresIn: validity.access, TokenType: 'Bearer' };
}

/** Verified access-token claims. */
export interface AccessClaims {
  sub: string;
  client_id: string;
  origin_jti?: string;
  username: string;
  /** Space-separated scopes. */
  scope?: string;
  iat: number;
  exp: number;
  token_use: 'access';
}

/** Pool id from an issuer URL of ours, or undefined. */
function poolIdFromIssuer(publicUrl: string, iss: unknown): string | undefined {
  if (typeof iss !== 'string' || !iss.startsWith(`${publicUrl}/`)) return undefined;
  return iss.slice(publicUrl.length + 1);
}

let jose: Promise<typeof import('jose')> | undefined;
/** jose, loaded with the first token to verify rather than at start (it is a large graph). */
const loadJose = () => {
  jose ??= import('jose');
  return jose;
};

/**
 * Verifies an access token's signature, issuer, expiry and use. Revocation is checked by the
 * caller against the stored grant. Throws NotAuthorizedException "Invalid Access Token".
 */
export async function verifyAccessToken(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  token: string,
): Promise<{ userPoolId: string; claims: AccessClaims }> {
  const { decodeProtectedHeader, jwtVerify } = await loadJose();
  const invalid = () => new NotAuthorizedException('Invalid Access Token');
  let userPoolId: string | undefined;
  let kid: string | undefined;
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    userPoolId = poolIdFromIssuer(ctx.publicUrl, payload.iss);
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw invalid();
  }
  if (!userPoolId || !kid) throw invalid();
  const key = await verificationKey(ctx, userPoolId, kid);
  if (!key) throw invalid();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      issuer: issuerOf(ctx.publicUrl, userPoolId),
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock.now()),
    }));
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_JWT_EXPIRED') {
      throw new NotAuthorizedException('Access Token has expired');
    }
    throw invalid();
  }
  if (payload.token_use !== 'access' || typeof payload.sub !== 'string') throw invalid();
  return { userPoolId, claims: payload as unknown as AccessClaims };
}
