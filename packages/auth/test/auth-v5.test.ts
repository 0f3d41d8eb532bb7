// The Amplify v5 `Auth` API of @cognate/auth against a real Cognate server.
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  codeFor,
  createWithTemporaryPassword,
  memoryStorage,
  PASSWORD,
  rejects,
  type TestStorage,
  unique,
} from '@cognate/server/testing';
import { Amplify, Auth, AuthError, type CognitoUser, Hub, NoUserPoolError } from '../src/index.ts';
import { type Fixture, recordHub, startFixture } from './support.ts';

describe('Auth (Amplify v5 API)', () => {
  let f: Fixture;
  let storage: TestStorage;
  let prefix: string;

  function configure(flow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH') {
    storage = memoryStorage();
    Auth.configure({
      region: 'us-east-1',
      userPoolId: f.poolId,
      userPoolWebClientId: f.clientId,
      authenticationFlowType: flow ?? 'USER_SRP_AUTH',
      endpoint: f.t.url,
      storage,
    });
    prefix = `CognitoIdentityServiceProvider.${f.clientId}`;
  }

  /** Signs up and confirms a new user; returns the email and sub. */
  async function registered(attributes: Record<string, string> = {}) {
    const email = `${unique('v5')}@example.com`;
    const res = await Auth.signUp({
      username: email,
      password: PASSWORD,
      attributes: { email, ...attributes },
    });
    await Auth.confirmSignUp(email, await codeFor(f.t, email));
    return { email, sub: res.userSub };
  }

  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    mock.restoreAll();
    await f?.close();
  });

  test('signUp, resendSignUp, confirmSignUp: results, Hub events and error codes', async () => {
    configure();
    const hub = recordHub();
    const email = `${unique('su')}@example.com`;
    const res = await Auth.signUp({
      username: email,
      password: PASSWORD,
      attributes: { email, name: 'Ada', 'custom:tier': 'gold' },
    });
    assert.equal(res.userConfirmed, false);
    assert.match(res.userSub, /^[0-9a-f-]{36}$/);
    assert.deepEqual(res.codeDeliveryDetails, {
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: `${email[0]}***@e***`,
    });
    assert.equal(res.user.getUsername(), email);
    assert.deepEqual(hub.names(), ['signUp']);
    assert.equal(hub.events[0].message, `${email} has signed up successfully`);

    await rejects(
      Auth.signUp({ username: email, password: PASSWORD, attributes: { email } }),
      'UsernameExistsException',
      { code: true },
    );
    assert.equal(hub.names().at(-1), 'signUp_failure');
    await rejects(
      Auth.signUp({ username: `${unique('weak')}@example.com`, password: 'short' }),
      'InvalidPasswordException',
      { code: true },
    );

    // The user is not confirmed yet.
    await rejects(Auth.signIn(email, PASSWORD), 'UserNotConfirmedException', { code: true });
    assert.equal(hub.names().at(-1), 'signIn_failure');

    const resent = await Auth.resendSignUp(email);
    assert.equal(resent.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    await rejects(Auth.confirmSignUp(email, '000000'), 'CodeMismatchException', { code: true });
    hub.clear();
    assert.equal(await Auth.confirmSignUp(email, await codeFor(f.t, email)), 'SUCCESS');
    assert.deepEqual(hub.events, [
      {
        event: 'confirmSignUp',
        data: 'SUCCESS',
        message: `${email} has been confirmed successfully`,
      },
    ]);
    await rejects(Auth.resendSignUp(`${unique('nobody')}@example.com`), 'UserNotFoundException', {
      code: true,
    });
    hub.stop();
  });

  test("Amplify's own client-side errors", async () => {
    configure();
    await assert.rejects(Auth.signIn(''), (e: Error) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.name, 'AuthError');
      assert.equal(e.message, 'Username cannot be empty');
      return true;
    });
    await assert.rejects(Auth.confirmSignUp('a@b.c', ''), {
      message: 'Confirmation code cannot be empty',
    });
    await assert.rejects(Auth.signUp({ username: 'x@y.z', password: '' }), {
      message: 'Password cannot be empty',
    });
    await assert.rejects(Auth.forgotPasswordSubmit('a', 'b', ''), {
      message: 'Password cannot be empty',
    });
    // Not signed in: Amplify v5 rejects with strings here.
    await assert.rejects(
      Auth.currentAuthenticatedUser(),
      (e) => e === 'The user is not authenticated',
    );
    await assert.rejects(Auth.currentSession(), (e) => e === 'No current user');
    assert.equal(await Auth.currentUserInfo(), null);
  });

  test('signIn with SRP: the user, Hub, storage keys, currentSession, currentAuthenticatedUser', async () => {
    configure();
    const { email, sub } = await registered({ name: 'Grace' });
    const hub = recordHub();
    const user: CognitoUser = await Auth.signIn(email, PASSWORD);
    assert.equal(user.getUsername(), sub);
    assert.equal(user.challengeName, undefined);
    assert.deepEqual(user.attributes, { sub, email, email_verified: true, name: 'Grace' });
    assert.equal(user.preferredMFA, 'NOMFA');
    assert.deepEqual(hub.names(), ['signIn']);
    assert.equal(hub.events[0].data, user);
    assert.equal(hub.events[0].message, `A user ${sub} has been signed in`);

    // identity-js's keys, exactly.
    assert.deepEqual(
      [...storage.items.keys()].sort(),
      [
        `${prefix}.${sub}.accessToken`,
        `${prefix}.${sub}.clockDrift`,
        `${prefix}.${sub}.idToken`,
        `${prefix}.${sub}.refreshToken`,
        `${prefix}.${sub}.userData`,
        `${prefix}.LastAuthUser`,
        'amplify-signin-with-hostedUI',
      ].sort(),
    );
    assert.equal(storage.items.get(`${prefix}.LastAuthUser`), sub);
    assert.equal(storage.items.get('amplify-signin-with-hostedUI'), 'false');
    assert.equal(storage.items.get(`${prefix}.${sub}.clockDrift`), '0');
    const session = await Auth.currentSession();
    assert.ok(session.isValid());
    assert.equal(session.getIdToken().payload.email, email);
    assert.equal(
      session.getAccessToken().getJwtToken(),
      storage.items.get(`${prefix}.${sub}.accessToken`),
    );
    // The access token works against the server.
    const got = await f.t.anon.send(
      new GetUserCommand({ AccessToken: session.getAccessToken().getJwtToken() }),
    );
    assert.equal(got.Username, sub);

    const current = await Auth.currentAuthenticatedUser();
    assert.equal(current.username, sub);
    assert.equal(current.attributes?.name, 'Grace');
    const fresh = await Auth.currentAuthenticatedUser({ bypassCache: true });
    assert.notEqual(
      fresh.getSignInUserSession()?.getAccessToken().getJwtToken(),
      session.getAccessToken().getJwtToken(),
      'bypassCache reads the user and refreshes the tokens, as identity-js does',
    );
    assert.deepEqual(await Auth.currentUserInfo(), {
      id: undefined,
      username: sub,
      attributes: { sub, email, email_verified: true, name: 'Grace' },
    });
    assert.equal((await Auth.currentUserPoolUser()).getUsername(), sub);
    hub.stop();
    await Auth.signOut();
  });

  test('signIn with USER_PASSWORD_AUTH, and the wrong password', async () => {
    configure('USER_PASSWORD_AUTH');
    const { email } = await registered();
    await rejects(Auth.signIn(email, 'Wrong-passw0rd'), 'NotAuthorizedException', {
      message: 'Incorrect username or password.',
      code: true,
    });
    await rejects(
      Auth.signIn(`${unique('ghost')}@example.com`, PASSWORD),
      'UserNotFoundException',
      { code: true },
    );
    const user = await Auth.signIn({ username: email, password: PASSWORD });
    // identity-js keeps the name the user typed for the password flow.
    assert.equal(user.getUsername(), email);
    assert.equal(storage.items.get(`${prefix}.LastAuthUser`), email);
    assert.ok(storage.items.get(`${prefix}.${email}.idToken`));
    await Auth.signOut();
    configure();
    await rejects(Auth.signIn(email, 'Wrong-passw0rd'), 'NotAuthorizedException', {
      message: 'Incorrect username or password.',
      code: true,
    });
  });

  test('attributes: update, delete, verify, userAttributes', async () => {
    configure();
    const { email } = await registered({ name: 'Ada' });
    const user = await Auth.signIn(email, PASSWORD);
    const hub = recordHub();
    assert.equal(
      await Auth.updateUserAttributes(user, { name: 'Ada King', 'custom:tier': 'gold' }),
      'SUCCESS',
    );
    assert.deepEqual(hub.events.at(-1), {
      event: 'updateUserAttributes',
      data: { name: { isUpdated: true }, 'custom:tier': { isUpdated: true } },
      message: 'Attributes successfully updated',
    });
    const attrs = Object.fromEntries(
      (await Auth.userAttributes(user)).map((a) => [a.getName(), a.getValue()]),
    );
    assert.equal(attrs.name, 'Ada King');
    assert.equal(attrs['custom:tier'], 'gold');
    assert.equal(attrs.email_verified, 'true');
    // The cached user data follows (identity-js re-reads it after a change).
    assert.equal((await Auth.currentAuthenticatedUser()).attributes?.name, 'Ada King');

    assert.equal(await Auth.deleteUserAttributes(user, ['name']), 'SUCCESS');
    assert.equal(
      (await Auth.userAttributes(user)).find((a) => a.getName() === 'name'),
      undefined,
    );
    await rejects(
      Auth.updateUserAttributes(user, { 'custom:nope': 'x' }),
      'InvalidParameterException',
      { code: true },
    );
    assert.equal(hub.events.at(-1)?.event, 'updateUserAttributes_failure');

    // A new email waits for its code.
    const next = `${unique('new')}@example.com`;
    await Auth.updateUserAttributes(user, { email: next });
    const pending = hub.events.at(-1)?.data as Record<string, { isUpdated: boolean }>;
    assert.equal(pending.email.isUpdated, false);
    assert.equal(await Auth.verifyCurrentUserAttribute('email'), 'SUCCESS');
    await rejects(
      Auth.verifyCurrentUserAttributeSubmit('email', '000000'),
      'CodeMismatchException',
      { code: true },
    );
    const code = await codeFor(f.t, next);
    assert.equal(await Auth.verifyCurrentUserAttributeSubmit('email', code), 'SUCCESS');
    const contact = await Auth.verifiedContact(user);
    assert.deepEqual(contact, { verified: { email: next }, unverified: {} });
    hub.stop();
    await Auth.signOut();
  });

  test('changePassword, forgotPassword, forgotPasswordSubmit', async () => {
    configure();
    const { email } = await registered();
    const user = await Auth.signIn(email, PASSWORD);
    await rejects(
      Auth.changePassword(user, 'Wrong-passw0rd', 'N3w-passw0rd!'),
      'NotAuthorizedException',
      { code: true },
    );
    assert.equal(await Auth.changePassword(user, PASSWORD, 'N3w-passw0rd!'), 'SUCCESS');
    await Auth.signOut();
    await Auth.signIn(email, 'N3w-passw0rd!');
    await Auth.signOut();

    const hub = recordHub();
    const started = await Auth.forgotPassword(email);
    assert.equal(started.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    assert.equal(hub.names().at(-1), 'forgotPassword');
    await rejects(
      Auth.forgotPasswordSubmit(email, '000000', 'R3set-passw0rd!'),
      'CodeMismatchException',
      { code: true },
    );
    assert.equal(hub.names().at(-1), 'forgotPasswordSubmit_failure');
    const code = await codeFor(f.t, email);
    assert.equal(await Auth.forgotPasswordSubmit(email, code, 'R3set-passw0rd!'), 'SUCCESS');
    assert.equal(hub.names().at(-1), 'forgotPasswordSubmit');
    await rejects(Auth.forgotPassword(`${unique('ghost')}@example.com`), 'UserNotFoundException', {
      code: true,
    });
    assert.equal(hub.names().at(-1), 'forgotPassword_failure');
    hub.stop();
    const back = await Auth.signIn(email, 'R3set-passw0rd!');
    assert.ok(back.getSignInUserSession()?.isValid());
    await Auth.signOut();
  });

  test('signOut revokes the refresh token; signOut({ global: true }) revokes every token', async () => {
    configure();
    const { email } = await registered();
    await Auth.signIn(email, PASSWORD);
    const session = await Auth.currentSession();
    const hub = recordHub();
    await Auth.signOut();
    assert.deepEqual(hub.names(), ['signOut']);
    assert.deepEqual([...storage.items.keys()], []);
    // The refresh token was revoked (RevokeToken): it no longer refreshes.
    const refresh = await fetch(f.t.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: f.clientId,
        AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() },
      }),
    });
    assert.equal(refresh.status, 400);
    assert.equal(((await refresh.json()) as { __type: string }).__type, 'NotAuthorizedException');

    await Auth.signIn(email, PASSWORD);
    const second = await Auth.currentSession();
    await Auth.signOut({ global: true });
    assert.deepEqual([...storage.items.keys()], []);
    await assert.rejects(
      f.t.anon.send(new GetUserCommand({ AccessToken: second.getAccessToken().getJwtToken() })),
      { name: 'NotAuthorizedException' },
    );
    hub.stop();
  });

  test('currentSession refreshes once the clock passes expiry (tokenRefresh)', async () => {
    configure();
    const { email, sub } = await registered();
    await Auth.signIn(email, PASSWORD);
    const before = await Auth.currentSession();
    const hub = recordHub();
    // Two hours on, for the client and the in-process server alike.
    const realNow = Date.now;
    mock.method(Date, 'now', () => realNow() + 2 * 3600_000);
    try {
      assert.equal(before.isValid(), false);
      const after = await Auth.currentSession();
      assert.ok(after.isValid());
      assert.notEqual(after.getAccessToken().getJwtToken(), before.getAccessToken().getJwtToken());
      assert.equal(after.getRefreshToken().getToken(), before.getRefreshToken().getToken());
      assert.deepEqual(hub.names(), ['tokenRefresh']);
      assert.equal(
        storage.items.get(`${prefix}.${sub}.accessToken`),
        after.getAccessToken().getJwtToken(),
      );
      // Concurrent callers share one refresh.
      storage.items.set(`${prefix}.${sub}.accessToken`, before.getAccessToken().getJwtToken());
      storage.items.set(`${prefix}.${sub}.idToken`, before.getIdToken().getJwtToken());
      hub.clear();
      const [a, b] = await Promise.all([Auth.currentSession(), Auth.currentSession()]);
      assert.equal(a.getAccessToken().getJwtToken(), b.getAccessToken().getJwtToken());
      assert.deepEqual(hub.names(), ['tokenRefresh']);
      await Auth.signOut();
    } finally {
      mock.restoreAll();
      hub.stop();
    }
  });

  test('currentSession refreshes a minute before expiry, not earlier', async () => {
    configure();
    const { email } = await registered();
    await Auth.signIn(email, PASSWORD);
    const first = await Auth.currentSession();
    const exp = first.getAccessToken().getExpiration() * 1000;
    const hub = recordHub();
    try {
      mock.method(Date, 'now', () => exp - 120_000);
      assert.equal(
        await Auth.currentSession().then((s) => s.getAccessToken().getJwtToken()),
        first.getAccessToken().getJwtToken(),
      );
      assert.deepEqual(hub.names(), []);
      mock.restoreAll();
      mock.method(Date, 'now', () => exp - 30_000);
      const second = await Auth.currentSession();
      assert.notEqual(second.getAccessToken().getJwtToken(), first.getAccessToken().getJwtToken());
      assert.deepEqual(hub.names(), ['tokenRefresh']);
    } finally {
      mock.restoreAll();
      hub.stop();
    }
    await Auth.signOut();
  });

  test('a dead refresh token: tokenRefresh_failure and the session is gone', async () => {
    configure();
    const { email, sub } = await registered();
    await Auth.signIn(email, PASSWORD);
    const stored = new Map(storage.items);
    await Auth.signOut();
    for (const [k, v] of stored) storage.items.set(k, v); // a copy of the revoked session
    const hub = recordHub();
    const realNow = Date.now;
    mock.method(Date, 'now', () => realNow() + 2 * 3600_000);
    try {
      await assert.rejects(Auth.currentSession(), { name: 'NotAuthorizedException' });
      assert.ok(hub.names().includes('tokenRefresh_failure'));
      assert.equal(storage.items.get(`${prefix}.${sub}.idToken`), undefined);
    } finally {
      mock.restoreAll();
      hub.stop();
    }
  });

  test('a disabled user: the refresh fails, Amplify signs out locally', async () => {
    configure();
    const { email, sub } = await registered();
    await Auth.signIn(email, PASSWORD);
    await f.t.admin.send(new AdminDisableUserCommand({ UserPoolId: f.poolId, Username: email }));
    await rejects(Auth.resendSignUp(email), 'InvalidParameterException', {
      message: 'User is already confirmed.',
      code: true,
    });
    const hub = recordHub();
    const realNow = Date.now;
    mock.method(Date, 'now', () => realNow() + 2 * 3600_000);
    try {
      await assert.rejects(Auth.currentSession(), {
        name: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
      assert.deepEqual(hub.names(), ['tokenRefresh_failure', 'signOut']);
      assert.equal(storage.items.get(`${prefix}.${sub}.idToken`), undefined);
      assert.equal(storage.items.get(`${prefix}.LastAuthUser`), undefined);
    } finally {
      mock.restoreAll();
      hub.stop();
    }
    await rejects(Auth.signIn(email, PASSWORD), 'NotAuthorizedException', {
      message: 'User is disabled.',
      code: true,
    });
  });

  test('Hub.listen returns a remover; Hub.remove stops a listener', async () => {
    const seen: string[] = [];
    const cb = ({ payload }: { payload: { event: string } }) => seen.push(payload.event);
    const stop = Hub.listen('auth', cb);
    Hub.dispatch('auth', { event: 'one' });
    stop();
    Hub.dispatch('auth', { event: 'two' });
    Hub.listen('auth', cb);
    Hub.dispatch('auth', { event: 'three' });
    Hub.remove('auth', cb);
    Hub.dispatch('auth', { event: 'four' });
    assert.deepEqual(seen, ['one', 'three']);
  });

  test('NEW_PASSWORD_REQUIRED: signIn returns the challenge, completeNewPassword finishes', async () => {
    configure();
    const email = `${unique('admin')}@example.com`;
    await createWithTemporaryPassword(f.t, f.poolId, email, {
      password: 'Temp-passw0rd!',
      attributes: [{ Name: 'email', Value: email }],
    });
    const user = await Auth.signIn(email, 'Temp-passw0rd!');
    assert.equal(user.challengeName, 'NEW_PASSWORD_REQUIRED');
    const param = user.challengeParam as {
      userAttributes: Record<string, string>;
      requiredAttributes: string[];
    };
    assert.equal(param.userAttributes.email, email);
    assert.deepEqual(param.requiredAttributes, []);
    assert.deepEqual([...storage.items.keys()], [], 'nothing stored while a challenge is pending');
    const hub = recordHub();
    await rejects(Auth.completeNewPassword(user, 'short'), 'InvalidPasswordException', {
      code: true,
    });
    assert.equal(hub.names().at(-1), 'completeNewPassword_failure');
    const done = await Auth.completeNewPassword(user, 'Final-passw0rd!');
    assert.ok(done.getSignInUserSession()?.isValid());
    assert.equal(hub.names().at(-1), 'signIn');
    const got = await f.t.admin.send(
      new AdminGetUserCommand({ UserPoolId: f.poolId, Username: email }),
    );
    assert.equal(got.UserStatus, 'CONFIRMED');
    hub.stop();
    await Auth.signOut();
  });

  test('deleteUser: userDeleted then signOut, and the user is gone', async () => {
    configure();
    const { email } = await registered();
    await Auth.signIn(email, PASSWORD);
    const hub = recordHub();
    assert.equal(await Auth.deleteUser(), 'SUCCESS');
    assert.deepEqual(hub.names(), ['userDeleted', 'signOut']);
    assert.deepEqual([...storage.items.keys()], []);
    await rejects(Auth.signIn(email, PASSWORD), 'UserNotFoundException', { code: true });
    await assert.rejects(Auth.deleteUser(), { message: 'No current user.' });
    hub.stop();
  });

  test('autoSignIn after confirmSignUp', async () => {
    configure();
    const hub = recordHub();
    const email = `${unique('auto')}@example.com`;
    await Auth.signUp({
      username: email,
      password: PASSWORD,
      attributes: { email },
      autoSignIn: { enabled: true },
    });
    assert.equal(storage.items.get('amplify-auto-sign-in'), 'true');
    const signedIn = new Promise<unknown>((resolve, reject) => {
      const stop = recordHub();
      const timer = setInterval(() => {
        const hit = stop.events.find(
          (e) => e.event === 'autoSignIn' || e.event === 'autoSignIn_failure',
        );
        if (!hit) return;
        clearInterval(timer);
        stop.stop();
        hit.event === 'autoSignIn' ? resolve(hit.data) : reject(new Error(String(hit.message)));
      }, 20);
    });
    await Auth.confirmSignUp(email, await codeFor(f.t, email));
    const user = (await signedIn) as CognitoUser;
    assert.ok(user.getSignInUserSession()?.isValid());
    assert.ok(hub.names().includes('signIn'));
    assert.equal(storage.items.get('amplify-auto-sign-in'), undefined);
    hub.stop();
    await Auth.signOut();
  });

  test('configure: aws-exports.js, amplifyconfiguration.json and v6 shapes; no pool', async () => {
    storage = memoryStorage();
    const conf = Amplify.configure({
      aws_project_region: 'eu-west-1',
      aws_cognito_region: 'eu-west-1',
      aws_user_pools_id: f.poolId,
      aws_user_pools_web_client_id: f.clientId,
      aws_cognito_identity_pool_id: 'eu-west-1:0000',
      aws_mandatory_sign_in: 'enable',
      oauth: {},
      Auth: { endpoint: f.t.url, storage },
    });
    assert.equal(conf.Auth.userPoolId, f.poolId);
    assert.equal(conf.Auth.userPoolWebClientId, f.clientId);
    assert.equal(conf.Auth.region, 'eu-west-1');
    assert.equal(conf.Auth.identityPoolId, 'eu-west-1:0000');
    assert.equal(conf.Auth.mandatorySignIn, true);
    assert.equal(conf.Auth.oauth, undefined);
    const { email } = await registered();
    assert.ok((await Auth.signIn(email, PASSWORD)).getSignInUserSession());
    await Auth.signOut();

    const v6 = Amplify.configure({
      Auth: {
        Cognito: { userPoolId: 'us-west-2_x', userPoolClientId: 'c', userPoolEndpoint: 'http://h' },
      },
    });
    assert.equal(v6.Auth.region, 'us-west-2');
    assert.equal(v6.Auth.userPoolWebClientId, 'c');
    assert.equal(v6.Auth.endpoint, 'http://h');
    assert.throws(() => Auth.configure({ storage: { getItem() {} } }), {
      message: 'Empty storage object',
    });
  });

  test('clock drift: a device clock three hours behind the server keeps a valid session', async () => {
    configure();
    const { email, sub } = await registered();
    f.t.clock.advance(3 * 3600_000);
    try {
      await Auth.signIn(email, PASSWORD);
      const drift = Number(storage.items.get(`${prefix}.${sub}.clockDrift`));
      assert.ok(Math.abs(drift + 3 * 3600) <= 2, `drift ${drift}`);
      const session = await Auth.currentSession();
      assert.ok(session.isValid(), 'tokens issued "in the future" are valid after the drift');
      await Auth.signOut();
    } finally {
      f.t.clock.advance(-3 * 3600_000);
    }
  });

  test('cookieStorage: the session lives in document.cookie with the configured options', async () => {
    const cookies = new Map<string, string>();
    const written: string[] = [];
    const doc = {
      get cookie() {
        return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      },
      set cookie(line: string) {
        written.push(line);
        const [pair, ...attrs] = line.split('; ');
        const eq = pair.indexOf('=');
        const exp = attrs.find((a) => a.startsWith('expires='));
        if (exp && new Date(exp.slice(8)).getTime() < Date.now()) cookies.delete(pair.slice(0, eq));
        else cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      },
    };
    (globalThis as { document?: unknown }).document = doc;
    try {
      Auth.configure({
        region: 'us-east-1',
        userPoolId: f.poolId,
        userPoolWebClientId: f.clientId,
        endpoint: f.t.url,
        storage: undefined,
        cookieStorage: {
          domain: 'app.example.com',
          path: '/',
          expires: 2,
          secure: true,
          sameSite: 'lax',
        },
      });
      const { email, sub } = await registered();
      await Auth.signIn(email, PASSWORD);
      assert.equal(cookies.get(`${prefix}.LastAuthUser`), sub);
      assert.ok(written.every((w) => w.includes('; domain=app.example.com; secure; samesite=lax')));
      assert.ok((await Auth.currentSession()).isValid());
      await Auth.signOut();
      assert.equal(cookies.size, 0);
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  });

  test('federatedSignIn opens the hosted UI with PKCE; currentCredentials asks Cognito Identity', async () => {
    storage = memoryStorage();
    const opened: string[] = [];
    Auth.configure({
      region: 'us-east-1',
      userPoolId: f.poolId,
      userPoolWebClientId: f.clientId,
      endpoint: f.t.url,
      storage,
      oauth: {
        domain: f.t.url,
        scope: ['openid', 'email'],
        redirectSignIn: 'http://localhost:3000/',
        redirectSignOut: 'http://localhost:3000/bye',
        responseType: 'code',
        urlOpener: (url: string) => {
          opened.push(url);
        },
      },
    });
    await Auth.federatedSignIn({ provider: 'Google' });
    const url = new URL(opened[0]);
    assert.equal(url.origin + url.pathname, `${f.t.url}/oauth2/authorize`);
    assert.equal(url.searchParams.get('client_id'), f.clientId);
    assert.equal(url.searchParams.get('identity_provider'), 'Google');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('scope'), 'openid email');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('state'), storage.items.get('oauth_state'));
    assert.ok(storage.items.get('ouath_pkce_key'));

    // Back from the hosted UI with a code: exchanged at /oauth2/token with the PKCE verifier.
    const { email } = await registered();
    await Auth.signIn(email, PASSWORD);
    const real = await Auth.currentSession();
    storage.items.clear();
    opened.length = 0;
    await Auth.federatedSignIn({ provider: 'COGNITO', customState: 'back to /x' });
    const state = new URL(opened[0]).searchParams.get('state') ?? '';
    const verifier = storage.items.get('ouath_pkce_key');
    const realFetch = globalThis.fetch;
    let tokenRequest: URLSearchParams | undefined;
    mock.method(globalThis, 'fetch', async (u: string, init: RequestInit) => {
      if (!String(u).endsWith('/oauth2/token')) return realFetch(u, init);
      tokenRequest = new URLSearchParams(String(init.body));
      return Response.json({
        id_token: real.getIdToken().getJwtToken(),
        access_token: real.getAccessToken().getJwtToken(),
        refresh_token: real.getRefreshToken().getToken(),
        token_type: 'Bearer',
        expires_in: 3600,
      });
    });
    const hub = recordHub();
    try {
      const { handleAuthResponse } = await import('../src/auth/hosted-ui.ts');
      const user = await handleAuthResponse(`http://localhost:3000/?code=abc&state=${state}`);
      assert.equal(tokenRequest?.get('code_verifier'), verifier);
      assert.equal(tokenRequest?.get('grant_type'), 'authorization_code');
      assert.equal(tokenRequest?.get('redirect_uri'), 'http://localhost:3000/');
      assert.ok(user?.getSignInUserSession()?.isValid());
      assert.deepEqual(hub.names(), [
        'parsingCallbackUrl',
        'codeFlow',
        'signIn',
        'cognitoHostedUI',
        'customOAuthState',
      ]);
      assert.equal(hub.events[4].data, 'back to /x');
      assert.equal(storage.items.get('amplify-signin-with-hostedUI'), 'true');
      assert.equal(
        (await Auth.currentSession()).getAccessToken().getJwtToken(),
        real.getAccessToken().getJwtToken(),
      );
      await assert.rejects(handleAuthResponse(`http://localhost:3000/?code=abc&state=forged`), {
        message: 'Invalid state in OAuth flow',
      });
    } finally {
      mock.restoreAll();
      hub.stop();
    }
    opened.length = 0;
    await Auth.signOut();
    assert.equal(
      opened[0],
      `${f.t.url}/logout?client_id=${f.clientId}&logout_uri=${encodeURIComponent('http://localhost:3000/bye')}`,
    );
    assert.equal(storage.items.get('amplify-signin-with-hostedUI'), undefined);

    Auth.configure({
      identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
      mandatorySignIn: false,
      oauth: undefined,
    });
    const targets: string[] = [];
    mock.method(globalThis, 'fetch', (u: string, init: RequestInit) => {
      targets.push(String((init.headers as Record<string, string>)['X-Amz-Target']));
      return realFetch(u, init);
    });
    try {
      await assert.rejects(Auth.currentCredentials(), (e: { code?: string }) => !!e.code);
      assert.deepEqual(targets, ['AWSCognitoIdentityService.GetId']);
    } finally {
      mock.restoreAll();
      Auth.configure({ identityPoolId: undefined });
    }
  });

  test('no user pool configured: NoUserPoolError', async () => {
    const { getState } = await import('../src/internal/state.ts');
    const saved = getState().config;
    getState().config = {};
    try {
      await assert.rejects(
        Auth.signIn('a', 'b'),
        (e: Error) => e instanceof NoUserPoolError && e.name === 'NoUserPoolError',
      );
    } finally {
      getState().config = saved;
    }
  });
});
