// PreAuthentication and PostAuthentication around a sign-in: USER_PASSWORD_AUTH and
// ADMIN_USER_PASSWORD_AUTH through the AWS SDK, USER_SRP_AUTH through amazon-cognito-identity-js,
// CUSTOM_AUTH, a temporary password, unknown users and failing functions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import {
  createClient,
  createConfirmed,
  createWithTemporaryPassword,
  PASSWORD,
  rejects,
  signIn,
  TEMPORARY_PASSWORD,
  unique,
  verifiedEmail,
} from '../support/index.ts';
import {
  arn,
  handler,
  startTriggerServer,
  type TriggerServer,
  triggerPool,
} from './triggers.fixture.ts';

const FUNCTIONS = {
  'preauth.mjs': handler(`
    if (event.request.validationData?.block === 'yes') throw new Error('Sign-in blocked for this app');
    return event;`),
  'postauth.mjs': handler(`
    if (event.request.clientMetadata?.fail === 'yes') throw new Error('Audit log unavailable');
    return event;`),
  'define.mjs': handler(`
    event.response.issueTokens = !event.request.userNotFound;
    event.response.failAuthentication = Boolean(event.request.userNotFound);
    return event;`),
};

let s: TriggerServer;
let poolId: string;
let clientId: string;
let hidingId: string;
before(async () => {
  s = await startTriggerServer(FUNCTIONS);
  ({ poolId, clientId } = await triggerPool(s.t, {
    LambdaConfig: {
      PreAuthentication: arn('preauth'),
      PostAuthentication: arn('postauth'),
      DefineAuthChallenge: arn('define'),
      CreateAuthChallenge: arn('define'),
      VerifyAuthChallengeResponse: arn('define'),
    },
  }));
  const hiding = await createClient(s.t, poolId, {
    ExplicitAuthFlows: [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
    PreventUserExistenceErrors: 'ENABLED',
  });
  hidingId = hiding.ClientId;
});
after(() => s.close());

async function member(): Promise<string> {
  const username = unique('member');
  await createConfirmed(s.t, poolId, username, {
    attributes: verifiedEmail(`${username}@example.com`),
  });
  return username;
}

const countFor = (source: string, username: string) =>
  s.events(source).filter((e) => e.userName === username).length;

test('USER_PASSWORD_AUTH: PreAuthentication with ClientMetadata as validationData, then PostAuthentication', async () => {
  const username = await member();
  const tokens = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
      ClientMetadata: { app: 'web' },
    }),
  );
  assert.ok(tokens.AuthenticationResult?.IdToken);
  const pre = s.lastEvent('PreAuthentication_Authentication', username);
  assert.equal(pre.callerContext.clientId, clientId);
  assert.deepEqual(pre.request, {
    userAttributes: {
      email: `${username}@example.com`,
      email_verified: 'true',
      sub: pre.request.userAttributes?.sub,
      'cognito:user_status': 'CONFIRMED',
    },
    validationData: { app: 'web' },
  });
  assert.deepEqual(pre.response, {});
  const post = s.lastEvent('PostAuthentication_Authentication', username);
  // Cognito passes PostAuthentication no ClientMetadata of InitiateAuth.
  assert.deepEqual(post.request, {
    userAttributes: pre.request.userAttributes,
    newDeviceUsed: false,
  });
  const order = s
    .events()
    .filter((e) => e.userName === username)
    .map((e) => e.triggerSource);
  assert.deepEqual(order, [
    'PreAuthentication_Authentication',
    'PostAuthentication_Authentication',
  ]);
});

test('PreAuthentication runs before the password check, and its failure is the answer', async () => {
  const username = await member();
  await rejects(
    s.t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: 'not-the-password' },
        ClientMetadata: { block: 'yes' },
      }),
    ),
    'UserLambdaValidationException',
    'PreAuthentication failed with error Sign-in blocked for this app.',
  );
  assert.equal(countFor('PostAuthentication_Authentication', username), 0);
  // Not counted as a wrong password: the right one still signs in at once.
  assert.ok((await signIn(s.t, clientId, username)).IdToken);
});

test('USER_SRP_AUTH: PreAuthentication answers InitiateAuth, before PASSWORD_VERIFIER', async () => {
  const username = await member();
  await rejects(
    s.t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: username, SRP_A: 'a1b2c3' },
        ClientMetadata: { block: 'yes' },
      }),
    ),
    'UserLambdaValidationException',
    'PreAuthentication failed with error Sign-in blocked for this app.',
  );
});

