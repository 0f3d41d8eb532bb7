import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  claims,
  passwordPool,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const jwks = (pool: string) =>
  createRemoteJWKSet(new URL(`${t.url}/${pool}/.well-known/jwks.json`));

test('the JWKS publishes one RS256 signing key per pool', async () => {
  const res = await fetch(`${t.url}/${poolId}/.well-known/jwks.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await res.json()) as { keys: Record<string, string>[] };
  assert.equal(body.keys.length, 1);
  const key = body.keys[0];
  assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  assert.equal(key.alg, 'RS256');
  assert.equal(key.kty, 'RSA');
  assert.equal(key.use, 'sig');
  assert.equal(key.e, 'AQAB');
  assert.equal(Buffer.from(key.n, 'base64url').length, 256);
  const missing = await fetch(`${t.url}/us-east-1_NoSuchPoo/.well-known/jwks.json`);
  assert.equal(missing.status, 404);
});

test('the openid-configuration names the issuer and the JWKS', async () => {
  const res = await fetch(`${t.url}/${poolId}/.well-known/openid-configuration`);
  assert.equal(res.status, 200);
  const doc = (await res.json()) as Record<string, unknown>;
  assert.equal(doc.issuer, `${t.url}/${poolId}`);
  assert.equal(doc.jwks_uri, `${t.url}/${poolId}/.well-known/jwks.json`);
  assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
  assert.deepEqual(doc.subject_types_supported, ['public']);
});

test('ID and access tokens verify against the JWKS with all Cognito claims', async () => {
  const username = unique('tok');
  const email = `${username}@example.com`;
  const sub = await signUpConfirmed(t, clientId, username, {
    attributes: [
      { Name: 'email', Value: email },
      { Name: 'name', Value: 'Toki' },
    ],
  });
  const startedAt = Math.floor(Date.now() / 1000);
  const tokens = await signIn(t, clientId, username);
  const issuer = `${t.url}/${poolId}`;

  const id = await jwtVerify(tokens.IdToken, jwks(poolId), { issuer, audience: clientId });
  assert.deepEqual(id.protectedHeader, {
    alg: 'RS256',
    kid: decodeProtectedHeader(tokens.IdToken).kid,
  });
  assert.deepEqual(Object.keys(id.payload).sort(), [
    'aud',
    'auth_time',
    'cognito:username',
    'email',
    'email_verified',
    'event_id',
    'exp',
    'iat',
    'iss',
    'jti',
    'name',
    'origin_jti',
    'sub',
    'token_use',
  ]);
  const p = id.payload;
  assert.equal(p.sub, sub);
  assert.equal(p.iss, issuer);
  assert.equal(p.aud, clientId);
  assert.equal(p.token_use, 'id');
  assert.equal(p['cognito:username'], username);
  assert.equal(p.email, email);
  assert.equal(p.email_verified, true);
  assert.equal(p.name, 'Toki');
  assert.ok((p.iat as number) >= startedAt - 1 && (p.iat as number) <= startedAt + 5);
  assert.equal(p.exp, (p.iat as number) + 3600);
  assert.equal(p.auth_time, p.iat);
  assert.match(p.jti as string, UUID);
  assert.match(p.event_id as string, UUID);
  assert.match(p.origin_jti as string, UUID);

  const access = await jwtVerify(tokens.AccessToken, jwks(poolId), { issuer });
  assert.deepEqual(Object.keys(access.payload).sort(), [
    'auth_time',
    'client_id',
    'event_id',
    'exp',
    'iat',
    'iss',
    'jti',
    'origin_jti',
    'scope',
    'sub',
    'token_use',
    'username',
  ]);
  const a = access.payload;
  assert.equal(a.sub, sub);
  assert.equal(a.iss, issuer);
  assert.equal(a.client_id, clientId);
  assert.equal(a.token_use, 'access');
  assert.equal(a.scope, 'aws.cognito.signin.user.admin');
  assert.equal(a.username, username);
  assert.equal(a.exp, (a.iat as number) + 3600);
  assert.equal(a.auth_time, p.auth_time);
  assert.equal(a.origin_jti, p.origin_jti);
  assert.equal(a.event_id, p.event_id);
  assert.notEqual(a.jti, p.jti);
  assert.equal(access.protectedHeader.kid, id.protectedHeader.kid);
});

test('tokens of one pool do not verify against another pool', async () => {
  const other = await passwordPool(t);
  const username = unique('tokother');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  await assert.rejects(
    jwtVerify(tokens.IdToken, jwks(other.poolId), { issuer: `${t.url}/${poolId}` }),
    { code: 'ERR_JWKS_NO_MATCHING_KEY' },
  );
  await assert.rejects(
    jwtVerify(tokens.IdToken, jwks(poolId), { issuer: `${t.url}/${other.poolId}` }),
    { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' },
  );
});

test('an email-as-username pool: cognito:username and username are the sub', async () => {
  const p = await passwordPool(t, { UsernameAttributes: ['email'] });
  const email = `${unique('tokmail')}@example.com`;
  const sub = await signUpConfirmed(t, p.clientId, email, { email });
  const tokens = await signIn(t, p.clientId, email);
  const id = await jwtVerify(tokens.IdToken, jwks(p.poolId), {
    issuer: `${t.url}/${p.poolId}`,
    audience: p.clientId,
  });
  assert.equal(id.payload['cognito:username'], sub);
  assert.equal(id.payload.email, email);
  assert.equal(claims(tokens.AccessToken).username, sub);
});

test('refreshed tokens keep sub, auth_time and origin_jti and verify the same way', async () => {
  const username = unique('tokrefresh');
  await signUpConfirmed(t, clientId, username);
  const first = await signIn(t, clientId, username);
  const res = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: first.RefreshToken },
    }),
  );
  const r = res.AuthenticationResult;
  const issuer = `${t.url}/${poolId}`;
  const id = await jwtVerify(r?.IdToken as string, jwks(poolId), { issuer, audience: clientId });
  const access = await jwtVerify(r?.AccessToken as string, jwks(poolId), { issuer });
  assert.equal(id.payload.sub, claims(first.IdToken).sub);
  assert.equal(id.payload.auth_time, claims(first.IdToken).auth_time);
  assert.equal(access.payload.origin_jti, claims(first.AccessToken).origin_jti);
  assert.notEqual(access.payload.jti, claims(first.AccessToken).jti);
});
