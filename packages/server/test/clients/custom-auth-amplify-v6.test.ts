// aws-amplify v6 custom authentication against a real server: signIn with authFlowType
// CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP, then confirmSignIn with the challenge answer.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import {
  ANSWER,
  customPool,
  customUser,
  defineSessions,
  events,
  startCustomAuthServer,
} from '../cognito-idp/custom-auth.fixture.ts';
import { claims, PASSWORD, rejects, type TestServer } from '../support/index.ts';

let t: TestServer;
let ids: Awaited<ReturnType<typeof customPool>>;
before(async () => {
  t = await startCustomAuthServer();
  ids = await customPool(t);
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: ids.poolId,
        userPoolClientId: ids.clientId,
        userPoolEndpoint: t.url,
      },
    },
  });
});
beforeEach(() => signOut());
after(() => t.close());

const challenge = (round: number, username: string) => ({
  isSignedIn: false,
  nextStep: {
    signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
    additionalInfo: { question: 'Password of the day?', round: String(round), USERNAME: username },
  },
});

test('CUSTOM_WITHOUT_SRP: a custom challenge, a wrong answer, the right one', async () => {
  const username = await customUser(t, ids.poolId);
  const first = await signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  assert.deepEqual(first, challenge(1, username));
  assert.deepEqual(await confirmSignIn({ challengeResponse: 'daisy' }), challenge(2, username));
  const done = await confirmSignIn({ challengeResponse: ANSWER });
  assert.deepEqual(done, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  const session = await fetchAuthSession();
  assert.equal(claims(String(session.tokens?.idToken))['cognito:username'], username);
});

test('CUSTOM_WITH_SRP: the password by SRP, then the custom challenge', async () => {
  const username = await customUser(t, ids.poolId);
  const mark = events().length;
  const first = await signIn({
    username,
    password: PASSWORD,
    options: { authFlowType: 'CUSTOM_WITH_SRP' },
  });
  assert.deepEqual(first, challenge(1, username));
  const done = await confirmSignIn({ challengeResponse: ANSWER });
  assert.equal(done.isSignedIn, true);
  assert.deepEqual(
    defineSessions(mark).map((s) => s.map((c) => (c as { challengeName: string }).challengeName)),
    [['SRP_A'], ['SRP_A', 'PASSWORD_VERIFIER'], ['SRP_A', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE']],
  );
});

test('three wrong answers end the sign-in with NotAuthorizedException', async () => {
  const username = await customUser(t, ids.poolId);
  await signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  await confirmSignIn({ challengeResponse: 'one' });
  await confirmSignIn({ challengeResponse: 'two' });
  await rejects(
    confirmSignIn({ challengeResponse: 'three' }),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});
