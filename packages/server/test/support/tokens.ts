// Tokens: their claims unverified, and a pair verified against the pool's published JWKS.
import assert from 'node:assert/strict';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  jwtVerify,
} from 'jose';

/** A token's claims, unverified. */
export function claims(token: string): JWTPayload & Record<string, unknown> {
  return decodeJwt(token) as JWTPayload & Record<string, unknown>;
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
