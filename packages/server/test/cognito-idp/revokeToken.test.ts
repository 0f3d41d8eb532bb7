import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  claims,
  createClient,
  passwordPool,
  rejects,
  secretHash,
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

const getUser = (token: string) => t.anon.send(new GetUserCommand({ AccessToken: token }));
const refresh = (token: string, client = clientId, extra: Record<string, string> = {}) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: client,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: token, ...extra },
    }),
  );
const revoke = (token: string, client = clientId, secret?: string) =>
  t.anon.send(new RevokeTokenCommand({ Token: token, ClientId: client, ClientSecret: secret }));

test('revokes the refresh token and the access tokens from it; other sessions keep working', async () => {
  const username = unique('revoke');
  await signUpConfirmed(t, clientId, username);
  const revoked = await signIn(t, clientId, username);
  const kept = await signIn(t, clientId, username);
  const fromRefresh = (await refresh(revoked.RefreshToken)).AuthenticationResult
    ?.AccessToken as string;
  assert.equal(claims(fromRefresh).origin_jti, claims(revoked.AccessToken).origin_jti);

  const res = await revoke(revoked.RefreshToken);
  assert.equal(res.$metadata.httpStatusCode, 200);

  await rejects(
    refresh(revoked.RefreshToken),
    'NotAuthorizedException',
    'Refresh Token has been revoked',
  );
  for (const token of [revoked.AccessToken, fromRefresh]) {
    await rejects(getUser(token), 'NotAuthorizedException', 'Access Token has been revoked');
  }
  assert.equal((await getUser(kept.AccessToken)).Username, username);
  assert.ok((await refresh(kept.RefreshToken)).AuthenticationResult?.AccessToken);
  // Revoking again, or an unknown token, succeeds quietly.
  await revoke(revoked.RefreshToken);
  await revoke('bm90LWEtcmVmcmVzaC10b2tlbg');
});

test('a client with a secret revokes with its ClientSecret', async () => {
  const client = await createClient(t, poolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const secret = client.ClientSecret as string;
  const username = unique('revokesecret');
  await signUpConfirmed(t, clientId, username);
  const hash = secretHash(secret, username, client.ClientId);
  const tokens = await signIn(t, client.ClientId, username, undefined, { SECRET_HASH: hash });
  await revoke(tokens.RefreshToken, client.ClientId, secret);
  await rejects(
    refresh(tokens.RefreshToken, client.ClientId, { SECRET_HASH: hash }),
    'NotAuthorizedException',
    'Refresh Token has been revoked',
  );
});

test('EnableTokenRevocation false: UnsupportedOperationException and the token stays valid', async () => {
  const client = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    EnableTokenRevocation: false,
  });
  const username = unique('norevoke');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, client.ClientId, username);
  await rejects(revoke(tokens.RefreshToken, client.ClientId), 'UnsupportedOperationException');
  assert.ok(
    (await refresh(tokens.RefreshToken, client.ClientId)).AuthenticationResult?.AccessToken,
  );
  assert.equal((await getUser(tokens.AccessToken)).Username, username);
});

test('an access or ID token is not a revocable token: UnsupportedTokenTypeException', async () => {
  const username = unique('revoketype');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  for (const token of [tokens.AccessToken, tokens.IdToken]) {
    await rejects(revoke(token), 'UnsupportedTokenTypeException');
  }
  // Nothing was revoked.
  assert.equal((await getUser(tokens.AccessToken)).Username, username);
  assert.ok((await refresh(tokens.RefreshToken)).AuthenticationResult?.AccessToken);
});
