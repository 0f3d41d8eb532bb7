// The aws-amplify v6 functions of @cognate/auth against a real Cognate server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  codeFor,
  createWithTemporaryPassword,
  memoryStorage,
  PASSWORD,
  rejects,
  type TestStorage,
  unique,
} from '@cognate/server/testing';
import {
  Amplify,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  deleteUser,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  resendSignUpCode,
  resetPassword,
  signIn,
  signOut,
  signUp,
  updatePassword,
  updateUserAttributes,
} from '../src/index.ts';
import { type Fixture, recordHub, startFixture } from './support.ts';

describe('v6 functions', () => {
  let f: Fixture;
  let storage: TestStorage;
  before(async () => {
    f = await startFixture();
    storage = memoryStorage();
    // v6's configuration shape, with the v5 `storage` key alongside for Node.
    Amplify.configure({
      Auth: {
        Cognito: { userPoolId: f.poolId, userPoolClientId: f.clientId, userPoolEndpoint: f.t.url },
      },
    });
    Amplify.configure({ Auth: { storage } });
  });
  after(async () => {
    await f?.close();
  });

  test('signUp, resendSignUpCode, confirmSignUp, signIn, session, attributes, signOut', async () => {
    const email = `${unique('v6')}@example.com`;
    const up = await signUp({
      username: email,
      password: PASSWORD,
      options: { userAttributes: { email, name: 'Ada' } },
    });
    assert.equal(up.isSignUpComplete, false);
    assert.match(String(up.userId), /^[0-9a-f-]{36}$/);
    assert.deepEqual(up.nextStep, {
      signUpStep: 'CONFIRM_SIGN_UP',
      codeDeliveryDetails: {
        destination: `${email[0]}***@e***`,
        deliveryMedium: 'EMAIL',
        attributeName: 'email',
      },
    });
    assert.deepEqual(await signIn({ username: email, password: PASSWORD }), {
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_UP' },
    });
    assert.equal((await resendSignUpCode({ username: email })).deliveryMedium, 'EMAIL');
    await rejects(
      confirmSignUp({ username: email, confirmationCode: '000000' }),
      'CodeMismatchException',
      { code: true },
    );
    assert.deepEqual(
      await confirmSignUp({ username: email, confirmationCode: await codeFor(f.t, email) }),
      { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } },
    );

    assert.deepEqual(await fetchAuthSession(), {});
    await assert.rejects(getCurrentUser(), { name: 'UserUnAuthenticatedException' });
    await rejects(
      signIn({ username: email, password: 'Wrong-passw0rd' }),
      'NotAuthorizedException',
      { code: true },
    );
    const hub = recordHub();
    assert.deepEqual(await signIn({ username: email, password: PASSWORD }), {
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    assert.deepEqual(hub.names(), ['signIn']);
    await assert.rejects(signIn({ username: email, password: PASSWORD }), {
      name: 'UserAlreadyAuthenticatedException',
    });
    const me = await getCurrentUser();
    assert.equal(me.username, up.userId);
    assert.equal(me.userId, up.userId);
    const session = await fetchAuthSession();
    assert.equal(session.userSub, up.userId);
    assert.equal(session.tokens?.idToken?.payload.email, email);
    assert.match(String(session.tokens?.accessToken), /^eyJ/);
    const forced = await fetchAuthSession({ forceRefresh: true });
    assert.notEqual(String(forced.tokens?.accessToken), String(session.tokens?.accessToken));

    assert.equal((await fetchUserAttributes()).name, 'Ada');
    const updated = await updateUserAttributes({ userAttributes: { name: 'Ada King' } });
    assert.deepEqual(updated, {
      name: { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } },
    });
    assert.equal((await fetchUserAttributes()).name, 'Ada King');

    await rejects(
      updatePassword({ oldPassword: 'Wrong-passw0rd', newPassword: 'N3w-passw0rd!' }),
      'NotAuthorizedException',
      { code: true },
    );
    await updatePassword({ oldPassword: PASSWORD, newPassword: 'N3w-passw0rd!' });
    await signOut();
    assert.deepEqual(await fetchAuthSession(), {});
    assert.deepEqual(hub.names().at(-1), 'signOut');
    hub.stop();

    const reset = await resetPassword({ username: email });
    assert.equal(reset.nextStep.resetPasswordStep, 'CONFIRM_RESET_PASSWORD_WITH_CODE');
    await confirmResetPassword({
      username: email,
      confirmationCode: await codeFor(f.t, email),
      newPassword: 'R3set-passw0rd!',
    });
    assert.equal((await signIn({ username: email, password: 'R3set-passw0rd!' })).isSignedIn, true);
    await signOut({ global: true });
    assert.equal((await signIn({ username: email, password: 'R3set-passw0rd!' })).isSignedIn, true);
    await deleteUser();
    await rejects(
      signIn({ username: email, password: 'R3set-passw0rd!' }),
      'UserNotFoundException',
      { code: true },
    );
  });

  test('signIn with USER_PASSWORD_AUTH and the NEW_PASSWORD_REQUIRED step', async () => {
    const email = `${unique('v6adm')}@example.com`;
    await createWithTemporaryPassword(f.t, f.poolId, email, {
      password: 'Temp-passw0rd!',
      attributes: [{ Name: 'email', Value: email }],
    });
    const first = await signIn({
      username: email,
      password: 'Temp-passw0rd!',
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    assert.deepEqual(first, {
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: [] },
    });
    assert.deepEqual(await confirmSignIn({ challengeResponse: 'Final-passw0rd!' }), {
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    assert.equal((await getCurrentUser()).signInDetails?.authFlowType, 'USER_SRP_AUTH');
    await signOut();
    await assert.rejects(confirmSignIn({ challengeResponse: 'x' }), { name: 'SignInException' });
  });
});
