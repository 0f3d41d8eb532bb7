// Shared helpers for the real-client tests: a spy on the Cognito calls a client library makes
// through the global fetch, and token verification against the pool's published JWKS.
import assert from 'node:assert/strict';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import type { TestServer } from '../harness.ts';

/** One Cognito Identity Provider call a client library made, and how the server answered. */
export interface CognitoCall {
  /** Operation name, from `X-Amz-Target`. */
  op: string;
  input: Record<string, unknown>;
  /** The server's JSON answer. */
  output: Record<string, unknown>;
  status: number;
  /** `__type` of an error answer. */
  error?: string;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/**
 * Wraps the global fetch (which amazon-cognito-identity-js and Amplify use) to record every
 * Cognito call sent to `url`. `restore()` puts the original fetch back.
 */
export function spyOnCognito(url: string) {
  const original = globalThis.fetch;
  const calls: CognitoCall[] = [];
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const target = request.headers.get('x-amz-target') ?? '';
    const response = await original(input, init);
    if (request.url.startsWith(url) && target.startsWith(TARGET_PREFIX)) {
      const body = typeof init?.body === 'string' ? init.body : await request.clone().text();
      const answer = await response.clone().text();
      calls.push({
        op: target.slice(TARGET_PREFIX.length),
        input: body ? JSON.parse(body) : {},
        output: answer ? JSON.parse(answer) : {},
        status: response.status,
        error: response.headers.get('x-amzn-errortype')?.split(':')[0],
      });
    }
    return response;
  };
  return {
    calls,
    /** Operation names since the last `clear()`. */
    ops: () => calls.map((c) => c.op),
    /** The last call of operation `op`. */
    last: (op: string) => calls.filter((c) => c.op === op).at(-1),
    /** The RefreshToken of the last answer that carried one. */
    lastRefreshToken: () => {
      const results = calls.map(
        (c) =>
          (c.output.AuthenticationResult as { RefreshToken?: string } | undefined)?.RefreshToken,
      );
      return results.filter((r) => r !== undefined).at(-1);
    },
    clear: () => {
      calls.length = 0;
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a test expects to find in a pair of tokens. */
export interface ExpectedClaims {
  poolId: string;
  clientId: string;
  /** The user's sub. */
  sub: string;
  /** The stored username (`cognito:username`, access `username`). */
  username: string;
  email: string;
}

/**
 * Verifies an ID and an access token from one sign-in or refresh with jose against the pool's
 * JWKS, and checks Cognito's claims. Returns both payloads.
 */
export async function verifyTokenPair(
  baseUrl: string,
  tokens: { idToken: string; accessToken: string },
  expected: ExpectedClaims,
): Promise<{ id: JWTPayload; access: JWTPayload }> {
  const issuer = `${baseUrl}/${expected.poolId}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  const options = { issuer, algorithms: ['RS256'] };
  const { payload: id, protectedHeader: idHeader } = await jwtVerify(tokens.idToken, jwks, options);
  const { payload: access } = await jwtVerify(tokens.accessToken, jwks, options);
  assert.equal(idHeader.alg, 'RS256');
  assert.equal(decodeProtectedHeader(tokens.accessToken).kid, idHeader.kid);

  assert.equal(access.token_use, 'access');
  assert.equal(access.client_id, expected.clientId);
  assert.equal(access.sub, expected.sub);
  assert.equal(access.username, expected.username);
  assert.equal(access.scope, 'aws.cognito.signin.user.admin');
  assert.equal(access.aud, undefined, 'Cognito access tokens carry client_id, not aud');
  assert.equal(access.iss, issuer);

  assert.equal(id.token_use, 'id');
  assert.equal(id.aud, expected.clientId);
  assert.equal(id['cognito:username'], expected.username);
  assert.equal(id.sub, expected.sub);
  assert.equal(id.email, expected.email);
  assert.equal(id.email_verified, true);
  assert.equal(id.iss, issuer);

  for (const claims of [id, access]) {
    assert.match(String(claims.jti), UUID);
    assert.match(String(claims.origin_jti), UUID);
    assert.match(String(claims.event_id), UUID);
    assert.equal(typeof claims.auth_time, 'number');
    assert.ok((claims.auth_time as number) <= (claims.iat as number));
    assert.equal((claims.exp as number) - (claims.iat as number), 3600);
  }
  assert.notEqual(id.jti, access.jti);
  assert.equal(id.origin_jti, access.origin_jti);
  assert.equal(id.event_id, access.event_id);
  assert.equal(id.auth_time, access.auth_time);
  return { id, access };
}

/** The payload of a JWT, unverified (for comparing tokens the test already verified). */
export function claimsOf(token: string): JWTPayload {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * AdminCreateUser with a temporary password and a verified email, invitation suppressed: a user
 * who must answer NEW_PASSWORD_REQUIRED on first sign-in.
 */
export function createWithTemporaryPassword(
  t: TestServer,
  poolId: string,
  email: string,
  temporary: string,
) {
  return t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: email,
      TemporaryPassword: temporary,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
}
