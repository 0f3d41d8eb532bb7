// The sign-up triggers: PreSignUp (SignUp, AdminCreateUser) and PostConfirmation (ConfirmSignUp,
// AdminConfirmSignUp, ConfirmForgotPassword, an auto-confirmed SignUp), driven by the AWS SDK,
// with handlers written as Lambda handlers that record the events they get.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { attrMap, codeFor, PASSWORD, rejects, signIn, unique } from '../support/index.ts';
import {
  arn,
  handler,
  outboxFor,
  startTriggerServer,
  type TriggerServer,
  triggerPool,
} from './triggers.fixture.ts';

// PreSignUp does what the request's ClientMetadata `mode` asks, as a test double for a real
// policy (an allow-list, a captcha check).
const FUNCTIONS = {
  'presignup.mjs': handler(`
    const mode = event.request.clientMetadata?.mode;
    if (mode === 'deny') throw new Error('Sign-ups are closed');
    if (mode === 'garbage') return 'not an event';
    if (mode === 'badflag') event.response.autoConfirmUser = 'yes';
    if (mode === 'confirm' || mode === 'verify') event.response.autoConfirmUser = true;
    if (mode === 'verify' || mode === 'verifyonly') event.response.autoVerifyEmail = true;
    return event;`),
  'postconfirm.mjs': handler(`
    const meta = event.request.clientMetadata ?? {};
    if (meta.mode === 'fail') throw new Error('Could not provision the account');
    if (meta.group) {
      // What post-confirmation handlers typically do: call the user pool back.
      const { CognitoIdentityProviderClient, AdminAddUserToGroupCommand } = await sdk();
      const s = server();
      const client = new CognitoIdentityProviderClient({
        region: 'us-east-1',
        endpoint: s.url,
        credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      });
      await client.send(new AdminAddUserToGroupCommand({
        UserPoolId: event.userPoolId, Username: event.userName, GroupName: meta.group,
      }));
      client.destroy();
    }
    return event;`),
  'hang.mjs': handler('return new Promise(() => {});'),
};

let s: TriggerServer;
let poolId: string;
let clientId: string;
before(async () => {
  s = await startTriggerServer(FUNCTIONS);
  ({ poolId, clientId } = await triggerPool(s.t, {
    LambdaConfig: { PreSignUp: arn('presignup'), PostConfirmation: arn('postconfirm') },
  }));
});
after(() => s.close());

const signUp = (username: string, extra: Record<string, unknown> = {}) =>
  s.t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      ...extra,
    }),
  );

const getUser = (username: string, pool = poolId) =>
  s.t.admin.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username }));

const assertNoUser = (username: string, pool = poolId) =>
  rejects(getUser(username, pool), 'UserNotFoundException');

