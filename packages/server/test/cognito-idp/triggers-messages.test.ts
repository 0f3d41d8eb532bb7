// The message triggers: CustomMessage for every CustomMessage_* source (its text replaces the
// pool's template; the dev outbox keeps each message exactly as sent), and the custom senders
// (CustomEmailSender / CustomSMSSender), which get the code and deliver instead of the server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { attrMap, PASSWORD, rejects, signIn, unique } from '../support/index.ts';
import { mfaPool, mfaUser, respond } from './mfa-helpers.ts';
import {
  arn,
  handler,
  outboxFor,
  startTriggerServer,
  type TriggerServer,
  triggerPool,
} from './triggers.fixture.ts';

// `custom` writes a message naming its source; ClientMetadata `mode` makes it misbehave.
const FUNCTIONS = {
  'custom.mjs': handler(`
    const { codeParameter, usernameParameter } = event.request;
    const mode = event.request.clientMetadata?.mode;
    if (mode === 'throw') throw new Error('Template service down');
    const who = usernameParameter ? ' for ' + usernameParameter : '';
    event.response.emailSubject = 'Subject of ' + event.triggerSource;
    event.response.emailMessage = '<p>' + event.triggerSource + who + ': ' + codeParameter + '</p>';
    event.response.smsMessage = event.triggerSource + ' ' + codeParameter + who;
    if (mode === 'nocode') {
      event.response.emailMessage = '<p>Welcome' + who + '</p>';
      event.response.smsMessage = 'Welcome' + who;
    }
    if (mode === 'nousername') event.response.emailMessage = '<p>Code ' + codeParameter + '</p>';
    if (mode === 'number') event.response.emailMessage = 42;
    return event;`),
  'sender.mjs': handler(`
    if (event.request.clientMetadata?.mode === 'throw') throw new Error('Provider down');`),
};

const TEMPLATE = { EmailSubject: 'Pool subject', EmailMessage: 'Pool code {####}' };

let s: TriggerServer;
let pool: { poolId: string; clientId: string };
let senders: { poolId: string; clientId: string };
before(async () => {
  s = await startTriggerServer(FUNCTIONS);
  pool = await triggerPool(s.t, {
    LambdaConfig: { CustomMessage: arn('custom') },
    VerificationMessageTemplate: TEMPLATE,
    AdminCreateUserConfig: {
      InviteMessageTemplate: {
        EmailSubject: 'Pool invitation',
        EmailMessage: 'Pool: {username} / {####}',
      },
    },
  });
  senders = await triggerPool(s.t, {
    AutoVerifiedAttributes: ['email', 'phone_number'],
    LambdaConfig: {
      CustomMessage: arn('custom'),
      CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: arn('sender') },
      CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: arn('sender') },
      KMSKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
  });
});
after(() => s.close());

const email = (username: string) => `${username}@example.com`;

async function signUp(username: string, target = pool, metadata?: Record<string, string>) {
  return s.t.anon.send(
    new SignUpCommand({
      ClientId: target.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email(username) }],
      ClientMetadata: metadata,
    }),
  );
}

/** The newest message to `to`, which must exist. */
async function lastMessage(to: string) {
  const [message] = await outboxFor(s.t, to);
  assert.ok(message, `a message to ${to}`);
  return message;
}

/** A user of `pool` with a verified email, signed in: its access token. */
async function verifiedUser(username: string): Promise<string> {
  await s.t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.poolId,
      Username: username,
      TemporaryPassword: PASSWORD,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email(username) },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  const res = await s.t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.poolId,
      ClientId: pool.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  const done = await s.t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: pool.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: res.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: PASSWORD },
    }),
  );
  return done.AuthenticationResult?.AccessToken as string;
}

