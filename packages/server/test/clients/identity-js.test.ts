// amazon-cognito-identity-js against a real server, with codes read from a real SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  type CognitoRefreshToken,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ISignUpResult,
} from 'amazon-cognito-identity-js';
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

type Callback<T> = (err: Error | undefined | null, result?: T) => void;

/** Turns a node-style identity-js call into a promise. */
function call<T>(fn: (cb: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    fn((err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

/** How authenticateUser ended. */
type SignInResult =
  | { kind: 'session'; session: CognitoUserSession }
  | {
      kind: 'newPasswordRequired';
      userAttributes: Record<string, string>;
      requiredAttributes: string[];
    };

function authenticate(user: CognitoUser, username: string, password: string) {
  return new Promise<SignInResult>((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ kind: 'session', session }),
      onFailure: reject,
      newPasswordRequired: (userAttributes, requiredAttributes) =>
        resolve({ kind: 'newPasswordRequired', userAttributes, requiredAttributes }),
    });
  });
}

async function signedIn(user: CognitoUser, username: string, password: string) {
  const result = await authenticate(user, username, password);
  assert.equal(result.kind, 'session');
  return (result as { session: CognitoUserSession }).session;
}

function tokensOf(session: CognitoUserSession) {
  return {
    idToken: session.getIdToken().getJwtToken(),
    accessToken: session.getAccessToken().getJwtToken(),
    refreshToken: session.getRefreshToken().getToken(),
  };
}

