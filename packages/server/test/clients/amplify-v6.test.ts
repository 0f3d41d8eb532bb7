// aws-amplify v6 (`aws-amplify/auth`) against a real server, with codes read from a real SMTP
// server. v6 runs in Node 20 as is: fetch and Web Crypto are built in, storage is in memory.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  signIn,
  signOut,
  signUp,
  updateUserAttributes,
} from 'aws-amplify/auth';
import {
  claims,
  createWithTemporaryPassword,
  PASSWORD,
  rejects,
  spyOnCognito,
  startTestServer,
  type TestServer,
  unique,
  verifiedEmail,
  verifyTokenPair,
} from '../support/index.ts';

/** The current tokens as strings, from fetchAuthSession. */
async function currentTokens(opts?: { forceRefresh?: boolean }) {
  const session = await fetchAuthSession(opts);
  assert.ok(session.tokens?.idToken, 'the session has an ID token');
  return {
    idToken: session.tokens.idToken.toString(),
    accessToken: session.tokens.accessToken.toString(),
    userSub: session.userSub,
  };
}

describe('aws-amplify v6 auth', () => {
  let t: TestServer;
  let spy: ReturnType<typeof spyOnCognito>;
  let poolId: string;
  /** The default client: PreventUserExistenceErrors ENABLED. */
  let clientId: string;
  let legacyClientId: string;

  function configure(client = clientId) {
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: poolId,
          userPoolClientId: client,
          userPoolEndpoint: t.url,
          loginWith: { email: true },
        },
      },
    });
  }

  before(async () => {
    t = await startTestServer({ smtp: true });
    const defaults = t.server.defaults;
    assert.ok(defaults);
    poolId = defaults.pool.id;
    clientId = defaults.client.id;
    const legacy = await t.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'legacy',
        ExplicitAuthFlows: [
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
        PreventUserExistenceErrors: 'LEGACY',
      }),
    );
    legacyClientId = legacy.UserPoolClient?.ClientId as string;
    spy = spyOnCognito(t.url);
  });

  beforeEach(async () => {
    configure();
    // v6 refuses signIn while a user is signed in; start every test signed out.
    await signOut();
    spy.clear();
  });

  after(async () => {
    spy?.restore();
    await t?.close();
  });

  /** signUp with attributes, then confirmSignUp with the code from the SMTP server. */
  async function registerUser(email: string) {
    const since = t.smtp?.mails.length ?? 0;
    const result = await signUp({
      username: email,
      password: PASSWORD,
      options: { userAttributes: { email, name: 'Ada Lovelace' } },
    });
    const mail = await t.smtp?.next(email, since);
    assert.ok(mail?.code, 'a confirmation code was mailed');
    return { result, code: mail.code };
  }

  test('sign-up to global sign-out with SRP sign-in and a forced refresh', async () => {
    const email = `${unique('v6')}@example.com`;
    const { result, code } = await registerUser(email);
    assert.equal(spy.last('SignUp')?.status, 200);
    assert.deepEqual(result, {
      isSignUpComplete: false,
      userId: result.userId,
      nextStep: {
        signUpStep: 'CONFIRM_SIGN_UP',
        codeDeliveryDetails: {
          attributeName: 'email',
          deliveryMedium: 'EMAIL',
          destination: `${email[0]}***@e***`,
        },
      },
    });
    const sub = result.userId as string;
    assert.match(sub, /^[0-9a-f-]{36}$/);

    assert.deepEqual(await confirmSignUp({ username: email, confirmationCode: code }), {
      isSignUpComplete: true,
      nextStep: { signUpStep: 'DONE' },
    });

    spy.clear();
    assert.deepEqual(await signIn({ username: email, password: PASSWORD }), {
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    assert.deepEqual(spy.ops(), ['InitiateAuth', 'RespondToAuthChallenge']);
    assert.equal(spy.calls[0].input.AuthFlow, 'USER_SRP_AUTH');
    assert.equal(spy.calls[1].input.ChallengeName, 'PASSWORD_VERIFIER');
    // v6 does not expose the refresh token; take it from the sign-in answer.
    const firstRefresh = spy.lastRefreshToken();
    assert.ok(firstRefresh, 'the sign-in answer has a refresh token');

    assert.deepEqual(await getCurrentUser(), {
      username: sub,
      userId: sub,
      signInDetails: { loginId: email, authFlowType: 'USER_SRP_AUTH' },
    });

    // fetchAuthSession: the stored tokens, no call to the server.
    spy.clear();
    const first = await currentTokens();
    assert.deepEqual(spy.ops(), []);
    assert.equal(first.userSub, sub);
    const firstClaims = await verifyTokenPair(t.url, first, {
      poolId,
      clientId,
      sub,
      username: sub,
      email,
    });
    assert.equal(firstClaims.id.name, 'Ada Lovelace');

    // forceRefresh: v6 calls GetTokensFromRefreshToken and stores new tokens of the same grant.
    spy.clear();
    const second = await currentTokens({ forceRefresh: true });
    assert.deepEqual(spy.ops(), ['GetTokensFromRefreshToken']);
    const refreshCall = spy.calls[0];
    assert.equal(refreshCall.status, 200);
    assert.equal(refreshCall.input.ClientId, clientId);
    assert.equal(refreshCall.input.RefreshToken, firstRefresh);
    assert.notEqual(second.accessToken, first.accessToken);
    assert.notEqual(second.idToken, first.idToken);
    const secondClaims = await verifyTokenPair(t.url, second, {
      poolId,
      clientId,
      sub,
      username: sub,
      email,
    });
    assert.notEqual(secondClaims.access.jti, firstClaims.access.jti);
    assert.equal(secondClaims.access.origin_jti, firstClaims.access.origin_jti);
    assert.equal(secondClaims.access.auth_time, firstClaims.access.auth_time);
    // Without refresh token rotation the answer carries no new refresh token.
    const refreshResult = refreshCall.output.AuthenticationResult as Record<string, unknown>;
    assert.equal(refreshResult.TokenType, 'Bearer');
    assert.equal(refreshResult.RefreshToken, undefined);
    // The new tokens are what v6 now hands out.
    assert.equal((await currentTokens()).accessToken, second.accessToken);

    // fetchUserAttributes (GetUser with the current access token).
    spy.clear();
    assert.deepEqual(await fetchUserAttributes(), {
      sub,
      email,
      email_verified: 'true',
      name: 'Ada Lovelace',
    });
    assert.deepEqual(spy.ops(), ['GetUser']);
    assert.equal(spy.calls[0].input.AccessToken, second.accessToken);

    // updateUserAttributes: a plain attribute is updated at once.
    assert.deepEqual(await updateUserAttributes({ userAttributes: { name: 'Ada King' } }), {
      name: { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } },
    });
    assert.equal((await fetchUserAttributes()).name, 'Ada King');
    spy.clear();
    const third = await currentTokens({ forceRefresh: true });
    assert.equal(claims(third.idToken).name, 'Ada King');
    // The server returned no new refresh token, so v6 kept the one it had.
    assert.equal(spy.last('GetTokensFromRefreshToken')?.input.RefreshToken, firstRefresh);

    // signOut({ global: true }): GlobalSignOut, then every token of the user is refused.
    spy.clear();
    await signOut({ global: true });
    assert.deepEqual(spy.ops(), ['GlobalSignOut']);
    assert.equal(spy.calls[0].status, 200);
    assert.equal(spy.calls[0].input.AccessToken, third.accessToken);
    await rejects(getCurrentUser(), 'UserUnAuthenticatedException');
    for (const accessToken of [first.accessToken, third.accessToken]) {
      await rejects(
        t.anon.send(new GetUserCommand({ AccessToken: accessToken })),
        'NotAuthorizedException',
        'Access Token has been revoked',
      );
    }
    await rejects(
      t.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: firstRefresh }),
      ),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
  });

  test('USER_PASSWORD_AUTH sign-in; signOut() revokes the refresh token', async () => {
    const email = `${unique('v6pw')}@example.com`;
    const { result, code } = await registerUser(email);
    await confirmSignUp({ username: email, confirmationCode: code });
    spy.clear();
    const signedIn = await signIn({
      username: email,
      password: PASSWORD,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    assert.deepEqual(signedIn, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.deepEqual(spy.ops(), ['InitiateAuth']);
    assert.equal(spy.calls[0].input.AuthFlow, 'USER_PASSWORD_AUTH');
    assert.deepEqual(Object.keys(spy.calls[0].input.AuthParameters as object).sort(), [
      'PASSWORD',
      'USERNAME',
    ]);
    const user = await getCurrentUser();
    assert.equal(user.userId, result.userId);
    assert.deepEqual(user.signInDetails, { loginId: email, authFlowType: 'USER_PASSWORD_AUTH' });
    const tokens = await currentTokens();
    await verifyTokenPair(t.url, tokens, {
      poolId,
      clientId,
      sub: result.userId as string,
      username: result.userId as string,
      email,
    });
    const refreshToken = spy.lastRefreshToken();
    assert.ok(refreshToken, 'the sign-in answer has a refresh token');

    // A local signOut revokes the refresh token (RevokeToken) and the access tokens of its grant.
    spy.clear();
    await signOut();
    assert.deepEqual(spy.ops(), ['RevokeToken']);
    assert.equal(spy.calls[0].status, 200);
    assert.equal(spy.calls[0].input.Token, refreshToken);
    assert.equal(spy.calls[0].input.ClientId, clientId);
    await rejects(
      t.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }),
      ),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
    await rejects(
      t.anon.send(new GetUserCommand({ AccessToken: tokens.accessToken })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
    await rejects(fetchUserAttributes(), 'UserUnAuthenticatedException');
  });

  test('error codes: wrong password, unknown user, existing user, unconfirmed user', async () => {
    const email = `${unique('v6err')}@example.com`;
    const { code } = await registerUser(email);

    // An unconfirmed user: v6 turns UserNotConfirmedException into a CONFIRM_SIGN_UP step.
    spy.clear();
    assert.deepEqual(await signIn({ username: email, password: PASSWORD }), {
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_UP' },
    });
    assert.equal(spy.last('RespondToAuthChallenge')?.error, 'UserNotConfirmedException');
    await confirmSignUp({ username: email, confirmationCode: code });

    const ghost = `${unique('ghost')}@example.com`;
    for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      configure();
      await rejects(
        signIn({ username: email, password: 'Wrong-passw0rd', options: { authFlowType } }),
        'NotAuthorizedException',
        'Incorrect username or password.',
      );
      await rejects(
        signIn({ username: ghost, password: PASSWORD, options: { authFlowType } }),
        'NotAuthorizedException',
        'Incorrect username or password.',
      );
      configure(legacyClientId);
      await rejects(
        signIn({ username: ghost, password: PASSWORD, options: { authFlowType } }),
        'UserNotFoundException',
        'User does not exist.',
      );
    }

    configure();
    await rejects(
      signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } }),
      'UsernameExistsException',
      'An account with the given email already exists.',
    );
  });

  test('NEW_PASSWORD_REQUIRED after AdminCreateUser, answered with confirmSignIn', async () => {
    const email = `${unique('v6admin')}@example.com`;
    const temporary = 'Temp0rary!';
    const created = await createWithTemporaryPassword(t, poolId, email, {
      password: temporary,
      attributes: verifiedEmail(email),
    });
    const sub = created.User?.Username as string;
    const first = await signIn({ username: email, password: temporary });
    assert.deepEqual(first, {
      isSignedIn: false,
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED',
        missingAttributes: [],
      },
    });
    spy.clear();
    const done = await confirmSignIn({
      challengeResponse: 'N3w!password',
      options: { userAttributes: { name: 'Grace Hopper' } },
    });
    assert.deepEqual(done, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.deepEqual(spy.ops(), ['RespondToAuthChallenge']);
    assert.equal(spy.calls[0].input.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const tokens = await currentTokens();
    const claims = await verifyTokenPair(t.url, tokens, {
      poolId,
      clientId,
      sub,
      username: sub,
      email,
    });
    assert.equal(claims.id.name, 'Grace Hopper');
    await signOut();
    assert.deepEqual(await signIn({ username: email, password: 'N3w!password' }), {
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    await signOut();
  });
});
