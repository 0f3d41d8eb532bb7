import { timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, importPKCS8, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Context } from '../context.ts';
import { UPSTREAM_TIMEOUT_MS } from './discovery.ts';
import type { Claims } from './federated-user.ts';
import type { IdentityProvider } from './providers.ts';
import type { SignInEndpoints } from './sign-in-endpoints.ts';

// The relying-party side of a sign-in at a provider: the code exchange, the ID token's checks
// and the attributes request. jose verifies signatures; fetch speaks to the provider.

/** A provider answer that ends the sign-in; `message` is safe to show the app. */
export class UpstreamError extends Error {}

/** Key sets by URL, fetched on first use and again when a token names an unknown key. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(uri: string) {
  let set = keySets.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri), { timeoutDuration: UPSTREAM_TIMEOUT_MS });
    keySets.set(uri, set);
  }
  return set;
}

/** Sign in with Apple's client secret: an ES256 JWT signed with the team's key (5 minutes). */
async function appleClientSecret(
  ctx: Pick<Context, 'clock'>,
  provider: IdentityProvider,
  audience: string,
): Promise<string> {
  const pem = provider.details.private_key.includes('BEGIN')
    ? provider.details.private_key
    : `-----BEGIN PRIVATE KEY-----\n${provider.details.private_key}\n-----END PRIVATE KEY-----`;
  const key = await importPKCS8(pem, 'ES256');
  const now = Math.floor(ctx.clock.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: provider.details.key_id })
    .setIssuer(provider.details.team_id)
    .setSubject(provider.details.client_id)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

/** The provider's token response: what the sign-in uses of it. */
export interface UpstreamTokens {
  accessToken?: string;
  idToken?: string;
}

/** Exchanges the provider's code at its token endpoint (client secret in the body). */
export async function exchangeCode(
  ctx: Pick<Context, 'clock'>,
  provider: IdentityProvider,
  endpoints: SignInEndpoints,
  input: { code: string; redirectUri: string; verifier?: string },
): Promise<UpstreamTokens> {
  const params = new URLSearchParams({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    client_id: provider.details.client_id,
  });
  const secret =
    provider.providerType === 'SignInWithApple'
      ? await appleClientSecret(ctx, provider, endpoints.issuer ?? 'https://appleid.apple.com')
      : provider.details.client_secret;
  if (secret) params.set('client_secret', secret);
  if (input.verifier) params.set('code_verifier', input.verifier);
  const get = endpoints.tokenMethod === 'GET';
  const url = new URL(endpoints.tokenUrl);
  if (get) for (const [k, v] of params) url.searchParams.set(k, v);
  let body: Record<string, unknown>;
  try {
    const res = await fetch(url, {
      method: get ? 'GET' : 'POST',
      headers: {
        accept: 'application/json',
        ...(!get && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: get ? undefined : params.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) {
      throw new UpstreamError(`The identity provider refused the code (${String(body.error)}).`);
    }
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    throw new UpstreamError('The identity provider could not be reached.');
  }
  return {
    accessToken: typeof body.access_token === 'string' ? body.access_token : undefined,
    idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies the provider's ID token: signature against the provider's JWKS, issuer, audience
 * (the provider's client_id), expiry and the nonce this sign-in sent.
 */
export async function verifyIdToken(
  ctx: Pick<Context, 'clock'>,
  provider: IdentityProvider,
  endpoints: SignInEndpoints,
  idToken: string,
  nonce: string,
): Promise<JWTPayload> {
  if (!endpoints.jwksUri || !endpoints.issuer) {
    throw new UpstreamError('The identity provider has no keys to verify its ID token with.');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(endpoints.jwksUri), {
      issuer: endpoints.issuer,
      audience: provider.details.client_id,
      currentDate: new Date(ctx.clock.now()),
      clockTolerance: 60,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch {
    throw new UpstreamError('The ID token of the identity provider is not valid.');
  }
  if (typeof payload.nonce !== 'string' || !sameText(payload.nonce, nonce)) {
    throw new UpstreamError('The ID token of the identity provider is not valid.');
  }
  return payload;
}

/** Reads the user's attributes at the provider's attributes URL with the access token. */
export async function fetchAttributes(
  provider: IdentityProvider,
  endpoints: SignInEndpoints,
  accessToken: string,
): Promise<Claims> {
  if (!endpoints.attributesUrl) return {};
  const url = new URL(endpoints.attributesUrl);
  const init: RequestInit = {
    method: endpoints.attributesMethod,
    headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
    redirect: 'error',
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  };
  if (provider.providerType === 'Facebook') {
    // Graph API: the fields asked for are the mapped ones, and the id.
    const fields = new Set(['id', ...Object.values(provider.attributeMapping)]);
    url.searchParams.set('fields', [...fields].join(','));
  }
  try {
    const res = await fetch(url, init);
    if (!res.ok) throw new Error(String(res.status));
    const body = (await res.json()) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body as Claims;
  } catch {
    throw new UpstreamError(
      'The attributes of the user could not be read at the identity provider.',
    );
  }
}
