import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  createClient,
  createPool,
  PASSWORD,
  passwordPool,
  rejects,
  secretHash,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function userMissing(poolId: string, username: string) {
  await rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })),
    'UserNotFoundException',
    'User does not exist.',
  );
}

test('SignUp creates an UNCONFIRMED user and emails a code when the pool auto-verifies email', async () => {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('alice');
  const res = await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'name', Value: 'Alice' },
      ],
    }),
  );
  assert.equal(res.UserConfirmed, false);
  assert.match(res.UserSub ?? '', UUID);
  assert.deepEqual(res.CodeDeliveryDetails, {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: 'a***@e***',
  });
  const mail = await t.outbox('alice@example.com');
  assert.match(mail?.code ?? '', /^\d{6}$/);
  assert.equal(mail?.destination, 'alice@example.com');
  assert.ok(mail?.body.includes(mail.code as string));

  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(user.Username, username);
  assert.equal(user.UserStatus, 'UNCONFIRMED');
  assert.equal(user.Enabled, true);
  const a = attrMap(user.UserAttributes);
  assert.equal(a.sub, res.UserSub);
  assert.equal(a.email, 'alice@example.com');
  assert.equal(a.name, 'Alice');
  assert.notEqual(a.email_verified, 'true');
});

test('SignUp without auto-verified attributes sends no code', async () => {
  const pool = await createPool(t);
  const client = await createClient(t, pool.Id);
  const res = await t.anon.send(
    new SignUpCommand({
      ClientId: client.ClientId,
      Username: unique('quiet'),
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'quiet@example.com' }],
    }),
  );
  assert.equal(res.UserConfirmed, false);
  assert.equal(res.CodeDeliveryDetails, undefined);
  assert.equal(await t.outbox('quiet@example.com'), undefined);
});

test('a second SignUp with the same username is UsernameExistsException', async () => {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('dup');
  const first = await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }),
  );
  await rejects(
    t.anon.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD })),
    'UsernameExistsException',
    'User already exists',
  );
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(attrMap(user.UserAttributes).sub, first.UserSub);
});

test('a password against the policy is InvalidPasswordException and creates nothing', async () => {
  const { poolId, clientId } = await passwordPool(t, {
    Policies: {
      PasswordPolicy: {
        MinimumLength: 12,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: false,
      },
    },
  });
  const username = unique('weak');
  const signUp = (password: string) =>
    t.anon.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: password }));
  await rejects(signUp('Passw0rd!'), 'InvalidPasswordException', /Password not long enough$/);
  await rejects(
    signUp('passw0rdpassw0rd'),
    'InvalidPasswordException',
    /Password must have uppercase characters$/,
  );
  await rejects(
    signUp('Passwordpassword'),
    'InvalidPasswordException',
    /Password must have numeric characters$/,
  );
  await userMissing(poolId, username);
  // Symbols are not required by this policy.
  const ok = await signUp('Passw0rdPassw0rd');
  assert.equal(ok.UserConfirmed, false);
});

test('a missing required attribute is InvalidParameterException', async () => {
  const { poolId, clientId } = await passwordPool(t, {
    Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
  });
  const username = unique('noemail');
  await rejects(
    t.anon.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD })),
    'InvalidParameterException',
    'Attributes did not conform to the schema: email: The attribute is required\n',
  );
  await userMissing(poolId, username);
});

test('an attribute outside the schema is InvalidParameterException', async () => {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('unknown');
  await rejects(
    t.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'custom:nope', Value: 'x' }],
      }),
    ),
    'InvalidParameterException',
    'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.\n',
  );
  await userMissing(poolId, username);
});

test('an invalid email address is InvalidParameterException', async () => {
  const { clientId } = await passwordPool(t);
  await rejects(
    t.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: unique('bademail'),
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'not-an-email' }],
      }),
    ),
    'InvalidParameterException',
    'Invalid email address format.',
  );
});

test('WriteAttributes limits what SignUp may set', async () => {
  const { poolId, clientId } = await passwordPool(t, {}, { WriteAttributes: ['email'] });
  const username = unique('writer');
  await rejects(
    t.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [
          { Name: 'email', Value: 'writer@example.com' },
          { Name: 'name', Value: 'Not allowed' },
        ],
      }),
    ),
    'NotAuthorizedException',
    'A client attempted to write unauthorized attribute',
  );
  await userMissing(poolId, username);
  const ok = await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'writer@example.com' }],
    }),
  );
  assert.equal(ok.UserConfirmed, false);
});

