import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
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

const refresh = (client: string, token: string, secret?: string) =>
  t.anon.send(
    new GetTokensFromRefreshTokenCommand({
      ClientId: client,
      RefreshToken: token,
      ClientSecret: secret,
    }),
  );

test('returns new ID and access tokens for the same sign-in', async () => {
  const username = unique('gtfrt');
  const sub = await signUpConfirmed(t, clientId, username);
  const first = await signIn(t, clientId, username);
  const res = await refresh(clientId, first.RefreshToken);
  const r = res.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken);
  assert.equal(r.TokenType, 'Bearer');
  assert.equal(r.ExpiresIn, 3600);
  assert.equal(r.RefreshToken, undefined, 'no rotation configured');
  assert.notEqual(r.AccessToken, first.AccessToken);
  const access = claims(r.AccessToken);
  assert.equal(access.sub, sub);
  assert.equal(access.client_id, clientId);
  assert.equal(access.origin_jti, claims(first.AccessToken).origin_jti);
  assert.equal(access.auth_time, claims(first.AccessToken).auth_time);
  assert.equal(claims(r.IdToken)['cognito:username'], username);
  const user = await t.anon.send(new GetUserCommand({ AccessToken: r.AccessToken }));
  assert.equal(user.Username, username);
});

test('an unknown refresh token is NotAuthorizedException', async () => {
  await rejects(
    refresh(clientId, 'bm90LWEtcmVhbC10b2tlbg'),
    'NotAuthorizedException',
    'Invalid Refresh Token',
  );
});

test("another client's refresh token is NotAuthorizedException", async () => {
  const username = unique('gtfrtother');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  const other = await createClient(t, poolId);
  await rejects(refresh(other.ClientId, tokens.RefreshToken), 'NotAuthorizedException');
});

test('a client with a secret needs the ClientSecret', async () => {
  const client = await createClient(t, poolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const secret = client.ClientSecret as string;
  const username = unique('gtfrtsecret');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, client.ClientId, username, undefined, {
    SECRET_HASH: secretHash(secret, username, client.ClientId),
  });
  await rejects(refresh(client.ClientId, tokens.RefreshToken), 'NotAuthorizedException');
  await rejects(
    refresh(client.ClientId, tokens.RefreshToken, `${secret.slice(0, -1)}x`),
    'NotAuthorizedException',
  );
  const res = await refresh(client.ClientId, tokens.RefreshToken, secret);
  assert.ok(res.AuthenticationResult?.AccessToken);
});
