// amazon-cognito-identity-js's custom authentication against a real server: `initiateAuth`
// (no password) and `authenticateUser` with authenticationFlowType CUSTOM_AUTH (the SRP_A first
// step), its customChallenge callback and sendCustomChallengeAnswer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import {
  ANSWER,
  customPool,
  customUser,
  defineSessions,
  events,
  eventsSince,
  startCustomAuthServer,
} from '../cognito-idp/custom-auth.fixture.ts';
import {
  claims,
  createConfirmed,
  memoryStorage,
  PASSWORD,
  rejects,
  type TestServer,
  unique,
  verifiedEmail,
} from '../support/index.ts';

/** How one step of identity-js's custom flow ended. */
type Step =
  | { kind: 'session'; session: CognitoUserSession }
  | { kind: 'challenge'; params: Record<string, string> };

function callbacks(resolve: (s: Step) => void, reject: (e: unknown) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: 'session', session }),
    onFailure: reject,
    customChallenge: (params: Record<string, string>) => resolve({ kind: 'challenge', params }),
  };
}

/** `initiateAuth`: the custom flow without a password. */
function initiate(user: CognitoUser, username: string) {
  return new Promise<Step>((resolve, reject) =>
    user.initiateAuth(
      new AuthenticationDetails({ Username: username }),
      callbacks(resolve, reject),
    ),
  );
}

/** `authenticateUser` under CUSTOM_AUTH: SRP_A first, then the custom challenges. */
function authenticate(user: CognitoUser, username: string, password: string) {
  user.setAuthenticationFlowType('CUSTOM_AUTH');
  return new Promise<Step>((resolve, reject) =>
    user.authenticateUser(
      new AuthenticationDetails({ Username: username, Password: password }),
      callbacks(resolve, reject),
    ),
  );
}

function send(user: CognitoUser, answer: string, metadata?: Record<string, string>) {
  return new Promise<Step>((resolve, reject) =>
    user.sendCustomChallengeAnswer(answer, callbacks(resolve, reject), metadata),
  );
}

function sessionOf(step: Step): CognitoUserSession {
  assert.equal(step.kind, 'session');
  return (step as { session: CognitoUserSession }).session;
}

let t: TestServer;
let ids: Awaited<ReturnType<typeof customPool>>;
let pool: CognitoUserPool;
before(async () => {
  t = await startCustomAuthServer();
  ids = await customPool(t);
  pool = new CognitoUserPool({
    UserPoolId: ids.poolId,
    ClientId: ids.clientId,
    endpoint: t.url,
    Storage: memoryStorage(),
  });
});
after(() => t.close());

const round = (n: number, result: boolean) => ({
  challengeName: 'CUSTOM_CHALLENGE',
  challengeResult: result,
  challengeMetadata: `ROUND-${n}`,
});

test('initiateAuth, customChallenge, a wrong answer, then the right one', async () => {
  const username = await customUser(t, ids.poolId);
  const mark = events().length;
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage() });
  const first = await initiate(user, username);
  assert.deepEqual(first, {
    kind: 'challenge',
    params: { question: 'Password of the day?', round: '1', USERNAME: username },
  });
  const second = await send(user, 'daisy', { device: 'test' });
  assert.equal(second.kind, 'challenge');
  const verify = eventsSince(mark).find(
    (e) => e.triggerSource === 'VerifyAuthChallengeResponse_Authentication',
  );
  assert.deepEqual(verify?.request.clientMetadata, { device: 'test' });
  const session = sessionOf(await send(user, ANSWER));
  assert.ok(session.isValid());
  assert.equal(claims(session.getIdToken().getJwtToken())['cognito:username'], username);
  assert.deepEqual(defineSessions(mark), [
    [],
    [round(1, false)],
    [round(1, false), round(2, true)],
  ]);
});

test('three wrong answers: onFailure with NotAuthorizedException', async () => {
  const username = await customUser(t, ids.poolId);
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage() });
  await initiate(user, username);
  assert.equal((await send(user, 'one')).kind, 'challenge');
  assert.equal((await send(user, 'two')).kind, 'challenge');
  await rejects(send(user, 'three'), 'NotAuthorizedException', {
    message: 'Incorrect username or password.',
    code: true,
  });
});

test('authenticateUser under CUSTOM_AUTH: the password by SRP, then the custom challenge', async () => {
  const username = await customUser(t, ids.poolId);
  const mark = events().length;
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage() });
  const step = await authenticate(user, username, PASSWORD);
  assert.deepEqual(step, {
    kind: 'challenge',
    params: { question: 'Password of the day?', round: '1', USERNAME: username },
  });
  const session = sessionOf(await send(user, ANSWER));
  assert.ok(session.getAccessToken().getJwtToken());
  const srpA = { challengeName: 'SRP_A', challengeResult: true, challengeMetadata: null };
  const verified = {
    challengeName: 'PASSWORD_VERIFIER',
    challengeResult: true,
    challengeMetadata: null,
  };
  assert.deepEqual(defineSessions(mark), [
    [srpA],
    [srpA, verified],
    [srpA, verified, round(1, true)],
  ]);
  const other = new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage() });
  await rejects(authenticate(other, username, 'Wr0ng-password!'), 'NotAuthorizedException', {
    message: 'Incorrect username or password.',
    code: true,
  });
});

test('a pool where users sign in with their email: both ways of starting', async () => {
  const emailIds = await customPool(t, {}, { UsernameAttributes: ['email'] });
  const emailPool = new CognitoUserPool({
    UserPoolId: emailIds.poolId,
    ClientId: emailIds.clientId,
    endpoint: t.url,
    Storage: memoryStorage(),
  });
  const email = `${unique('mail')}@example.com`;
  await createConfirmed(t, emailIds.poolId, email, { attributes: verifiedEmail(email) });
  // initiateAuth keeps answering with the email as USERNAME.
  const a = new CognitoUser({ Username: email, Pool: emailPool, Storage: memoryStorage() });
  const first = await initiate(a, email);
  assert.equal(first.kind, 'challenge');
  const username = (first as { params: Record<string, string> }).params.USERNAME;
  assert.match(username, /^[0-9a-f-]{36}$/);
  assert.equal(
    claims(
      sessionOf(await send(a, ANSWER))
        .getIdToken()
        .getJwtToken(),
    ).email,
    email,
  );
  // authenticateUser switches to the username the PASSWORD_VERIFIER challenge names.
  const b = new CognitoUser({ Username: email, Pool: emailPool, Storage: memoryStorage() });
  assert.equal((await authenticate(b, email, PASSWORD)).kind, 'challenge');
  assert.equal(b.getUsername(), username);
  assert.ok(sessionOf(await send(b, ANSWER)).isValid());
});
