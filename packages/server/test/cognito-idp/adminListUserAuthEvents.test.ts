import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  type AuthEventType,
  ChangePasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import {
  createClient,
  createWithTemporaryPassword,
  PASSWORD,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  TEMPORARY_PASSWORD,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const WRONG = 'Wr0ng-Passw0rd!';

const list = (
  username: string,
  opts: { pool?: string; MaxResults?: number; NextToken?: string } = {},
) =>
  t.admin.send(
    new AdminListUserAuthEventsCommand({
      UserPoolId: opts.pool ?? poolId,
      Username: username,
      MaxResults: opts.MaxResults,
      NextToken: opts.NextToken,
    }),
  );

/** The user's history, newest first, as `Type:Response[:Challenge=Result]` lines. */
async function history(username: string, pool = poolId): Promise<string[]> {
  const res = await list(username, { pool });
  return (res.AuthEvents ?? []).map((e) =>
    [
      e.EventType,
      e.EventResponse,
      ...(e.ChallengeResponses ?? []).map((c) => `${c.ChallengeName}=${c.ChallengeResponse}`),
    ].join(':'),
  );
}

const attemptWrong = (username: string) =>
  rejects(signIn(t, clientId, username, WRONG), 'NotAuthorizedException');

test('records sign-up and every sign-in outcome, newest first, in Cognito shape', async () => {
  const username = unique('hist');
  const startedAt = Date.now();
  await signUpConfirmed(t, clientId, username);
  await attemptWrong(username);
  await signIn(t, clientId, username);

  const res = await list(username);
  assert.equal(res.NextToken, undefined);
  const events = res.AuthEvents as AuthEventType[];
  assert.equal(events.length, 3);
  const [pass, fail, signUp] = events;
  assert.deepEqual(Object.keys(pass).sort(), [
    'ChallengeResponses',
    'CreationDate',
    'EventId',
    'EventResponse',
    'EventRisk',
    'EventType',
  ]);
  assert.match(
    pass.EventId ?? '',
    /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.ok(pass.CreationDate instanceof Date);
  assert.ok((pass.CreationDate as Date).getTime() >= startedAt - 1000);
  assert.deepEqual(pass.EventRisk, {
    RiskDecision: 'NoRisk',
    CompromisedCredentialsDetected: false,
  });
  assert.equal(pass.EventType, 'SignIn');
  assert.equal(pass.EventResponse, 'Pass');
  assert.deepEqual(pass.ChallengeResponses, [
    { ChallengeName: 'Password', ChallengeResponse: 'Success' },
  ]);
  assert.equal(fail.EventResponse, 'Fail');
  assert.deepEqual(fail.ChallengeResponses, [
    { ChallengeName: 'Password', ChallengeResponse: 'Failure' },
  ]);
  assert.equal(signUp.EventType, 'SignUp');
  assert.equal(signUp.EventResponse, 'Pass');
  assert.deepEqual(signUp.ChallengeResponses, []);
  assert.ok((pass.CreationDate as Date) >= (fail.CreationDate as Date));
  assert.notEqual(pass.EventId, fail.EventId);
});

test('SRP and admin password sign-ins are recorded too', async () => {
  const srp = await createClient(t, poolId, {
    ExplicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
  });
  const username = unique('srph');
  await signUpConfirmed(t, clientId, username);
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: srp.ClientId, endpoint: t.url });
  const srpSignIn = (password: string) =>
    new Promise<void>((resolve, reject) => {
      new CognitoUser({ Username: username, Pool: pool }).authenticateUser(
        new AuthenticationDetails({ Username: username, Password: password }),
        { onSuccess: () => resolve(), onFailure: reject },
      );
    });
  await assert.rejects(srpSignIn(WRONG));
  await srpSignIn(PASSWORD);
  await t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: srp.ClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  assert.deepEqual(await history(username), [
    'SignIn:Pass:Password=Success',
    'SignIn:Pass:Password=Success',
    'SignIn:Fail:Password=Failure',
    'SignUp:Pass',
  ]);
});

