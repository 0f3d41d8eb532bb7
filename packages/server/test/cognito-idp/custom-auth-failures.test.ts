// CUSTOM_AUTH when something is wrong: a pool or client not set up for it, challenge functions
// that fail, hang or answer garbage, users who may not sign in, sessions that expired. Each gets
// Cognito's error and signs nobody in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  createClient,
  createPool,
  PASSWORD,
  rejects,
  secretHash,
  type TestServer,
  unique,
} from '../support/index.ts';
import {
  ANSWER,
  answer,
  arn,
  customPool,
  customUser,
  disable,
  events,
  eventsSince,
  initiate,
  startCustomAuthServer,
} from './custom-auth.fixture.ts';

let t: TestServer;
let main: Awaited<ReturnType<typeof customPool>>;
before(async () => {
  t = await startCustomAuthServer();
  main = await customPool(t);
});
after(() => t.close());

test('a client without ALLOW_CUSTOM_AUTH, a pool without the triggers', async () => {
  const username = await customUser(t, main.poolId);
  const srpOnly = await createClient(t, main.poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await rejects(
    initiate(t, srpOnly.ClientId, username),
    'InvalidParameterException',
    'CUSTOM_AUTH flow not enabled for this client',
  );
  const bare = await createPool(t);
  const client = await createClient(t, bare.Id, {
    ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  // Checked before the user is looked up, as Cognito does (an unknown name gets the same).
  for (const name of [username, unique('ghost')]) {
    await rejects(
      initiate(t, client.ClientId, name),
      'InvalidParameterException',
      'Custom auth lambda trigger is not configured for the user pool.',
    );
  }
  // Define alone: the challenge it asks for cannot be made.
  const defineOnly = await createPool(t, { LambdaConfig: { DefineAuthChallenge: arn('define') } });
  const c2 = await createClient(t, defineOnly.Id, {
    ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const other = await customUser(t, defineOnly.Id);
  await rejects(
    initiate(t, c2.ClientId, other),
    'InvalidParameterException',
    'Custom auth lambda trigger is not configured for the user pool.',
  );
});

test('DefineAuthChallenge that fails, hangs or decides nothing', async () => {
  const cases: [string, string, string][] = [
    [
      'throws',
      'UserLambdaValidationException',
      'DefineAuthChallenge failed with error Challenge service down.',
    ],
    ['undecided', 'InvalidLambdaResponseException', 'Unrecognizable lambda output'],
    ['notevent', 'InvalidLambdaResponseException', 'Unrecognizable lambda output'],
    // PASSWORD_VERIFIER can only follow SRP_A.
    ['askpassword', 'InvalidLambdaResponseException', 'Unrecognizable lambda output'],
    [
      'nowhere',
      'UnexpectedLambdaException',
      `DefineAuthChallenge invocation failed due to error Function not found: ${arn('nowhere')}.`,
    ],
  ];
  for (const [define, name, message] of cases) {
    const pool = await customPool(t, { define });
    const username = await customUser(t, pool.poolId);
    await rejects(initiate(t, pool.clientId, username), name, message);
  }
});

test('DefineAuthChallenge that does not answer within 5 s: UnexpectedLambdaException', async () => {
  const pool = await customPool(t, { define: 'hangs' });
  const username = await customUser(t, pool.poolId);
  const started = Date.now();
  await rejects(
    initiate(t, pool.clientId, username),
    'UnexpectedLambdaException',
    'DefineAuthChallenge invocation failed due to error Socket timeout while invoking Lambda function.',
  );
  const waited = Date.now() - started;
  assert.ok(waited >= 4900 && waited < 8000, `waited ${waited} ms`);
});

test('CreateAuthChallenge that fails: no challenge is handed out', async () => {
  const pool = await customPool(t, { create: 'throws' });
  const username = await customUser(t, pool.poolId);
  await rejects(
    initiate(t, pool.clientId, username),
    'UserLambdaValidationException',
    'CreateAuthChallenge failed with error Challenge service down.',
  );
  const missing = await customPool(t, { create: 'nowhere' });
  const other = await customUser(t, missing.poolId);
  await rejects(
    initiate(t, missing.clientId, other),
    'UnexpectedLambdaException',
    `CreateAuthChallenge invocation failed due to error Function not found: ${arn('nowhere')}.`,
  );
});

test('VerifyAuthChallengeResponse that fails or answers garbage: the answer is spent', async () => {
  for (const [verify, name, message] of [
    [
      'throws',
      'UserLambdaValidationException',
      'VerifyAuthChallengeResponse failed with error Challenge service down.',
    ],
    ['maybe', 'InvalidLambdaResponseException', 'Unrecognizable lambda output'],
  ]) {
    const pool = await customPool(t, { verify });
    const username = await customUser(t, pool.poolId);
    const res = await initiate(t, pool.clientId, username);
    const responses = { USERNAME: username, ANSWER };
    await rejects(answer(t, pool.clientId, res.Session, responses), name, message);
    // As on Cognito, the session took its one answer.
    await rejects(
      answer(t, pool.clientId, res.Session, responses),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
  }
});

test('Define may issue tokens at once; never for an unknown user', async () => {
  const pool = await customPool(t, { define: 'issuenow' });
  const username = await customUser(t, pool.poolId);
  const res = await initiate(t, pool.clientId, username);
  assert.ok(res.AuthenticationResult?.AccessToken);
  assert.equal(res.ChallengeName, undefined);
  await rejects(
    initiate(t, pool.hidingId, unique('ghost')),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});

test('a disabled or unconfirmed user is refused before any trigger runs', async () => {
  const username = await customUser(t, main.poolId);
  await disable(t, main.poolId, username);
  const mark = events().length;
  await rejects(
    initiate(t, main.clientId, username),
    'NotAuthorizedException',
    'User is disabled.',
  );
  const unconfirmed = unique('unconfirmed');
  await t.anon.send(
    new SignUpCommand({ ClientId: main.clientId, Username: unconfirmed, Password: PASSWORD }),
  );
  await rejects(
    initiate(t, main.clientId, unconfirmed),
    'UserNotConfirmedException',
    'User is not confirmed.',
  );
  assert.equal(eventsSince(mark).length, 0);
});

test('a user disabled while the challenge is out gets no tokens', async () => {
  const username = await customUser(t, main.poolId);
  const res = await initiate(t, main.clientId, username);
  await disable(t, main.poolId, username);
  await rejects(
    answer(t, main.clientId, res.Session, { USERNAME: username, ANSWER }),
    'NotAuthorizedException',
    'User is disabled.',
  );
});

test('USERNAME may be an alias of the user; another name is refused', async () => {
  const pool = await customPool(t, {}, { AliasAttributes: ['email'] });
  const username = await customUser(t, pool.poolId);
  const email = `${username}@example.com`;
  const mark = events().length;
  // Signing in with the alias: the challenge names the user by username.
  const res = await initiate(t, pool.clientId, email);
  assert.equal(res.ChallengeParameters?.USERNAME, username);
  const define = eventsSince(mark)[0];
  assert.equal(define.userName, username);
  assert.equal(
    (define.request.userAttributes as Record<string, string>)['cognito:email_alias'],
    email,
  );
  await rejects(
    answer(t, pool.clientId, res.Session, { USERNAME: `x${username}`, ANSWER }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  const done = await answer(t, pool.clientId, res.Session, { USERNAME: email, ANSWER });
  assert.ok(done.AuthenticationResult?.AccessToken);
  const again = await initiate(t, pool.clientId, email);
  const byName = await answer(t, pool.clientId, again.Session, { USERNAME: username, ANSWER });
  assert.ok(byName.AuthenticationResult?.AccessToken);
});

test('a session past AuthSessionValidity is expired', async () => {
  const username = await customUser(t, main.poolId);
  const res = await initiate(t, main.clientId, username);
  advanceClock(t, 3 * 60_000 + 1000);
  await rejects(
    answer(t, main.clientId, res.Session, { USERNAME: username, ANSWER }),
    'NotAuthorizedException',
    'Invalid session for the user, session is expired.',
  );
});

test('a client with a secret needs SECRET_HASH to start and to answer', async () => {
  const username = await customUser(t, main.poolId);
  const client = await createClient(t, main.poolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const id = client.ClientId;
  const hash = secretHash(client.ClientSecret as string, username, id);
  await rejects(
    initiate(t, id, username),
    'NotAuthorizedException',
    `Client ${id} is configured with secret but SECRET_HASH was not received`,
  );
  const res = await initiate(t, id, username, { SECRET_HASH: hash });
  assert.equal(res.ChallengeName, 'CUSTOM_CHALLENGE');
  await rejects(
    answer(t, id, res.Session, { USERNAME: username, ANSWER, SECRET_HASH: 'bad' }),
    'NotAuthorizedException',
    `Unable to verify secret hash for client ${id}`,
  );
  const done = await answer(t, id, res.Session, { USERNAME: username, ANSWER, SECRET_HASH: hash });
  assert.ok(done.AuthenticationResult?.AccessToken);
});