test('SignUp runs PreSignUp_SignUp with the attributes, ValidationData and ClientMetadata', async () => {
  const username = unique('pre');
  const res = await signUp(username, {
    ValidationData: [{ Name: 'captcha', Value: 'solved' }],
    ClientMetadata: { page: 'landing' },
  });
  assert.equal(res.UserConfirmed, false);
  assert.equal(res.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
  const event = s.lastEvent('PreSignUp_SignUp', username);
  assert.equal(event.version, '1');
  assert.equal(event.region, 'us-east-1');
  assert.equal(event.userPoolId, poolId);
  assert.equal(event.callerContext.clientId, clientId);
  assert.equal(typeof event.callerContext.awsSdkVersion, 'string');
  assert.deepEqual(event.request, {
    userAttributes: { email: `${username}@example.com` },
    validationData: { captcha: 'solved' },
    clientMetadata: { page: 'landing' },
  });
  assert.deepEqual(event.response, {
    autoConfirmUser: false,
    autoVerifyEmail: false,
    autoVerifyPhone: false,
  });
  assert.equal((await getUser(username)).UserStatus, 'UNCONFIRMED');
  // Without them, validationData is null and clientMetadata left out, as Cognito sends them.
  const bare = unique('pre');
  await signUp(bare);
  assert.deepEqual(s.lastEvent('PreSignUp_SignUp', bare).request, {
    userAttributes: { email: `${bare}@example.com` },
    validationData: null,
  });
});

test('autoConfirmUser: CONFIRMED at once, no code sent, PostConfirmation runs, sign-in works', async () => {
  const username = unique('auto');
  const res = await signUp(username, { ClientMetadata: { mode: 'confirm' } });
  assert.equal(res.UserConfirmed, true);
  assert.equal(res.CodeDeliveryDetails, undefined);
  const user = await getUser(username);
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.notEqual(attrMap(user.UserAttributes).email_verified, 'true');
  assert.deepEqual(await outboxFor(s.t, `${username}@example.com`), []);
  const post = s.lastEvent('PostConfirmation_ConfirmSignUp', username);
  assert.equal(post.callerContext.clientId, clientId);
  assert.deepEqual(post.request.clientMetadata, { mode: 'confirm' });
  assert.equal(post.request.userAttributes?.['cognito:user_status'], 'CONFIRMED');
  assert.ok((await signIn(s.t, clientId, username)).IdToken);
});

test('autoVerifyEmail with autoConfirmUser marks the email verified (a reset code can go there)', async () => {
  const username = unique('verified');
  await signUp(username, { ClientMetadata: { mode: 'verify' } });
  const user = await getUser(username);
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal(attrMap(user.UserAttributes).email_verified, 'true');
  const reset = await s.t.anon.send(
    new ForgotPasswordCommand({ ClientId: clientId, Username: username }),
  );
  assert.equal(reset.CodeDeliveryDetails?.AttributeName, 'email');
});

test('an auto-verified email alias moves to the new user, as Cognito documents', async () => {
  const aliases = await triggerPool(s.t, {
    AliasAttributes: ['email'],
    LambdaConfig: { PreSignUp: arn('presignup') },
  });
  const email = `${unique('shared')}@example.com`;
  const first = unique('first');
  const second = unique('second');
  for (const username of [first, second]) {
    await s.t.anon.send(
      new SignUpCommand({
        ClientId: aliases.clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: email }],
        ClientMetadata: { mode: 'verify' },
      }),
    );
  }
  const old = await getUser(first, aliases.poolId);
  assert.equal(attrMap(old.UserAttributes).email_verified, 'false');
  const tokens = await signIn(s.t, aliases.clientId, email);
  assert.ok(tokens.IdToken);
});

test('auto-verifying without auto-confirming is InvalidLambdaResponseException; nothing is created', async () => {
  const username = unique('half');
  await rejects(
    signUp(username, { ClientMetadata: { mode: 'verifyonly' } }),
    'InvalidLambdaResponseException',
    'Phone or email cannot be auto verified, when user is not being auto confirmed.',
  );
  await assertNoUser(username);
  assert.deepEqual(await outboxFor(s.t, `${username}@example.com`), []);
});

test('a PreSignUp that fails refuses the sign-up with its message; nothing is created', async () => {
  const username = unique('denied');
  await rejects(
    signUp(username, { ClientMetadata: { mode: 'deny' } }),
    'UserLambdaValidationException',
    'PreSignUp failed with error Sign-ups are closed.',
  );
  await assertNoUser(username);
  assert.deepEqual(await outboxFor(s.t, `${username}@example.com`), []);
});

test('a PreSignUp that answers no event, or a flag that is no boolean: InvalidLambdaResponseException', async () => {
  for (const mode of ['garbage', 'badflag']) {
    const username = unique(mode);
    await rejects(
      signUp(username, { ClientMetadata: { mode } }),
      'InvalidLambdaResponseException',
      'Unrecognizable lambda output',
    );
    await assertNoUser(username);
  }
});

test('a PreSignUp that does not answer within 5 s: UnexpectedLambdaException; nothing is created', async () => {
  const slow = await triggerPool(s.t, { LambdaConfig: { PreSignUp: arn('hang') } });
  const username = unique('slow');
  const started = Date.now();
  await rejects(
    s.t.anon.send(
      new SignUpCommand({
        ClientId: slow.clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    ),
    'UnexpectedLambdaException',
    'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.',
  );
  assert.ok(Date.now() - started >= 4900);
  await assertNoUser(username, slow.poolId);
});

test('AdminCreateUser runs PreSignUp_AdminCreateUser; its answer is ignored, its failure refuses', async () => {
  const username = unique('admin');
  await s.t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      ValidationData: [{ Name: 'ticket', Value: 'T-1' }],
      ClientMetadata: { mode: 'confirm' },
      MessageAction: 'SUPPRESS',
    }),
  );
  const event = s.lastEvent('PreSignUp_AdminCreateUser', username);
  assert.equal(event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  assert.deepEqual(event.request.validationData, { ticket: 'T-1' });
  assert.deepEqual(event.request.clientMetadata, { mode: 'confirm' });
  // autoConfirmUser is ignored for administrators' users: still a temporary password to change.
  assert.equal((await getUser(username)).UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(
    s.events('PostConfirmation_ConfirmSignUp').filter((e) => e.userName === username).length,
    0,
  );
  const refused = unique('refused');
  await rejects(
    s.t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: refused,
        ClientMetadata: { mode: 'deny' },
      }),
    ),
    'UserLambdaValidationException',
    'PreSignUp failed with error Sign-ups are closed.',
  );
  await assertNoUser(refused);
});

