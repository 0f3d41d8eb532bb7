// CUSTOM_AUTH through the AWS SDK: DefineAuthChallenge, CreateAuthChallenge and
// VerifyAuthChallengeResponse run as local modules, with the events and the `session` array as
// Cognito builds them; the SRP_A first step; unknown users behind PreventUserExistenceErrors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { claims, PASSWORD, rejects, type TestServer, unique } from '../support/index.ts';
import {
  ANSWER,
  answer,
  customPool,
  customUser,
  defineSessions,
  events,
  eventsSince,
  initiate,
  srpClient,
  startCustomAuthServer,
} from './custom-auth.fixture.ts';

let t: TestServer;
let main: Awaited<ReturnType<typeof customPool>>;
before(async () => {
  t = await startCustomAuthServer();
  main = await customPool(t);
});
after(() => t.close());

const round = (n: number, result: boolean) => ({
  challengeName: 'CUSTOM_CHALLENGE',
  challengeResult: result,
  challengeMetadata: `ROUND-${n}`,
});
const srpA = { challengeName: 'SRP_A', challengeResult: true, challengeMetadata: null };
const verified = {
  challengeName: 'PASSWORD_VERIFIER',
  challengeResult: true,
  challengeMetadata: null,
};

test('a custom challenge, a wrong answer, a new challenge, the right answer: tokens', async () => {
  const username = await customUser(t, main.poolId);
  const mark = events().length;
  const first = await initiate(t, main.clientId, username, {}, { app: 'initiate' });
  assert.equal(first.ChallengeName, 'CUSTOM_CHALLENGE');
  assert.equal(first.AuthenticationResult, undefined);
  assert.deepEqual(first.ChallengeParameters, {
    question: 'Password of the day?',
    round: '1',
    USERNAME: username,
  });
  const [define, create] = eventsSince(mark);
  const sub = claimsSub(define);
  const userAttributes = {
    sub,
    'cognito:user_status': 'CONFIRMED',
    email: `${username}@example.com`,
    email_verified: 'true',
  };
  // InitiateAuth's ClientMetadata is not passed on, and userNotFound only to hiding clients.
  assert.deepEqual(define, {
    version: '1',
    triggerSource: 'DefineAuthChallenge_Authentication',
    region: 'us-east-1',
    userPoolId: main.poolId,
    userName: username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: main.clientId },
    request: { userAttributes, session: [] },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  });
  assert.deepEqual(create, {
    ...define,
    triggerSource: 'CreateAuthChallenge_Authentication',
    request: { userAttributes, challengeName: 'CUSTOM_CHALLENGE', session: [] },
    response: {
      publicChallengeParameters: null,
      privateChallengeParameters: null,
      challengeMetadata: null,
    },
  });

  const wrong = await answer(
    t,
    main.clientId,
    first.Session,
    { USERNAME: username, ANSWER: 'daisy' },
    { app: 'answer' },
  );
  assert.equal(wrong.ChallengeName, 'CUSTOM_CHALLENGE');
  assert.equal(wrong.ChallengeParameters?.round, '2');
  assert.notEqual(wrong.Session, first.Session);
  const verify = eventsSince(mark).find(
    (e) => e.triggerSource === 'VerifyAuthChallengeResponse_Authentication',
  );
  assert.deepEqual(verify, {
    ...define,
    triggerSource: 'VerifyAuthChallengeResponse_Authentication',
    request: {
      userAttributes,
      privateChallengeParameters: { answer: ANSWER },
      challengeAnswer: 'daisy',
      clientMetadata: { app: 'answer' },
    },
    response: { answerCorrect: null },
  });

  const done = await answer(t, main.clientId, wrong.Session, { USERNAME: username, ANSWER });
  const tokens = done.AuthenticationResult;
  assert.ok(tokens?.AccessToken && tokens.IdToken && tokens.RefreshToken);
  assert.equal(done.ChallengeName, undefined);
  assert.equal(claims(tokens.IdToken)['cognito:username'], username);
  assert.deepEqual(defineSessions(mark), [
    [],
    [round(1, false)],
    [round(1, false), round(2, true)],
  ]);
});

/** The user's sub, as a trigger event shows it. */
function claimsSub(event: { request: Record<string, unknown> }): string {
  const sub = (event.request.userAttributes as Record<string, string>).sub;
  assert.match(sub, /^[0-9a-f-]{36}$/);
  return sub;
}