function identityJsSignIn(username: string, metadata: Record<string, string>) {
  const userPool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: clientId,
    endpoint: s.t.url,
  });
  const user = new CognitoUser({ Username: username, Pool: userPool });
  return new Promise<CognitoUserSession>((resolve, reject) => {
    user.authenticateUser(
      new AuthenticationDetails({
        Username: username,
        Password: PASSWORD,
        ClientMetadata: metadata,
      }),
      { onSuccess: resolve, onFailure: reject },
    );
  });
}

test('amazon-cognito-identity-js (SRP): PostAuthentication gets the RespondToAuthChallenge ClientMetadata', async () => {
  const username = await member();
  const session = await identityJsSignIn(username, { device: 'kiosk' });
  assert.ok(session.isValid());
  assert.deepEqual(
    s.lastEvent('PreAuthentication_Authentication', username).request.validationData,
    {
      device: 'kiosk',
    },
  );
  assert.deepEqual(
    s.lastEvent('PostAuthentication_Authentication', username).request.clientMetadata,
    {
      device: 'kiosk',
    },
  );
  const refused = await identityJsSignIn(username, { block: 'yes' }).then(
    () => undefined,
    (err: Error & { code?: string }) => err,
  );
  assert.equal(refused?.name, 'UserLambdaValidationException');
});

test('a failing PostAuthentication ends the sign-in with its error and no tokens', async () => {
  const username = await member();
  const start = await s.t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  assert.ok(start.AuthenticationResult?.IdToken);
  const temporary = unique('temp');
  await createWithTemporaryPassword(s.t, poolId, temporary);
  const challenge = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: temporary, PASSWORD: TEMPORARY_PASSWORD },
    }),
  );
  assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  await rejects(
    s.t.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: temporary, NEW_PASSWORD: PASSWORD },
        ClientMetadata: { fail: 'yes' },
      }),
    ),
    'UserLambdaValidationException',
    'PostAuthentication failed with error Audit log unavailable.',
  );
  assert.deepEqual(
    s.lastEvent('PostAuthentication_Authentication', temporary).request.clientMetadata,
    { fail: 'yes' },
  );
});

test('unknown users: PreAuthentication only for a client hiding user existence, with userNotFound', async () => {
  const ghost = unique('ghost');
  await rejects(
    s.t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: ghost, PASSWORD },
      }),
    ),
    'UserNotFoundException',
  );
  assert.equal(countFor('PreAuthentication_Authentication', ghost), 0);
  await rejects(
    s.t.anon.send(
      new InitiateAuthCommand({
        ClientId: hidingId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: ghost, PASSWORD },
      }),
    ),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  assert.deepEqual(s.lastEvent('PreAuthentication_Authentication', ghost).request, {
    userAttributes: {},
    userNotFound: true,
  });
  const username = await member();
  await signIn(s.t, hidingId, username);
  assert.equal(
    s.lastEvent('PreAuthentication_Authentication', username).request.userNotFound,
    false,
  );
});

test('CUSTOM_AUTH runs PreAuthentication first and PostAuthentication before its tokens', async () => {
  const username = await member();
  const res = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: hidingId,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: username },
      ClientMetadata: { step: 'one' },
    }),
  );
  assert.ok(res.AuthenticationResult?.IdToken);
  const order = s
    .events()
    .filter((e) => e.userName === username)
    .map((e) => e.triggerSource);
  assert.deepEqual(order, [
    'PreAuthentication_Authentication',
    'DefineAuthChallenge_Authentication',
    'PostAuthentication_Authentication',
  ]);
  assert.deepEqual(
    s.lastEvent('PreAuthentication_Authentication', username).request.validationData,
    {
      step: 'one',
    },
  );
});

test('newDeviceUsed: true for a sign-in from a device a device-tracking pool does not know', async () => {
  const devices = await triggerPool(s.t, {
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: false },
    LambdaConfig: { PostAuthentication: arn('postauth') },
  });
  const username = unique('device');
  await createConfirmed(s.t, devices.poolId, username);
  const res = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: devices.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  assert.ok(res.AuthenticationResult?.NewDeviceMetadata?.DeviceKey);
  assert.equal(
    s.lastEvent('PostAuthentication_Authentication', username).request.newDeviceUsed,
    true,
  );
});