test('ConfirmSignUp runs PostConfirmation_ConfirmSignUp, which may call the server back', async () => {
  const group = unique('members');
  await s.t.admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group }));
  const username = unique('joiner');
  await signUp(username);
  await s.t.anon.send(
    new ConfirmSignUpCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: await codeFor(s.t, `${username}@example.com`),
      ClientMetadata: { group },
    }),
  );
  const event = s.lastEvent('PostConfirmation_ConfirmSignUp', username);
  assert.equal(event.callerContext.clientId, clientId);
  assert.deepEqual(event.request.clientMetadata, { group });
  assert.equal(event.request.userAttributes?.email_verified, 'true');
  assert.equal(event.request.userAttributes?.['cognito:user_status'], 'CONFIRMED');
  assert.deepEqual(event.response, {});
  const groups = await s.t.admin.send(
    new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.deepEqual(
    groups.Groups?.map((g) => g.GroupName),
    [group],
  );
});

test('AdminConfirmSignUp runs PostConfirmation_ConfirmSignUp without a client', async () => {
  const username = unique('adminconfirm');
  await signUp(username);
  await s.t.admin.send(
    new AdminConfirmSignUpCommand({
      UserPoolId: poolId,
      Username: username,
      ClientMetadata: { by: 'support' },
    }),
  );
  const event = s.lastEvent('PostConfirmation_ConfirmSignUp', username);
  assert.equal(event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  assert.deepEqual(event.request.clientMetadata, { by: 'support' });
});

test('ConfirmForgotPassword runs PostConfirmation_ConfirmForgotPassword', async () => {
  const username = unique('reset');
  await signUp(username, { ClientMetadata: { mode: 'verify' } });
  await s.t.anon.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
  await s.t.anon.send(
    new ConfirmForgotPasswordCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: await codeFor(s.t, `${username}@example.com`),
      Password: 'N3w-Passw0rd!',
      ClientMetadata: { flow: 'reset' },
    }),
  );
  const event = s.lastEvent('PostConfirmation_ConfirmForgotPassword', username);
  assert.deepEqual(event.request.clientMetadata, { flow: 'reset' });
  assert.ok((await signIn(s.t, clientId, username, 'N3w-Passw0rd!')).IdToken);
});

test('a failing PostConfirmation answers its error, but the confirmation stands, as on Cognito', async () => {
  const username = unique('unlucky');
  await signUp(username);
  await rejects(
    s.t.anon.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: username,
        ConfirmationCode: await codeFor(s.t, `${username}@example.com`),
        ClientMetadata: { mode: 'fail' },
      }),
    ),
    'UserLambdaValidationException',
    'PostConfirmation failed with error Could not provision the account.',
  );
  assert.equal((await getUser(username)).UserStatus, 'CONFIRMED');
  assert.ok((await signIn(s.t, clientId, username)).IdToken);
});

test('a wrong confirmation code does not run PostConfirmation, and its try still counts', async () => {
  const username = unique('wrongcode');
  await signUp(username);
  const code = await codeFor(s.t, `${username}@example.com`);
  const wrong = code === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++) {
    await rejects(
      s.t.anon.send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: username,
          ConfirmationCode: wrong,
        }),
      ),
      'CodeMismatchException',
    );
  }
  // Five counted tries burn the code, even the right one: the counts were committed.
  await rejects(
    s.t.anon.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }),
    ),
    'LimitExceededException',
  );
  assert.equal(
    s.events('PostConfirmation_ConfirmSignUp').filter((e) => e.userName === username).length,
    0,
  );
  assert.equal((await getUser(username)).UserStatus, 'UNCONFIRMED');
});