test('wrong answers until Define fails: NotAuthorizedException, and the session is spent', async () => {
  const username = await customUser(t, main.poolId);
  const mark = events().length;
  let res = await initiate(t, main.clientId, username);
  for (const n of [1, 2]) {
    res = await answer(t, main.clientId, res.Session, { USERNAME: username, ANSWER: `no${n}` });
    assert.equal(res.ChallengeName, 'CUSTOM_CHALLENGE');
  }
  const last = res.Session;
  await rejects(
    answer(t, main.clientId, last, { USERNAME: username, ANSWER: 'no3' }),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  assert.deepEqual(defineSessions(mark).at(-1), [
    round(1, false),
    round(2, false),
    round(3, false),
  ]);
  await rejects(
    answer(t, main.clientId, last, { USERNAME: username, ANSWER }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
});

test('a session takes one answer; other clients and other users cannot answer it', async () => {
  const username = await customUser(t, main.poolId);
  const other = await customUser(t, main.poolId);
  const res = await initiate(t, main.clientId, username);
  // A session of another client, or USERNAME of another user: refused, the session stays.
  await rejects(
    answer(t, main.hidingId, res.Session, { USERNAME: username, ANSWER }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  await rejects(
    answer(t, main.clientId, res.Session, { USERNAME: other, ANSWER }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  await rejects(
    answer(t, main.clientId, res.Session, { USERNAME: username }),
    'InvalidParameterException',
    'Missing required parameter ANSWER',
  );
  await rejects(
    answer(t, main.clientId, res.Session, { ANSWER }),
    'InvalidParameterException',
    'Missing required parameter USERNAME',
  );
  await rejects(
    answer(t, main.clientId, 'not-a-session', { USERNAME: username, ANSWER }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  const done = await answer(t, main.clientId, res.Session, { USERNAME: username, ANSWER });
  assert.ok(done.AuthenticationResult?.AccessToken);
  await rejects(
    answer(t, main.clientId, res.Session, { USERNAME: username, ANSWER }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
});

test('the SRP_A first step: PASSWORD_VERIFIER, then the custom challenge', async () => {
  const username = await customUser(t, main.poolId);
  const mark = events().length;
  const srp = await srpClient(main.poolId);
  const first = await initiate(t, main.clientId, username, {
    SRP_A: srp.A,
    CHALLENGE_NAME: 'SRP_A',
  });
  assert.equal(first.ChallengeName, 'PASSWORD_VERIFIER');
  const params = first.ChallengeParameters ?? {};
  assert.deepEqual(Object.keys(params).sort(), [
    'SALT',
    'SECRET_BLOCK',
    'SRP_B',
    'USERNAME',
    'USER_ID_FOR_SRP',
  ]);
  assert.equal(params.USER_ID_FOR_SRP, username);
  const custom = await t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: main.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: await srp.claim(params, PASSWORD),
      Session: first.Session,
      ClientMetadata: { step: 'password' },
    }),
  );
  assert.equal(custom.ChallengeName, 'CUSTOM_CHALLENGE');
  const afterPassword = eventsSince(mark).filter(
    (e) => e.triggerSource === 'DefineAuthChallenge_Authentication',
  )[1];
  assert.deepEqual(afterPassword.request.clientMetadata, { step: 'password' });
  const done = await answer(t, main.clientId, custom.Session, { USERNAME: username, ANSWER });
  assert.ok(done.AuthenticationResult?.IdToken);
  assert.deepEqual(defineSessions(mark), [
    [srpA],
    [srpA, verified],
    [srpA, verified, round(1, true)],
  ]);
});

test('the SRP_A first step with a wrong password: NotAuthorizedException, Define not asked again', async () => {
  const username = await customUser(t, main.poolId);
  const mark = events().length;
  const srp = await srpClient(main.poolId);
  const first = await initiate(t, main.clientId, username, {
    SRP_A: srp.A,
    CHALLENGE_NAME: 'SRP_A',
  });
  await rejects(
    t.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: main.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: await srp.claim(first.ChallengeParameters ?? {}, 'Wr0ng-password!'),
        Session: first.Session,
      }),
    ),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  assert.deepEqual(defineSessions(mark), [[srpA]]);
  await rejects(
    initiate(t, main.clientId, username, { SRP_A: 'zz', CHALLENGE_NAME: 'SRP_A' }),
    'InvalidParameterException',
    'Invalid SRP_A value.',
  );
  await rejects(
    initiate(t, main.clientId, username, { CHALLENGE_NAME: 'SRP_A' }),
    'InvalidParameterException',
    'Missing required parameter SRP_A',
  );
});

test('AdminInitiateAuth and AdminRespondToAuthChallenge run the same flow', async () => {
  const username = await customUser(t, main.poolId);
  const first = await t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: main.poolId,
      ClientId: main.clientId,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: username },
    }),
  );
  assert.equal(first.ChallengeName, 'CUSTOM_CHALLENGE');
  const done = await t.admin.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: main.poolId,
      ClientId: main.clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: first.Session,
      ChallengeResponses: { USERNAME: username, ANSWER },
    }),
  );
  assert.ok(done.AuthenticationResult?.AccessToken);
});

