// AdminDisableUser and AdminEnableUser: a disabled user cannot sign in by any flow nor refresh,
// and the tokens they held are revoked for good.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import {
  createClient,
  createWithTemporaryPassword,
  PASSWORD,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  TEMPORARY_PASSWORD,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
let srpClientId: string;
let adminClientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
  srpClientId = (
    await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
  adminClientId = (
    await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
});
after(() => t.close());

const DISABLED = 'User is disabled.';

const disable = (username: string, pool = poolId) =>
  t.admin.send(new AdminDisableUserCommand({ UserPoolId: pool, Username: username }));
const enable = (username: string, pool = poolId) =>
  t.admin.send(new AdminEnableUserCommand({ UserPoolId: pool, Username: username }));
const enabled = async (username: string) =>
  (await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).Enabled;
const getUser = (token: string) => t.anon.send(new GetUserCommand({ AccessToken: token }));
const refresh = (token: string, client = clientId) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: client,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: token },
    }),
  );
const adminSignIn = (username: string, password = PASSWORD) =>
  t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: adminClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

/** USER_SRP_AUTH through amazon-cognito-identity-js; rejects with its error. */
function srpSignIn(username: string, password = PASSWORD): Promise<void> {
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: srpClientId, endpoint: t.url });
  return new Promise((resolve, reject) => {
    new CognitoUser({ Username: username, Pool: pool }).authenticateUser(
      new AuthenticationDetails({ Username: username, Password: password }),
      { onSuccess: () => resolve(), onFailure: reject },
    );
  });
}

async function srpFails(username: string, message: string) {
  await assert.rejects(srpSignIn(username), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'NotAuthorizedException');
    assert.equal(err.message, message);
    return true;
  });
}

test('a disabled user is refused by every sign-in flow, and signs in again once enabled', async () => {
  const username = unique('dis');
  await signUpConfirmed(t, clientId, username);
  assert.equal(await enabled(username), true);

  const res = await disable(username);
  assert.equal(res.$metadata.httpStatusCode, 200);
  assert.equal(await enabled(username), false);

  await rejects(signIn(t, clientId, username), 'NotAuthorizedException', DISABLED);
  await rejects(adminSignIn(username), 'NotAuthorizedException', DISABLED);
  await srpFails(username, DISABLED);
  // A wrong password is still just a wrong password.
  await rejects(
    signIn(t, clientId, username, 'Wr0ng-Passw0rd'),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );

  await enable(username);
  assert.equal(await enabled(username), true);
  assert.ok((await signIn(t, clientId, username)).AccessToken);
  assert.ok((await adminSignIn(username)).AuthenticationResult?.AccessToken);
  await srpSignIn(username);
});

test('disabling revokes refresh and access tokens; enabling does not bring them back', async () => {
  const username = unique('rev');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  const adminTokens = await adminSignIn(username);
  const adminRefresh = adminTokens.AuthenticationResult?.RefreshToken as string;

  await disable(username);
  await rejects(refresh(tokens.RefreshToken), 'NotAuthorizedException', DISABLED);
  await rejects(refresh(adminRefresh, adminClientId), 'NotAuthorizedException', DISABLED);
  await rejects(
    t.anon.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: clientId,
        RefreshToken: tokens.RefreshToken,
      }),
    ),
    'NotAuthorizedException',
    DISABLED,
  );
  await rejects(getUser(tokens.AccessToken), 'NotAuthorizedException', DISABLED);

  await enable(username);
  await rejects(
    refresh(tokens.RefreshToken),
    'NotAuthorizedException',
    'Refresh Token has been revoked',
  );
  await rejects(
    getUser(tokens.AccessToken),
    'NotAuthorizedException',
    'Access Token has been revoked',
  );
  const fresh = await signIn(t, clientId, username);
  assert.equal((await getUser(fresh.AccessToken)).Username, username);
  assert.ok((await refresh(fresh.RefreshToken)).AuthenticationResult?.AccessToken);
});

test("does not touch other users' sessions", async () => {
  const a = unique('disa');
  const b = unique('disb');
  await signUpConfirmed(t, clientId, a);
  await signUpConfirmed(t, clientId, b);
  const tb = await signIn(t, clientId, b);
  await disable(a);
  assert.equal((await getUser(tb.AccessToken)).Username, b);
  assert.ok((await refresh(tb.RefreshToken)).AuthenticationResult?.AccessToken);
});

test('a user disabled during NEW_PASSWORD_REQUIRED cannot finish the challenge', async () => {
  const username = unique('npr');
  await createWithTemporaryPassword(t, poolId, username);
  const challenge = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: TEMPORARY_PASSWORD },
    }),
  );
  assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  await disable(username);
  await rejects(
    t.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: 'N3w-Passw0rd!' },
      }),
    ),
    'NotAuthorizedException',
    DISABLED,
  );
});

test('enabling an enabled user and disabling a disabled one are no-ops', async () => {
  const username = unique('idem');
  await signUpConfirmed(t, clientId, username);
  await enable(username);
  assert.equal(await enabled(username), true);
  await disable(username);
  await disable(username);
  assert.equal(await enabled(username), false);
});

test('finds the user by alias', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const username = unique('aliasdis');
  await signUpConfirmed(t, alias.clientId, username);
  await disable(`${username.toLowerCase()}@example.com`, alias.poolId);
  await rejects(signIn(t, alias.clientId, username), 'NotAuthorizedException', DISABLED);
  await enable(`${username.toLowerCase()}@example.com`, alias.poolId);
  assert.ok((await signIn(t, alias.clientId, username)).AccessToken);
});

test('an unknown user is UserNotFoundException, an unknown pool ResourceNotFoundException', async () => {
  for (const send of [disable, enable]) {
    await rejects(send(unique('ghost')), 'UserNotFoundException', 'User does not exist.');
    await rejects(
      send('someone', 'us-east-1_NoSuchPoo'),
      'ResourceNotFoundException',
      'User pool us-east-1_NoSuchPoo does not exist.',
    );
    await rejects(
      send('', poolId),
      'InvalidParameterException',
      /Member must have length greater than or equal to 1/,
    );
  }
});