test('CustomMessage_SignUp: the event, and the message sent exactly as the function wrote it', async () => {
  const username = unique('signup');
  await signUp(username, pool, { campaign: 'spring' });
  const event = s.lastEvent('CustomMessage_SignUp', username);
  assert.equal(event.callerContext.clientId, pool.clientId);
  assert.deepEqual(event.request, {
    userAttributes: {
      email: email(username),
      sub: event.request.userAttributes?.sub,
      'cognito:user_status': 'UNCONFIRMED',
    },
    codeParameter: '{####}',
    linkParameter: '{##Click Here##}',
    usernameParameter: null,
    clientMetadata: { campaign: 'spring' },
  });
  assert.deepEqual(event.response, { smsMessage: null, emailMessage: null, emailSubject: null });
  const message = await lastMessage(email(username));
  assert.ok(message.code && /^\d{6}$/.test(message.code));
  assert.equal(message.subject, 'Subject of CustomMessage_SignUp');
  assert.equal(message.body, `<p>CustomMessage_SignUp: ${message.code}</p>`);
  await s.t.anon.send(
    new ConfirmSignUpCommand({
      ClientId: pool.clientId,
      Username: username,
      ConfirmationCode: message.code,
    }),
  );
});

test('CustomMessage_ResendCode and CustomMessage_ForgotPassword (ForgotPassword, AdminResetUserPassword)', async () => {
  const username = unique('resend');
  await signUp(username);
  await s.t.anon.send(
    new ResendConfirmationCodeCommand({
      ClientId: pool.clientId,
      Username: username,
      ClientMetadata: { why: 'lost' },
    }),
  );
  assert.deepEqual(s.lastEvent('CustomMessage_ResendCode', username).request.clientMetadata, {
    why: 'lost',
  });
  assert.equal((await lastMessage(email(username))).subject, 'Subject of CustomMessage_ResendCode');

  const verified = unique('forgot');
  await verifiedUser(verified);
  await s.t.anon.send(
    new ForgotPasswordCommand({
      ClientId: pool.clientId,
      Username: verified,
      ClientMetadata: { app: 'ios' },
    }),
  );
  const forgot = s.lastEvent('CustomMessage_ForgotPassword', verified);
  assert.equal(forgot.callerContext.clientId, pool.clientId);
  assert.deepEqual(forgot.request.clientMetadata, { app: 'ios' });
  const sent = await lastMessage(email(verified));
  assert.equal(sent.body, `<p>CustomMessage_ForgotPassword: ${sent.code}</p>`);

  await s.t.admin.send(
    new AdminResetUserPasswordCommand({
      UserPoolId: pool.poolId,
      Username: verified,
      ClientMetadata: { by: 'helpdesk' },
    }),
  );
  const reset = s.lastEvent('CustomMessage_ForgotPassword', verified);
  assert.equal(reset.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  assert.deepEqual(reset.request.clientMetadata, { by: 'helpdesk' });
});

test('CustomMessage_UpdateUserAttribute and CustomMessage_VerifyUserAttribute', async () => {
  const username = unique('attrs');
  const accessToken = await verifiedUser(username);
  const next = `${unique('new')}@example.com`;
  await s.t.anon.send(
    new UpdateUserAttributesCommand({
      AccessToken: accessToken,
      UserAttributes: [{ Name: 'email', Value: next }],
      ClientMetadata: { screen: 'profile' },
    }),
  );
  const update = s.lastEvent('CustomMessage_UpdateUserAttribute', username);
  assert.equal(update.request.userAttributes?.email, next);
  assert.deepEqual(update.request.clientMetadata, { screen: 'profile' });
  const updated = await lastMessage(next);
  assert.equal(updated.body, `<p>CustomMessage_UpdateUserAttribute: ${updated.code}</p>`);

  await s.t.anon.send(
    new GetUserAttributeVerificationCodeCommand({
      AccessToken: accessToken,
      AttributeName: 'email',
      ClientMetadata: { screen: 'verify' },
    }),
  );
  const verify = s.lastEvent('CustomMessage_VerifyUserAttribute', username);
  assert.deepEqual(verify.request.clientMetadata, { screen: 'verify' });
  assert.equal((await lastMessage(next)).subject, 'Subject of CustomMessage_VerifyUserAttribute');

  const third = `${unique('admin')}@example.com`;
  await s.t.admin.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: pool.poolId,
      Username: username,
      UserAttributes: [{ Name: 'email', Value: third }],
      ClientMetadata: { by: 'admin' },
    }),
  );
  const adminUpdate = s.lastEvent('CustomMessage_UpdateUserAttribute', username);
  assert.equal(adminUpdate.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  assert.deepEqual(adminUpdate.request.clientMetadata, { by: 'admin' });
});