test('an unknown user: UserNotFoundException, or the triggers with userNotFound when hidden', async () => {
  const ghost = unique('ghost');
  const mark = events().length;
  await rejects(initiate(t, main.clientId, ghost), 'UserNotFoundException', 'User does not exist.');
  assert.equal(eventsSince(mark).length, 0);

  const res = await initiate(t, main.hidingId, ghost);
  assert.equal(res.ChallengeName, 'CUSTOM_CHALLENGE');
  assert.equal(res.ChallengeParameters?.USERNAME, ghost);
  const [define, create] = eventsSince(mark);
  assert.equal(define.userName, ghost);
  assert.deepEqual(define.request, { userAttributes: {}, session: [], userNotFound: true });
  assert.deepEqual(create.request, {
    userAttributes: {},
    challengeName: 'CUSTOM_CHALLENGE',
    session: [],
    userNotFound: true,
  });
  // Even an answer the functions accept signs nobody in.
  await rejects(
    answer(t, main.hidingId, res.Session, { USERNAME: ghost, ANSWER }),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  const verify = eventsSince(mark).find(
    (e) => e.triggerSource === 'VerifyAuthChallengeResponse_Authentication',
  );
  assert.equal(verify?.request.userNotFound, true);

  // A user that exists, through the hiding client: userNotFound false.
  const username = await customUser(t, main.poolId);
  const known = events().length;
  await initiate(t, main.hidingId, username);
  assert.equal(eventsSince(known)[0].request.userNotFound, false);
});

test('an unknown user with the SRP_A first step gets a decoy password challenge', async () => {
  const ghost = unique('ghost');
  const srp = await srpClient(main.poolId);
  const first = await initiate(t, main.hidingId, ghost, { SRP_A: srp.A, CHALLENGE_NAME: 'SRP_A' });
  assert.equal(first.ChallengeName, 'PASSWORD_VERIFIER');
  assert.equal(first.ChallengeParameters?.USER_ID_FOR_SRP, ghost);
  await rejects(
    t.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: main.hidingId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: await srp.claim(first.ChallengeParameters ?? {}, PASSWORD),
        Session: first.Session,
      }),
    ),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});

test('private challenge parameters and metadata are not stored in clear', async () => {
  const username = await customUser(t, main.poolId);
  await initiate(t, main.clientId, username);
  const rows = await t.server.db.selectFrom('auth_sessions').selectAll().execute();
  const stored = JSON.stringify(rows);
  assert.ok(stored.includes('sealed'));
  assert.ok(!stored.includes(ANSWER));
  assert.ok(!stored.includes('ROUND-1'));
});

test("a DEVICE_KEY that is not the user's device: ResourceNotFoundException, as in the other flows", async () => {
  const tracking = await customPool(
    t,
    {},
    {
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
    },
  );
  const username = await customUser(t, tracking.poolId);
  const mark = events().length;
  await rejects(
    initiate(t, tracking.clientId, username, {
      DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000',
    }),
    'ResourceNotFoundException',
    'Device does not exist.',
  );
  // Refused before DefineAuthChallenge: no challenge trigger ran.
  assert.deepEqual(
    eventsSince(mark).filter((e) => e.triggerSource.startsWith('DefineAuthChallenge')),
    [],
  );
  // Without the key the same user goes on to the custom challenge.
  const first = await initiate(t, tracking.clientId, username);
  assert.equal(first.ChallengeName, 'CUSTOM_CHALLENGE');
});
