// aws-amplify v5 custom authentication against a real server: Auth.signIn without a password
// under authenticationFlowType CUSTOM_AUTH (and with one: the SRP_A first step), then
// Auth.sendCustomChallengeAnswer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CognitoUser } from 'amazon-cognito-identity-js';
import { Amplify, Auth } from 'aws-amplify-v5';
import {
  ANSWER,
  customPool,
  customUser,
  startCustomAuthServer,
} from '../cognito-idp/custom-auth.fixture.ts';
import { claims, memoryStorage, PASSWORD, rejects, type TestServer } from '../support/index.ts';

/** What Auth.signIn resolves to in a custom flow: the user, waiting on a challenge. */
type ChallengedUser = CognitoUser & {
  challengeName?: string;
  challengeParam?: Record<string, string>;
};

let t: TestServer;
let ids: Awaited<ReturnType<typeof customPool>>;
before(async () => {
  t = await startCustomAuthServer();
  ids = await customPool(t);
  Amplify.configure({
    Auth: {
      region: 'us-east-1',
      userPoolId: ids.poolId,
      userPoolWebClientId: ids.clientId,
      authenticationFlowType: 'CUSTOM_AUTH',
      endpoint: t.url,
      storage: memoryStorage(),
    },
  });
});
after(() => t.close());

test('Auth.signIn(username), sendCustomChallengeAnswer wrong, then right', async () => {
  const username = await customUser(t, ids.poolId);
  const user: ChallengedUser = await Auth.signIn(username);
  assert.equal(user.challengeName, 'CUSTOM_CHALLENGE');
  assert.deepEqual(user.challengeParam, {
    question: 'Password of the day?',
    round: '1',
    USERNAME: username,
  });
  const again: ChallengedUser = await Auth.sendCustomChallengeAnswer(user, 'daisy');
  assert.equal(again.challengeName, 'CUSTOM_CHALLENGE');
  assert.equal(again.challengeParam?.round, '2');
  await Auth.sendCustomChallengeAnswer(again, ANSWER);
  const session = await Auth.currentSession();
  assert.equal(claims(session.getIdToken().getJwtToken())['cognito:username'], username);
  await Auth.signOut();
});

test('Auth.signIn(username, password) under CUSTOM_AUTH: SRP first, then the challenge', async () => {
  const username = await customUser(t, ids.poolId);
  const user: ChallengedUser = await Auth.signIn(username, PASSWORD);
  assert.equal(user.challengeName, 'CUSTOM_CHALLENGE');
  await Auth.sendCustomChallengeAnswer(user, ANSWER);
  assert.ok((await Auth.currentSession()).isValid());
  await Auth.signOut();
  await rejects(Auth.signIn(username, 'Wr0ng-password!'), 'NotAuthorizedException', {
    message: 'Incorrect username or password.',
    code: true,
  });
});
