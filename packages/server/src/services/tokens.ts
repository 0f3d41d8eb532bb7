import {
  createHash,
  createPrivateKey,
  type JsonWebKeyInput,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import {
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { insertSigningKey, listSigningKeys } from '../store/repositories/keys.ts';
import type { Context } from './context.ts';
import { signRs256 } from './jws.ts';
import { NotAuthorizedException } from './errors.ts';
import type { User, UserPool, UserPoolClient } from './model.ts';
import { tokenValiditySeconds } from './user-pool-client-settings.ts';

/** Issuer of a pool's tokens. */
export function issuerOf(publicUrl: string, userPoolId: string): string {
  return `${publicUrl}/${userPoolId}`;
}

// Imported keys are immutable per kid, so caching them is safe across instances.
type ImportedKey = Awaited<ReturnType<typeof importJWK>>;
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, ImportedKey>();

/** Creates the pool's first (or a new) RS256 signing key. */
export async function addSigningKey(
  ctx: Pick<Context, 'db' | 'clock'>,
  userPoolId: string,
): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    modulusLength: 2048,
    extractable: true,
  });
  const kid = createHash('sha256')
    .update(JSON.stringify(await exportJWK(publicKey)))
    .digest('base64url')
    .slice(0, 43);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  await insertSigningKey(ctx.db, {
    kid,
    userPoolId,
    privateJwk,
    publicJwk,
    createdAt: ctx.clock.now(),
  });
  return kid;
}

/** The pool's JWKS document (every key still published). */
export async function jwksOf(ctx: Pick<Context, 'db'>, userPoolId: string) {
  const keys = await listSigningKeys(ctx.db, userPoolId);
  return { keys: keys.filter((k) => k.retiredAt === undefined).map((k) => k.publicJwk) };
}

async function currentSigningKey(ctx: Pick<Context, 'db' | 'clock'>, userPoolId: string) {
  let keys = await listSigningKeys(ctx.db, userPoolId);
  if (keys.length === 0) {
    await addSigningKey(ctx, userPoolId);
    keys = await listSigningKeys(ctx.db, userPoolId);
  }
  const key = keys[0];
  let imported = privateKeys.get(key.kid);
  if (!imported) {
    imported = createPrivateKey({ key: key.privateJwk as JsonWebKeyInput['key'], format: 'jwk' });
    privateKeys.set(key.kid, imported);
  }
  return { kid: key.kid, key: imported };
}

/** Cognito's AuthenticationResultType. */
export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
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
  },
): Promise<Omit<AuthenticationResult, 'RefreshToken'>> {
  const { pool, client, user } = input;
  const { kid, key } = await currentSigningKey(ctx, pool.id);
  const validity = tokenValiditySeconds(client.settings);
  const now = Math.floor(ctx.clock.now() / 1000);
  const iss = issuerOf(ctx.publicUrl, pool.id);
  const eventId = randomUUID();
  const authTime = Math.floor(input.authTime / 1000);
  const accessClaims: JWTPayload = {
    sub: user.id,
    iss,
    client_id: client.id,
    origin_jti: input.originJti,
    event_id: eventId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: authTime,
    exp: now + validity.access,
    iat: now,
    jti: randomUUID(),
    username: user.username,
  };
  const idClaims: JWTPayload = {
    sub: user.id,
    ...idTokenAttributeClaims(input.idAttributes),
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
  const AccessToken = signRs256(accessClaims, kid, key);
  const IdToken = signRs256(idClaims, kid, key);
  return { AccessToken, IdToken, ExpiresIn: validity.access, TokenType: 'Bearer' };
}

/** Verified access-token claims. */
export interface AccessClaims {
  sub: string;
  client_id: string;
  origin_jti?: string;
  username: string;
  iat: number;
  exp: number;
  token_use: 'access';
}

/** Pool id from an issuer URL of ours, or undefined. */
function poolIdFromIssuer(publicUrl: string, iss: unknown): string | undefined {
  if (typeof iss !== 'string' || !iss.startsWith(`${publicUrl}/`)) return undefined;
  return iss.slice(publicUrl.length + 1);
}

/**
 * Verifies an access token's signature, issuer, expiry and use. Revocation is checked by the
 * caller against the stored grant. Throws NotAuthorizedException "Invalid Access Token".
 */
export async function verifyAccessToken(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  token: string,
): Promise<{ userPoolId: string; claims: AccessClaims }> {
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
  let key = publicKeys.get(kid);
  if (!key) {
    const found = (await listSigningKeys(ctx.db, userPoolId)).find((k) => k.kid === kid);
    if (!found) throw invalid();
    key = await importJWK(found.publicJwk as JWK, 'RS256');
    publicKeys.set(kid, key);
  }
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