test('with UsernameAttributes email the username must be an email and becomes the email', async () => {
  const { poolId, clientId } = await passwordPool(t, { UsernameAttributes: ['email'] });
  const email = `${unique('mail')}@example.com`;
  await rejects(
    t.anon.send(
      new SignUpCommand({ ClientId: clientId, Username: 'plainname', Password: PASSWORD }),
    ),
    'InvalidParameterException',
    'Username should be an email.',
  );
  const res = await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD }),
  );
  const user = await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }));
  // The stored username is the sub; the email is an attribute.
  assert.equal(user.Username, res.UserSub);
  assert.equal(attrMap(user.UserAttributes).email, email);
  await rejects(
    t.anon.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD })),
    'UsernameExistsException',
    'An account with the given email already exists.',
  );
});

test('with AliasAttributes email the username cannot be an email', async () => {
  const { clientId } = await passwordPool(t, { AliasAttributes: ['email'] });
  await rejects(
    t.anon.send(
      new SignUpCommand({ ClientId: clientId, Username: 'a@example.com', Password: PASSWORD }),
    ),
    'InvalidParameterException',
    'Username cannot be of email format, since user pool is configured for email alias.',
  );
});

test('in a case-insensitive pool usernames differing only in case collide', async () => {
  const { clientId } = await passwordPool(t, { UsernameConfiguration: { CaseSensitive: false } });
  const username = unique('Mixed');
  await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }),
  );
  await rejects(
    t.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username.toUpperCase(),
        Password: PASSWORD,
      }),
    ),
    'UsernameExistsException',
    'User already exists',
  );
});

test('in a case-sensitive pool usernames differing only in case are different users', async () => {
  const { clientId } = await passwordPool(t, { UsernameConfiguration: { CaseSensitive: true } });
  const username = unique('Mixed');
  const a = await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }),
  );
  const b = await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: username.toUpperCase(), Password: PASSWORD }),
  );
  assert.notEqual(a.UserSub, b.UserSub);
});

test('a client with a secret needs a correct SecretHash', async () => {
  const pool = await createPool(t);
  const client = await createClient(t, pool.Id, { GenerateSecret: true });
  const secret = client.ClientSecret as string;
  const username = unique('hashed');
  const signUp = (hash?: string) =>
    t.anon.send(
      new SignUpCommand({
        ClientId: client.ClientId,
        Username: username,
        Password: PASSWORD,
        SecretHash: hash,
      }),
    );
  await rejects(
    signUp(),
    'NotAuthorizedException',
    `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`,
  );
  await rejects(
    signUp(secretHash(secret, 'someone-else', client.ClientId)),
    'NotAuthorizedException',
    `Unable to verify secret hash for client ${client.ClientId}`,
  );
  await userMissing(pool.Id, username);
  const ok = await signUp(secretHash(secret, username, client.ClientId));
  assert.match(ok.UserSub ?? '', UUID);
});

test('an unknown client is ResourceNotFoundException', async () => {
  await rejects(
    t.anon.send(
      new SignUpCommand({ ClientId: 'nosuchclient123', Username: 'x', Password: PASSWORD }),
    ),
    'ResourceNotFoundException',
    'User pool client nosuchclient123 does not exist.',
  );
});

test('with SMTP configured the code is mailed using the pool message template', async () => {
  const mailer = await startTestServer({ smtp: true });
  try {
    const { clientId } = await passwordPool(mailer, {
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
        EmailSubject: 'Welcome aboard',
        EmailMessage: 'Your Cognate code: {####}',
      },
    });
    const username = unique('smtp');
    const email = `${username}@example.com`;
    await mailer.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const smtp = mailer.smtp as NonNullable<typeof mailer.smtp>;
    const mail = await smtp.next(email);
    assert.match(mail.raw, /^Subject: Welcome aboard\r?$/m);
    assert.match(mail.raw, /Your Cognate code: \d{6}/);
    assert.match(mail.code ?? '', /^\d{6}$/);
    // Email goes out by SMTP, not to the dev outbox.
    assert.equal(await mailer.outbox(email), undefined);
    await mailer.anon.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: username,
        ConfirmationCode: mail.code as string,
      }),
    );
    // A refused sign-up (rolled back) mails nobody.
    const sent = smtp.mails.length;
    await rejects(
      mailer.anon.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: username,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      ),
      'UsernameExistsException',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(smtp.mails.length, sent);
  } finally {
    await mailer.close();
  }
});