test('CustomMessage_AdminCreateUser: the username placeholder, and the temporary password as the code', async () => {
  const username = unique('invited');
  await s.t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.poolId,
      Username: username,
      UserAttributes: [{ Name: 'email', Value: email(username) }],
      DesiredDeliveryMediums: ['EMAIL'],
      ClientMetadata: { team: 'ops' },
    }),
  );
  const event = s.lastEvent('CustomMessage_AdminCreateUser', username);
  assert.equal(event.request.usernameParameter, '{username}');
  assert.equal(event.request.codeParameter, '{####}');
  assert.deepEqual(event.request.clientMetadata, { team: 'ops' });
  const invitation = await lastMessage(email(username));
  assert.equal(invitation.subject, 'Subject of CustomMessage_AdminCreateUser');
  assert.equal(
    invitation.body,
    `<p>CustomMessage_AdminCreateUser for ${username}: ${invitation.code}</p>`,
  );
  const res = await s.t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.poolId,
      ClientId: pool.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: invitation.code as string },
    }),
  );
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
});

test('an SMS: the smsMessage, without a subject', async () => {
  const phones = await triggerPool(s.t, {
    AutoVerifiedAttributes: ['phone_number'],
    LambdaConfig: { CustomMessage: arn('custom') },
  });
  const username = unique('texted');
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  await s.t.anon.send(
    new SignUpCommand({
      ClientId: phones.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'phone_number', Value: phone }],
    }),
  );
  const sms = await lastMessage(phone);
  assert.equal(sms.channel, 'SMS');
  assert.equal(sms.subject, undefined);
  assert.equal(sms.body, `CustomMessage_SignUp ${sms.code}`);
});

test('a text without {####} (or, inviting, {username}) is not used: the template goes out, as on Cognito', async () => {
  const username = unique('nocode');
  await signUp(username, pool, { mode: 'nocode' });
  const message = await lastMessage(email(username));
  assert.equal(message.subject, 'Subject of CustomMessage_SignUp');
  assert.equal(message.body, `Pool code ${message.code}`);

  const invited = unique('nouser');
  await s.t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.poolId,
      Username: invited,
      UserAttributes: [{ Name: 'email', Value: email(invited) }],
      DesiredDeliveryMediums: ['EMAIL'],
      ClientMetadata: { mode: 'nousername' },
    }),
  );
  const invitation = await lastMessage(email(invited));
  assert.equal(invitation.body, `Pool: ${invited} / ${invitation.code}`);
});

test('a CustomMessage that fails: UserLambdaValidationException and nothing changes', async () => {
  const username = unique('broken');
  await rejects(
    signUp(username, pool, { mode: 'throw' }),
    'UserLambdaValidationException',
    'CustomMessage failed with error Template service down.',
  );
  await rejects(
    s.t.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username })),
    'UserNotFoundException',
  );
  assert.deepEqual(await outboxFor(s.t, email(username)), []);

  const member = unique('keeps');
  const accessToken = await verifiedUser(member);
  const next = `${unique('never')}@example.com`;
  await rejects(
    s.t.anon.send(
      new UpdateUserAttributesCommand({
        AccessToken: accessToken,
        UserAttributes: [{ Name: 'email', Value: next }],
        ClientMetadata: { mode: 'throw' },
      }),
    ),
    'UserLambdaValidationException',
  );
  const user = await s.t.admin.send(
    new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: member }),
  );
  assert.equal(attrMap(user.UserAttributes).email, email(member));
  assert.equal(attrMap(user.UserAttributes).email_verified, 'true');
});