test('a right password refused for a disabled user is a failed sign-in', async () => {
  const username = unique('dish');
  await signUpConfirmed(t, clientId, username);
  await t.admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
  await rejects(signIn(t, clientId, username), 'NotAuthorizedException', 'User is disabled.');
  assert.deepEqual((await history(username))[0], 'SignIn:Fail:Password=Success');
});

test('a sign-in finished through NEW_PASSWORD_REQUIRED is recorded once it ends', async () => {
  const username = unique('nprh');
  await createWithTemporaryPassword(t, poolId, username);
  const challenge = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: TEMPORARY_PASSWORD },
    }),
  );
  assert.deepEqual(await history(username), []);
  await t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: PASSWORD },
    }),
  );
  assert.deepEqual(await history(username), ['SignIn:Pass:Password=Success']);
});

test('password changes, reset requests and resent codes are recorded', async () => {
  const username = unique('other');
  await signUpConfirmed(t, clientId, username);
  const { AccessToken } = await signIn(t, clientId, username);
  const change = (previous: string) =>
    t.anon.send(
      new ChangePasswordCommand({
        AccessToken,
        PreviousPassword: previous,
        ProposedPassword: 'Chang3d-Passw0rd!',
      }),
    );
  // The failed change answers an error yet stays in the history.
  await rejects(change(WRONG), 'NotAuthorizedException', 'Incorrect username or password.');
  await change(PASSWORD);
  await t.anon.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
  assert.deepEqual((await history(username)).slice(0, 3), [
    'ForgotPassword:Pass',
    'PasswordChange:Pass',
    'PasswordChange:Fail',
  ]);

  const pending = unique('pend');
  await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: pending,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${pending}@example.com` }],
    }),
  );
  await t.anon.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: pending }));
  assert.deepEqual(await history(pending), ['ResendCode:Pass', 'SignUp:Pass']);
});

test('MaxResults pages through the history with NextToken', async () => {
  const username = unique('page');
  await signUpConfirmed(t, clientId, username);
  for (let i = 0; i < 4; i++) await attemptWrong(username);
  await signIn(t, clientId, username);
  const all = (await list(username)).AuthEvents ?? [];
  assert.equal(all.length, 6);

  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const res = await list(username, { MaxResults: 4, NextToken: token });
    pages += 1;
    assert.ok((res.AuthEvents ?? []).length <= 4);
    seen.push(...(res.AuthEvents ?? []).map((e) => e.EventId as string));
    token = res.NextToken;
  } while (token);
  assert.equal(pages, 2);
  assert.deepEqual(
    seen,
    all.map((e) => e.EventId),
  );
  // 0 means the default page of 60.
  assert.equal((await list(username, { MaxResults: 0 })).AuthEvents?.length, 6);
});

test('MaxResults outside 0-60 and a malformed NextToken are InvalidParameterException', async () => {
  const username = unique('bad');
  await signUpConfirmed(t, clientId, username);
  await rejects(
    list(username, { MaxResults: 61 }),
    'InvalidParameterException',
    "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
  );
  await rejects(list(username, { MaxResults: -1 }), 'InvalidParameterException');
  await rejects(list(username, { NextToken: 'nonsense' }), 'InvalidParameterException');
});

test('only a pool that turns advanced security OFF refuses with UserPoolAddOnNotEnabledException', async () => {
  const off = await passwordPool(t, { UserPoolAddOns: { AdvancedSecurityMode: 'OFF' } });
  const audit = await passwordPool(t, { UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
  const a = unique('off');
  const b = unique('audit');
  await signUpConfirmed(t, off.clientId, a);
  await signUpConfirmed(t, audit.clientId, b);
  await rejects(list(a, { pool: off.poolId }), 'UserPoolAddOnNotEnabledException');
  assert.deepEqual(await history(b, audit.poolId), ['SignUp:Pass']);
});

test('an unknown user is UserNotFoundException, an unknown pool ResourceNotFoundException', async () => {
  await rejects(list(unique('ghost')), 'UserNotFoundException', 'User does not exist.');
  await rejects(
    list('someone', { pool: 'us-east-1_NoSuchPoo' }),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