describe('amazon-cognito-identity-js', () => {
  let t: TestServer;
  let pool: CognitoUserPool;
  let poolId: string;
  let clientId: string;
  let spy: ReturnType<typeof spyOnCognito>;

  before(async () => {
    t = await startTestServer({ smtp: true });
    const defaults = t.server.defaults;
    assert.ok(defaults);
    poolId = defaults.pool.id;
    clientId = defaults.client.id;
    pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: t.url });
    spy = spyOnCognito(t.url);
  });

  after(async () => {
    spy?.restore();
    await t?.close();
  });

  /** Signs a user up with identity-js and confirms it with the code mailed to it. */
  async function registerUser(email: string, password = PASSWORD) {
    const since = t.smtp?.mails.length ?? 0;
    const result = await call<ISignUpResult>((cb) =>
      pool.signUp(
        email,
        password,
        [
          new CognitoUserAttribute({ Name: 'email', Value: email }),
          new CognitoUserAttribute({ Name: 'name', Value: 'Ada Lovelace' }),
        ],
        [],
        cb,
      ),
    );
    const mail = await t.smtp?.next(email, since);
    assert.ok(mail?.code, 'a confirmation code was mailed');
    return { result, code: mail.code };
  }

  test('full account lifecycle: sign-up to global sign-out', async () => {
    const email = `${unique('ijs')}@example.com`;
    const { result, code } = await registerUser(email);
    assert.equal(result.userConfirmed, false);
    assert.match(result.userSub, /^[0-9a-f-]{36}$/);
    assert.deepEqual(result.codeDeliveryDetails, {
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: `${email[0]}***@e***`,
    });
    assert.equal(result.user.getUsername(), email);
    const sub = result.userSub;

    const confirmed = await call<string>((cb) => result.user.confirmRegistration(code, true, cb));
    assert.equal(confirmed, 'SUCCESS');

    // USER_SRP_AUTH is identity-js's default flow.
    spy.clear();
    const user = new CognitoUser({ Username: email, Pool: pool });
    const session = await signedIn(user, email, PASSWORD);
    assert.deepEqual(spy.ops(), ['InitiateAuth', 'RespondToAuthChallenge']);
    assert.equal(spy.last('InitiateAuth')?.input.AuthFlow, 'USER_SRP_AUTH');
    assert.equal(spy.last('RespondToAuthChallenge')?.input.ChallengeName, 'PASSWORD_VERIFIER');
    // With email as username, the pool's username is the sub; identity-js adopts USER_ID_FOR_SRP.
    assert.equal(user.getUsername(), sub);
    assert.equal(session.isValid(), true);
    const first = tokensOf(session);
    const claims = await verifyTokenPair(t.url, first, {
      poolId,
      clientId,
      sub,
      username: sub,
      email,
    });
    assert.equal(claims.id.name, 'Ada Lovelace');

    // getSession answers from the cached, still valid session without a call.
    spy.clear();
    const cached = await call<CognitoUserSession>((cb) => user.getSession(cb));
    assert.equal(cached.getAccessToken().getJwtToken(), first.accessToken);
    assert.deepEqual(spy.ops(), []);

    // refreshSession: InitiateAuth REFRESH_TOKEN_AUTH, new ID and access tokens, same grant.
    const refreshed = await call<CognitoUserSession>((cb) =>
      user.refreshSession(session.getRefreshToken(), cb),
    );
    assert.deepEqual(spy.ops(), ['InitiateAuth']);
    assert.equal(spy.last('InitiateAuth')?.input.AuthFlow, 'REFRESH_TOKEN_AUTH');
    assert.equal(spy.last('InitiateAuth')?.status, 200);
    const second = tokensOf(refreshed);
    assert.notEqual(second.accessToken, first.accessToken);
    assert.notEqual(second.idToken, first.idToken);
    assert.equal(second.refreshToken, first.refreshToken, 'identity-js keeps the refresh token');
    const again = await verifyTokenPair(t.url, second, {
      poolId,
      clientId,
      sub,
      username: sub,
      email,
    });
    assert.equal(again.access.origin_jti, claims.access.origin_jti);
    assert.equal(again.access.auth_time, claims.access.auth_time);
    assert.notEqual(again.access.jti, claims.access.jti);
    assert.notEqual(again.access.event_id, claims.access.event_id);

    // getUserAttributes (GetUser).
    const attributes = await call<CognitoUserAttribute[]>((cb) => user.getUserAttributes(cb));
    const attributeMap = Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]));
    assert.deepEqual(attributeMap, {
      sub,
      email,
      email_verified: 'true',
      name: 'Ada Lovelace',
    });

    // updateAttributes (UpdateUserAttributes, then GetUser to refresh identity-js's cache).
    spy.clear();
    const updated = await call<string>((cb) =>
      user.updateAttributes([new CognitoUserAttribute({ Name: 'name', Value: 'Ada King' })], cb),
    );
    assert.equal(updated, 'SUCCESS');
    assert.deepEqual(spy.ops(), ['UpdateUserAttributes', 'GetUser']);
    const afterUpdate = await call<CognitoUserAttribute[]>((cb) => user.getUserAttributes(cb));
    assert.equal(afterUpdate.find((a) => a.getName() === 'name')?.getValue(), 'Ada King');

    // changePassword, then the old password no longer signs in and the new one does.
    const changedTo = 'Chang3d!pw';
    const changed = await call<string>((cb) => user.changePassword(PASSWORD, changedTo, cb));
    assert.equal(changed, 'SUCCESS');
    await rejects(
      authenticate(new CognitoUser({ Username: email, Pool: pool }), email, PASSWORD),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    await signedIn(new CognitoUser({ Username: email, Pool: pool }), email, changedTo);

    // forgotPassword → code by mail → confirmPassword.
    const resetUser = new CognitoUser({ Username: email, Pool: pool });
    const since = t.smtp?.mails.length ?? 0;
    const delivery = await new Promise<{ CodeDeliveryDetails: Record<string, string> }>(
      (resolve, reject) =>
        resetUser.forgotPassword({
          onSuccess: resolve,
          onFailure: reject,
          inputVerificationCode: resolve,
        }),
    );
    assert.deepEqual(delivery.CodeDeliveryDetails, {
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: `${email[0]}***@e***`,
    });
    const resetMail = await t.smtp?.next(email, since);
    assert.ok(resetMail?.code);
    const resetTo = 'R3set!pass';
    await rejects(
      new Promise((resolve, reject) =>
        resetUser.confirmPassword(resetMail.code === '000000' ? '111111' : '000000', resetTo, {
          onSuccess: resolve,
          onFailure: reject,
        }),
      ),
      'CodeMismatchException',
    );
    const reset = await new Promise<string>((resolve, reject) =>
      resetUser.confirmPassword(resetMail.code as string, resetTo, {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    assert.equal(reset, 'SUCCESS');

    // Sign in with the new password.
    const finalUser = new CognitoUser({ Username: email, Pool: pool });
    const finalSession = await signedIn(finalUser, email, resetTo);
    const final = tokensOf(finalSession);
    await verifyTokenPair(t.url, final, { poolId, clientId, sub, username: sub, email });

    // globalSignOut revokes every grant: the access token and the refresh token stop working.
    await new Promise((resolve, reject) =>
      finalUser.globalSignOut({ onSuccess: resolve, onFailure: reject }),
    );
    await rejects(
      t.anon.send(new GetUserCommand({ AccessToken: final.accessToken })),
      'NotAuthorizedException',
    );
    spy.clear();
    await rejects(
      call<CognitoUserSession>((cb) =>
        finalUser.refreshSession(finalSession.getRefreshToken() as CognitoRefreshToken, cb),
      ),
      'NotAuthorizedException',
    );
    // identity-js retries a failed refresh with back-off; every attempt was refused.
    assert.ok(spy.calls.length >= 1);
    for (const c of spy.calls) {
      assert.equal(c.op, 'InitiateAuth');
      assert.equal(c.input.AuthFlow, 'REFRESH_TOKEN_AUTH');
      assert.equal(c.error, 'NotAuthorizedException');
      assert.equal(c.output.message, 'Refresh Token has been revoked');
    }
    // The refresh token of the earlier session (same user) is revoked too.
    await rejects(
      t.anon.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: first.refreshToken },
        }),
      ),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
  });

  test('refreshSession with browser-like storage (getItem answers null)', async () => {
    // Browsers' localStorage answers null for a missing key, so identity-js sends
    // AuthParameters.DEVICE_KEY: null on refresh when no device is remembered.
    const items = new Map<string, string>();
    const storage = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
      clear: () => items.clear(),
    };
    const browserPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: t.url,
      Storage: storage,
    });
    const email = `${unique('ijsls')}@example.com`;
    const { result, code } = await registerUser(email);
    await call<string>((cb) => result.user.confirmRegistration(code, true, cb));
    const user = new CognitoUser({ Username: email, Pool: browserPool, Storage: storage });
    const session = await signedIn(user, email, PASSWORD);
    assert.equal(
      items.get(`CognitoIdentityServiceProvider.${clientId}.LastAuthUser`),
      result.userSub,
    );

    spy.clear();
    const refreshed = await call<CognitoUserSession>((cb) =>
      user.refreshSession(session.getRefreshToken(), cb),
    );
    assert.deepEqual(spy.calls[0].input.AuthParameters, {
      REFRESH_TOKEN: session.getRefreshToken().getToken(),
      DEVICE_KEY: null,
    });
    assert.notEqual(
      refreshed.getAccessToken().getJwtToken(),
      session.getAccessToken().getJwtToken(),
    );

    // A fresh CognitoUser finds the session in storage (getSession), as after a page reload.
    const current = browserPool.getCurrentUser();
    assert.equal(current?.getUsername(), result.userSub);
    const restored = await call<CognitoUserSession>((cb) => current?.getSession(cb));
    assert.equal(restored.getIdToken().getJwtToken(), refreshed.getIdToken().getJwtToken());
  });

  test('USER_PASSWORD_AUTH via setAuthenticationFlowType', async () => {
    const email = `${unique('ijspw')}@example.com`;
    const { result, code } = await registerUser(email);
    await call<string>((cb) => result.user.confirmRegistration(code, true, cb));
    const user = new CognitoUser({ Username: email, Pool: pool });
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    spy.clear();
    const session = await signedIn(user, email, PASSWORD);
    assert.deepEqual(spy.ops(), ['InitiateAuth']);
    const sent = spy.last('InitiateAuth')?.input;
    assert.equal(sent?.AuthFlow, 'USER_PASSWORD_AUTH');
    assert.deepEqual(Object.keys(sent?.AuthParameters as object).sort(), ['PASSWORD', 'USERNAME']);
    await verifyTokenPair(t.url, tokensOf(session), {
      poolId,
      clientId,
      sub: result.userSub,
      username: result.userSub,
      email,
    });
    // A wrong password on the same flow.
    const other = new CognitoUser({ Username: email, Pool: pool });
    other.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    await rejects(
      authenticate(other, email, 'Wrong-passw0rd'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  test('wrong password and unknown user (SRP) answer NotAuthorizedException', async () => {
    const email = `${unique('ijswrong')}@example.com`;
    const { result, code } = await registerUser(email);
    await call<string>((cb) => result.user.confirmRegistration(code, true, cb));
    await rejects(
      authenticate(new CognitoUser({ Username: email, Pool: pool }), email, 'Wrong-passw0rd'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    // PreventUserExistenceErrors ENABLED: an unknown user looks like a wrong password.
    const ghost = `${unique('ghost')}@example.com`;
    await rejects(
      authenticate(new CognitoUser({ Username: ghost, Pool: pool }), ghost, PASSWORD),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  test('an unconfirmed user gets UserNotConfirmedException', async () => {
    const email = `${unique('ijsunconf')}@example.com`;
    await registerUser(email);
    await rejects(
      authenticate(new CognitoUser({ Username: email, Pool: pool }), email, PASSWORD),
      'UserNotConfirmedException',
      'User is not confirmed.',
    );
    const byPassword = new CognitoUser({ Username: email, Pool: pool });
    byPassword.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    await rejects(
      authenticate(byPassword, email, PASSWORD),
      'UserNotConfirmedException',
      'User is not confirmed.',
    );
  });

  test('newPasswordRequired after AdminCreateUser, then completeNewPasswordChallenge', async () => {
    const email = `${unique('ijsadmin')}@example.com`;
    const temporary = 'Temp0rary!';
    const created = await createWithTemporaryPassword(t, poolId, email, {
      password: temporary,
      attributes: verifiedEmail(email),
    });
    const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    assert.ok(sub);

    const user = new CognitoUser({ Username: email, Pool: pool });
    spy.clear();
    const first = await authenticate(user, email, temporary);
    assert.equal(first.kind, 'newPasswordRequired');
    assert.deepEqual(spy.ops(), ['InitiateAuth', 'RespondToAuthChallenge']);
    const challenge = spy.calls[1];
    assert.equal(challenge.input.ChallengeName, 'PASSWORD_VERIFIER');
    if (first.kind !== 'newPasswordRequired') return;
    assert.deepEqual(first.userAttributes, { email, email_verified: 'true' });
    assert.deepEqual(first.requiredAttributes, []);

    const newPassword = 'N3w!password';
    spy.clear();
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.completeNewPasswordChallenge(
        newPassword,
        { name: 'Grace Hopper' },
        { onSuccess: resolve, onFailure: reject },
      ),
    );
    assert.deepEqual(spy.ops(), ['RespondToAuthChallenge']);
    const answer = spy.calls[0].input;
    assert.equal(answer.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(typeof answer.Session, 'string');
    const verified = await verifyTokenPair(t.url, tokensOf(session), {
      poolId,
      clientId,
      sub,
      username: sub,
      email,
    });
    assert.equal(verified.id.name, 'Grace Hopper');
    assert.equal(claims(session.getIdToken().getJwtToken())['cognito:username'], sub);

    // The temporary password is gone; the chosen one signs in directly.
    await rejects(
      authenticate(new CognitoUser({ Username: email, Pool: pool }), email, temporary),
      'NotAuthorizedException',
    );
    await signedIn(new CognitoUser({ Username: email, Pool: pool }), email, newPassword);
  });
});