test('a CustomMessage answering a text that is no string: InvalidLambdaResponseException', async () => {
  const username = unique('numeric');
  await rejects(
    signUp(username, pool, { mode: 'number' }),
    'InvalidLambdaResponseException',
    'Unrecognizable lambda output',
  );
  await rejects(
    s.t.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username })),
    'UserNotFoundException',
  );
});

test('CustomEmailSender gets the code in plain text and delivers it; the server sends nothing', async () => {
  const username = unique('sender');
  await signUp(username, senders, { locale: 'fr' });
  const event = s.lastEvent('CustomEmailSender_SignUp', username);
  assert.equal(event.version, '1');
  assert.equal(event.callerContext.clientId, senders.clientId);
  assert.equal(event.request.type, 'customEmailSenderRequestV1');
  assert.match(String(event.request.code), /^\d{6}$/);
  assert.equal(event.request.userAttributes?.email, email(username));
  assert.deepEqual(event.request.clientMetadata, { locale: 'fr' });
  // The custom sender replaces the message path: no CustomMessage, no outbox entry.
  assert.equal(s.events('CustomMessage_SignUp').filter((e) => e.userName === username).length, 0);
  assert.deepEqual(await outboxFor(s.t, email(username)), []);
  await s.t.anon.send(
    new ConfirmSignUpCommand({
      ClientId: senders.clientId,
      Username: username,
      ConfirmationCode: String(event.request.code),
    }),
  );
  assert.ok((await signIn(s.t, senders.clientId, username)).IdToken);
});

test('CustomSMSSender gets an invitation’s temporary password', async () => {
  const username = unique('smsinvite');
  const phone = `+1444${String(Date.now()).slice(-7)}`;
  await s.t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: senders.poolId,
      Username: username,
      UserAttributes: [{ Name: 'phone_number', Value: phone }],
      DesiredDeliveryMediums: ['SMS'],
    }),
  );
  const event = s.lastEvent('CustomSMSSender_AdminCreateUser', username);
  assert.equal(event.request.type, 'customSMSSenderRequestV1');
  assert.equal(event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  assert.deepEqual(await outboxFor(s.t, phone), []);
  const res = await s.t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: senders.poolId,
      ClientId: senders.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: String(event.request.code) },
    }),
  );
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
});

test('a failing custom sender does not fail the operation (Cognito runs senders asynchronously)', async () => {
  const username = unique('unsent');
  const res = await signUp(username, senders, { mode: 'throw' });
  assert.equal(res.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
  assert.ok(s.lastEvent('CustomEmailSender_SignUp', username));
  assert.deepEqual(await outboxFor(s.t, email(username)), []);
  const user = await s.t.admin.send(
    new AdminGetUserCommand({ UserPoolId: senders.poolId, Username: username }),
  );
  assert.equal(user.UserStatus, 'UNCONFIRMED');
});

test('CustomMessage_Authentication: an SMS MFA code, without InitiateAuth’s ClientMetadata', async () => {
  const mfa = await mfaPool(s.t, {
    mode: 'OPTIONAL',
    sms: true,
    pool: { LambdaConfig: { CustomMessage: arn('custom') } },
  });
  const { username, phone } = await mfaUser(s.t, mfa.poolId);
  await s.t.admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: mfa.poolId,
      Username: username,
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  const started = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: mfa.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
      ClientMetadata: { not: 'passed' },
    }),
  );
  assert.equal(started.ChallengeName, 'SMS_MFA');
  const event = s.lastEvent('CustomMessage_Authentication', username);
  assert.equal(event.callerContext.clientId, mfa.clientId);
  assert.equal(event.request.clientMetadata, undefined);
  const sms = await lastMessage(phone as string);
  assert.equal(sms.body, `CustomMessage_Authentication ${sms.code}`);
  const done = await respond(s.t, mfa.clientId, 'SMS_MFA', started.Session, {
    USERNAME: username,
    SMS_MFA_CODE: sms.code as string,
  });
  assert.ok(done.AuthenticationResult?.IdToken);
});
