// OAuth 2.0 test fixtures: a pool with a domain (served at `<url>/domains/<domain>`) and an app
// client set up for the OAuth endpoints, PKCE pairs, and a signed-in hosted session made through
// the services (no browser), so a test can go from /oauth2/authorize straight to the callback.
//
//   const t = await startTestServer();
//   const app = await createOAuthPool(t);                 // pool + domain + public code client
//   await createConfirmed(t, app.poolId, 'ann@example.com', { attributes: verifiedEmail(…) });
//   const cookie = await hostedSessionCookie(t, app.poolId, 'ann@example.com');
//   const { code } = await authorizationCode(app, cookie, { code_challenge, … });
//   const { status, body } = await tokenRequest(app.base, { grant_type: 'authorization_code', … });
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  type CreateUserPoolClientRequest,
  CreateUserPoolDomainCommand,
  type CreateUserPoolRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { cookieName } from '../../src/protocols/oauth2/cookies.ts';
import { startHostedSession } from '../../src/services/oauth/hosted-session.ts';
import { loadPool } from '../../src/services/user-pools/lookup.ts';
import { resolveUser } from '../../src/services/users/lookup.ts';
import type { TestServer } from './server.ts';
import { createClient, createPool, unique } from './users.ts';

/** The callback URL fixture clients register (http is allowed for localhost). */
export const OAUTH_CALLBACK = 'http://localhost:3000/callback';
/** A second registered callback, an app's own scheme. */
export const OAUTH_APP_CALLBACK = 'myapp://callback';
/** The sign-out URL fixture clients register. */
export const OAUTH_LOGOUT = 'http://localhost:3000/signed-out';
/** The scopes fixture clients may ask for. */
export const OAUTH_SCOPES = [
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
];

/** App-client settings for the OAuth endpoints: code and implicit flows, Cognito sign-in. */
export const OAUTH_CLIENT: Partial<CreateUserPoolClientRequest> = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ['code', 'implicit'],
  AllowedOAuthScopes: OAUTH_SCOPES,
  CallbackURLs: [OAUTH_CALLBACK, OAUTH_APP_CALLBACK],
  LogoutURLs: [OAUTH_LOGOUT],
  SupportedIdentityProviders: ['COGNITO'],
  ExplicitAuthFlows: [
    'ALLOW_USER_PASSWORD_AUTH',
    'ALLOW_USER_SRP_AUTH',
    'ALLOW_REFRESH_TOKEN_AUTH',
  ],
};

/** A pool with a domain and an OAuth app client. */
export interface OAuthApp {
  poolId: string;
  /** The domain prefix. */
  domain: string;
  /** The domain's base: `<url>/domains/<domain>`; endpoints are `<base>/oauth2/…`. */
  base: string;
  /** The pool's issuer (`<url>/<poolId>`), where the discovery document lives. */
  issuer: string;
  clientId: string;
  /** Set when the client was created with a secret. */
  clientSecret?: string;
}

/** Gives a pool a prefix domain (unique unless named) and returns its base URL. */
export async function createPoolDomain(t: TestServer, poolId: string, domain = unique('d')) {
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  return { domain, base: `${t.url}/domains/${domain}` };
}

/** Creates an app client with OAUTH_CLIENT's settings, overridden by `input`. */
export async function createOAuthClient(
  t: TestServer,
  poolId: string,
  input: Partial<CreateUserPoolClientRequest> = {},
): Promise<{ clientId: string; clientSecret?: string }> {
  const client = await createClient(t, poolId, { ...OAUTH_CLIENT, ...input });
  return { clientId: client.ClientId, clientSecret: client.ClientSecret };
}

/**
 * A pool (email as username unless `pool` says otherwise) with a prefix domain and an OAuth
 * app client (OAUTH_CLIENT, overridden by `client`).
 */
export async function createOAuthPool(
  t: TestServer,
  opts: {
    pool?: Partial<CreateUserPoolRequest>;
    client?: Partial<CreateUserPoolClientRequest>;
    domain?: string;
  } = {},
): Promise<OAuthApp> {
  const pool = await createPool(t, {
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    ...opts.pool,
  });
  const { domain, base } = await createPoolDomain(t, pool.Id, opts.domain);
  const client = await createOAuthClient(t, pool.Id, opts.client);
  return { poolId: pool.Id, domain, base, issuer: `${t.url}/${pool.Id}`, ...client };
}

/** A PKCE pair (RFC 7636): a random verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * A `Cookie` header value holding a hosted-UI session for the user (signed in now), made
 * through the services as a hosted sign-in would.
 */
export async function hostedSessionCookie(
  t: TestServer,
  poolId: string,
  username: string,
): Promise<string> {
  const ctx = t.server.ctx;
  const pool = await loadPool(ctx, poolId);
  const user = await resolveUser(ctx, pool, username);
  assert.ok(user, `no user ${username}`);
  const { value } = await startHostedSession(ctx, {
    userPoolId: poolId,
    userId: user.id,
    authTime: ctx.clock.now(),
  });
  return `${cookieName(poolId, 'session')}=${encodeURIComponent(value)}`;
}

/**
 * GET `<base>/oauth2/authorize` with the app's client, OAUTH_CALLBACK, response_type=code and
 * `params` on top, without following redirects. Returns the response and its Location.
 */
export async function authorize(
  app: Pick<OAuthApp, 'base' | 'clientId'>,
  opts: { params?: Record<string, string>; cookie?: string } = {},
): Promise<{ res: Response; location: string | null }> {
  const query = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: OAUTH_CALLBACK,
    response_type: 'code',
    ...opts.params,
  });
  const res = await fetch(`${app.base}/oauth2/authorize?${query}`, {
    redirect: 'manual',
    headers: opts.cookie ? { cookie: opts.cookie } : {},
  });
  return { res, location: res.headers.get('location') };
}

/**
 * A code for the user through a hosted session: /oauth2/authorize with the session cookie goes
 * straight to the callback. Returns the code and the callback's parameters.
 */
export async function authorizationCode(
  app: Pick<OAuthApp, 'base' | 'clientId'>,
  cookie: string,
  params: Record<string, string> = {},
): Promise<{ code: string; callback: URL }> {
  const { res, location } = await authorize(app, { cookie, params });
  assert.equal(res.status, 302, `authorize answered ${res.status}: ${await res.text()}`);
  assert.ok(location?.startsWith(OAUTH_CALLBACK), `redirected to ${location}`);
  const callback = new URL(location as string);
  const code = callback.searchParams.get('code');
  assert.ok(code, `no code in ${location}`);
  return { code, callback };
}

/** POST `<base>/oauth2/token` with form parameters (and Basic credentials when given). */
export async function tokenRequest(
  base: string,
  params: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (basic) {
    const pair = `${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  const res = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    headers: res.headers,
  };
}
