// aws-amplify v5 (`Auth`) against a real server, with codes read from a real SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateUserPoolClientCommand,
  type ExplicitAuthFlowsType,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoUser, CognitoUserAttribute } from 'amazon-cognito-identity-js';
import { Amplify, Auth } from 'aws-amplify-v5';
import { awsExportsSnippet } from '../../src/bootstrap.ts';
import {
  emailPool,
  memoryStorage,
  PASSWORD,
  rejects,
  spyOnCognito,
  startTestServer,
  type TestServer,
  type TestStorage,
  unique,
  verifyTokenPair,
} from '../support/index.ts';

/** The object `aws-exports.js` exports, from the text the server prints at startup. */
function parseAwsExports(text: string): Record<string, unknown> {
  const match = /^const awsmobile = ([\s\S]*);\nexport default awsmobile;\n$/.exec(text);
  assert.ok(match, 'awsExportsSnippet has the aws-exports.js shape');
  return JSON.parse(match[1]);
}

describe('aws-amplify v5 Auth', () => {
  let t: TestServer;
  let spy: ReturnType<typeof spyOnCognito>;
  let poolId: string;
  /** PreventUserExistenceErrors ENABLED. */
  let clientId: string;
  /** PreventUserExistenceErrors LEGACY. */
  let legacyClientId: string;
  let storage: TestStorage;

  /** Configures Amplify with the config object from Amplify v5's docs, plus `endpoint`. */
  function configure(opts: { clientId?: string; flow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' }) {
    storage = memoryStorage();
    Amplify.configure({
      Auth: {
        region: 'us-east-1',
        userPoolId: poolId,
        userPoolWebClientId: opts.clientId ?? clientId,
        authenticationFlowType: opts.flow ?? 'USER_SRP_AUTH',
        endpoint: t.url,
        storage,
      },
    });
  }

  before(async () => {
    t = await startTestServer({ smtp: true });
    poolId = (await emailPool(t)).Id;
    const flows: ExplicitAuthFlowsType[] = [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ];
    const enabled = await t.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: flows,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      }),
    );
    clientId = enabled.UserPoolClient?.ClientId as string;
    const legacy = await t.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'legacy',
        ExplicitAuthFlows: flows,
        PreventUserExistenceErrors: 'LEGACY',
      }),
    );
    legacyClientId = legacy.UserPoolClient?.ClientId as string;
    spy = spyOnCognito(t.url);
  });

  after(async () => {
    spy?.restore();
    await t?.close();
  });

  /** Auth.signUp with a custom attribute, then Auth.confirmSignUp with the mailed code. */
  async function registerUser(email: string) {
    const since = t.smtp?.mails.length ?? 0;
    const result = await Auth.signUp({
      username: email,
      password: PASSWORD,
      attributes: { email, name: 'Ada Lovelace', 'custom:tier': 'gold' },
    });
    const mail = await t.smtp?.next(email, since);
    assert.ok(mail?.code, 'a confirmation code was mailed');
    return { result, code: mail.code };
  }

  test('sign-up, sign-in (SRP), session, attributes, password change, global sign-out', async () => {
    configure({});
    const email = `${unique('v5')}@example.com`;
    spy.clear();
    const { result, code } = await registerUser(email);
    assert.equal(spy.last('SignUp')?.status, 200);
    assert.deepEqual(spy.last('SignUp')?.input.UserAttributes, [
      { Name: 'email', Value: email },
      { Name: 'name', Value: 'Ada Lovelace' },
      { Name: 'custom:tier', Value: 'gold' },
    ]);
    assert.equal(result.userConfirmed, false);
    assert.deepEqual(result.codeDeliveryDetails, {
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: `${email[0]}***@e***`,
    });
    const sub = result.userSub;
    assert.equal(await Auth.confirmSignUp(email, code), 'SUCCESS');

    spy.clear();
    const user: CognitoUser = await Auth.signIn(email, PASSWORD);
    // After the tokens, Auth loads the user (GetUser) to check it still exists.
    assert.deepEqual(spy.ops(), ['InitiateAuth', 'RespondToAuthChallenge', 'GetUser']);
    assert.equal(spy.last('GetUser')?.status, 200);
    assert.equal(spy.last('InitiateAuth')?.input.AuthFlow, 'USER_SRP_AUTH');
    assert.equal(user.getUsername(), sub);
    const session = user.getSignInUserSession();
    assert.ok(session);
    const tokens = {
      idToken: session.getIdToken().getJwtToken(),
      accessToken: session.getAccessToken().getJwtToken(),
      refreshToken: session.getRefreshToken().getToken(),
    };
    const claims = await verifyTokenPair(t.url, tokens, {
      poolId,
      clientId,
      sub,
      username: sub,
      email,
    });
    assert.equal(claims.id['custom:tier'], 'gold');
    assert.equal(claims.id.name, 'Ada Lovelace');

    // currentSession: the cached tokens, still valid, without a call.
    spy.clear();
    const current = await Auth.currentSession();
    assert.equal(current.getAccessToken().getJwtToken(), tokens.accessToken);
    assert.equal(current.getIdToken().getJwtToken(), tokens.idToken);
    assert.deepEqual(spy.ops(), []);

    // currentAuthenticatedUser: the attributes GetUser returned at sign-in, from the cache.
    type AuthUser = CognitoUser & { username: string; attributes: Record<string, unknown> };
    const expectedAttributes = {
      sub,
      email,
      email_verified: true,
      name: 'Ada Lovelace',
      'custom:tier': 'gold',
    };
    const authenticated: AuthUser = await Auth.currentAuthenticatedUser();
    assert.deepEqual(spy.ops(), []);
    assert.equal(authenticated.username, sub);
    assert.deepEqual(authenticated.attributes, expectedAttributes);
    // bypassCache: GetUser, and identity-js refreshes the tokens (REFRESH_TOKEN_AUTH) with it.
    const bypassed: AuthUser = await Auth.currentAuthenticatedUser({ bypassCache: true });
    assert.deepEqual(spy.ops(), ['GetUser', 'InitiateAuth']);
    assert.equal(spy.last('InitiateAuth')?.input.AuthFlow, 'REFRESH_TOKEN_AUTH');
    assert.equal(spy.last('InitiateAuth')?.status, 200);
    assert.deepEqual(bypassed.attributes, expectedAttributes);
    const bypassedSession = bypassed.getSignInUserSession();
    assert.ok(bypassedSession);
    assert.notEqual(bypassedSession.getAccessToken().getJwtToken(), tokens.accessToken);
    assert.equal(bypassedSession.getRefreshToken().getToken(), tokens.refreshToken);

    // updateUserAttributes, then userAttributes reads them back.
    spy.clear();
    assert.equal(
      await Auth.updateUserAttributes(authenticated, {
        name: 'Ada King',
        'custom:tier': 'platinum',
      }),
      'SUCCESS',
    );
    assert.deepEqual(spy.last('UpdateUserAttributes')?.input.UserAttributes, [
      { Name: 'name', Value: 'Ada King' },
      { Name: 'custom:tier', Value: 'platinum' },
    ]);
    const attributes: CognitoUserAttribute[] = await Auth.userAttributes(authenticated);
    assert.deepEqual(Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()])), {
      sub,
      email,
      email_verified: 'true',
      name: 'Ada King',
      'custom:tier': 'platinum',
    });

    // A refresh through the v5 user (identity-js under Auth): new tokens with the new attributes.
    const refreshed = await new Promise<ReturnType<CognitoUser['getSignInUserSession']>>(
      (resolve, reject) =>
        user.refreshSession(session.getRefreshToken(), (err, s) =>
          err ? reject(err) : resolve(s),
        ),
    );
    assert.ok(refreshed);
    const refreshedClaims = await verifyTokenPair(
      t.url,
      {
        idToken: refreshed.getIdToken().getJwtToken(),
        accessToken: refreshed.getAccessToken().getJwtToken(),
      },
      { poolId, clientId, sub, username: sub, email },
    );
    assert.equal(refreshedClaims.id['custom:tier'], 'platinum');
    assert.equal(refreshedClaims.access.origin_jti, claims.access.origin_jti);

    // changePassword: the old password stops working, the new one signs in.
    const changedTo = 'Chang3d!pw';
    assert.equal(await Auth.changePassword(authenticated, PASSWORD, changedTo), 'SUCCESS');
    await rejects(
      Auth.signIn(email, PASSWORD),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    const again: CognitoUser = await Auth.signIn(email, changedTo);
    const againSession = again.getSignInUserSession();
    assert.ok(againSession);
    const last = {
      accessToken: againSession.getAccessToken().getJwtToken(),
      refreshToken: againSession.getRefreshToken().getToken(),
    };

    // signOut({ global: true }): GlobalSignOut; every token of the user stops working.
    spy.clear();
    await Auth.signOut({ global: true });
    assert.deepEqual(spy.ops(), ['GlobalSignOut']);
    assert.equal(spy.last('GlobalSignOut')?.status, 200);
    for (const accessToken of [last.accessToken, tokens.accessToken]) {
      await rejects(
        t.anon.send(new GetUserCommand({ AccessToken: accessToken })),
        'NotAuthorizedException',
      );
    }
    for (const refreshToken of [last.refreshToken, tokens.refreshToken]) {
      await rejects(
        t.anon.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: refreshToken },
          }),
        ),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      );
    }
    await assert.rejects(Auth.currentSession(), (err) => err === 'No current user');
  });

  test('signIn with USER_PASSWORD_AUTH, then signOut() revokes the refresh token', async () => {
    configure({ flow: 'USER_PASSWORD_AUTH' });
    const email = `${unique('v5pw')}@example.com`;
    const { result, code } = await registerUser(email);
    await Auth.confirmSignUp(email, code);
    spy.clear();
    const user: CognitoUser = await Auth.signIn(email, PASSWORD);
    assert.deepEqual(spy.ops(), ['InitiateAuth', 'GetUser']);
    assert.equal(spy.last('InitiateAuth')?.input.AuthFlow, 'USER_PASSWORD_AUTH');
    const session = user.getSignInUserSession();
    assert.ok(session);
    const tokens = {
      idToken: session.getIdToken().getJwtToken(),
      accessToken: session.getAccessToken().getJwtToken(),
      refreshToken: session.getRefreshToken().getToken(),
    };
    await verifyTokenPair(t.url, tokens, {
      poolId,
      clientId,
      sub: result.userSub,
      username: result.userSub,
      email,
    });
    assert.equal((await Auth.currentSession()).getIdToken().getJwtToken(), tokens.idToken);

    // A local signOut revokes the refresh token (RevokeToken), since the token has origin_jti.
    spy.clear();
    await Auth.signOut();
    assert.deepEqual(spy.ops(), ['RevokeToken']);
    assert.equal(spy.last('RevokeToken')?.status, 200);
    assert.equal(spy.last('RevokeToken')?.input.Token, tokens.refreshToken);
    await rejects(
      t.anon.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
        }),
      ),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
    await rejects(
      t.anon.send(new GetUserCommand({ AccessToken: tokens.accessToken })),
      'NotAuthorizedException',
    );
  });

  test('error codes: wrong password, unknown user, existing user', async () => {
    configure({});
    const email = `${unique('v5err')}@example.com`;
    const { code } = await registerUser(email);
    await Auth.confirmSignUp(email, code);

    for (const flow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      configure({ flow });
      await rejects(
        Auth.signIn(email, 'Wrong-passw0rd'),
        'NotAuthorizedException',
        'Incorrect username or password.',
      );
      const ghost = `${unique('ghost')}@example.com`;
      // PreventUserExistenceErrors ENABLED: an unknown user looks like a wrong password.
      await rejects(
        Auth.signIn(ghost, PASSWORD),
        'NotAuthorizedException',
        'Incorrect username or password.',
      );
      // LEGACY: Cognito says the user does not exist.
      configure({ flow, clientId: legacyClientId });
      await rejects(Auth.signIn(ghost, PASSWORD), 'UserNotFoundException', 'User does not exist.');
    }

    configure({});
    await rejects(
      Auth.signUp({ username: email, password: PASSWORD, attributes: { email } }),
      'UsernameExistsException',
      'An account with the given email already exists.',
    );
    // The address is matched without regard to case (CaseSensitive false).
    await rejects(
      Auth.signUp({ username: email.toUpperCase(), password: PASSWORD }),
      'UsernameExistsException',
      'An account with the given email already exists.',
    );
  });

  test('an aws-exports object like the one the server prints configures Auth, endpoint included', async () => {
    // A second server, so a config that silently kept the first server's endpoint would fail.
    const other = await startTestServer({ smtp: true });
    const otherSpy = spyOnCognito(other.url);
    try {
      const defaults = other.server.defaults;
      assert.ok(defaults);
      const exported = parseAwsExports(
        awsExportsSnippet('us-east-1', defaults.pool, defaults.client, other.url),
      );
      assert.deepEqual(exported.Auth, { endpoint: other.url });
      Amplify.configure(exported);
      assert.equal(Auth.configure().endpoint, other.url);
      assert.equal(Auth.configure().userPoolId, defaults.pool.id);
      assert.equal(Auth.configure().userPoolWebClientId, defaults.client.id);

      const email = `${unique('v5exports')}@example.com`;
      const since = other.smtp?.mails.length ?? 0;
      const signedUp = await Auth.signUp({ username: email, password: PASSWORD });
      const mail = await other.smtp?.next(email, since);
      assert.ok(mail?.code);
      await Auth.confirmSignUp(email, mail.code);
      const user: CognitoUser = await Auth.signIn(email, PASSWORD);
      const session = user.getSignInUserSession();
      assert.ok(session);
      await verifyTokenPair(
        other.url,
        {
          idToken: session.getIdToken().getJwtToken(),
          accessToken: session.getAccessToken().getJwtToken(),
        },
        {
          poolId: defaults.pool.id,
          clientId: defaults.client.id,
          sub: signedUp.userSub,
          username: signedUp.userSub,
          email,
        },
      );
      assert.deepEqual(otherSpy.ops(), [
        'SignUp',
        'ConfirmSignUp',
        'InitiateAuth',
        'RespondToAuthChallenge',
        'GetUser',
      ]);
    } finally {
      otherSpy.restore();
      await other.close();
    }
  });
});
