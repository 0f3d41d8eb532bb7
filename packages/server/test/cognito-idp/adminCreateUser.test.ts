import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  type AdminCreateUserRequest,
  AdminGetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  attrMap,
  PASSWORD,
  passwordPool,
  rejects,
  signUpConfirmed,
  startTestServer,
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMP = 'Temp0rary!';

const create = (input: Partial<AdminCreateUserRequest>, pool = poolId) =>
  t.admin.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: unique('adm'), ...input }));

const passwordAuth = (username: string, password: string, client = clientId) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: client,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

test('creates a FORCE_CHANGE_PASSWORD user and emails the temporary password', async () => {
  const username = unique('invitee');
  const email = `${username}@example.com`;
  const res = await create({
    Username: username,
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'name', Value: 'Ivy' },
    ],
  });
  const u = res.User;
  assert.equal(u?.Username, username);
  assert.equal(u?.UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(u?.Enabled, true);
  assert.ok(u?.UserCreateDate instanceof Date);
  const a = attrMap(u?.Attributes);
  assert.match(a.sub ?? '', UUID);
  assert.equal(a.email, email);
  assert.equal(a.name, 'Ivy');

  const mail = await t.outbox(email);
  assert.equal(mail?.destination, email);
  assert.ok(mail?.body.includes(username), 'the invitation names the user');
  const temporary = mail?.code as string;
  assert.ok(temporary && mail?.body.includes(temporary));
  // The generated password meets the pool policy and starts the new-password challenge.
  assert.match(temporary, /[A-Z]/);
  assert.match(temporary, /[a-z]/);
  assert.match(temporary, /[0-9]/);
  assert.ok(temporary.length >= 8);
  const signIn = await passwordAuth(username, temporary);
  assert.equal(signIn.ChallengeName, 'NEW_PASSWORD_REQUIRED');
});

test('TemporaryPassword and MessageAction SUPPRESS: no message, that password works', async () => {
  const username = unique('quiet');
  const email = `${username}@example.com`;
  await create({
    Username: username,
    TemporaryPassword: TEMP,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  assert.equal(await t.outbox(email), undefined);
  assert.equal((await passwordAuth(username, TEMP)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
});

test('an existing username is UsernameExistsException', async () => {
  const username = unique('taken');
  await signUpConfirmed(t, clientId, username);
  await rejects(
    create({ Username: username, MessageAction: 'SUPPRESS' }),
    'UsernameExistsException',
    'User account already exists',
  );
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(user.UserStatus, 'CONFIRMED');
});

test('a verified email alias another user holds is AliasExistsException', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const email = `${unique('aliasowner')}@example.com`;
  await signUpConfirmed(t, alias.clientId, unique('owner'), { email });
  const username = unique('second');
  await rejects(
    create(
      {
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      },
      alias.poolId,
    ),
    'AliasExistsException',
    'An account with the given email already exists.',
  );
  await rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: alias.poolId, Username: username })),
    'UserNotFoundException',
  );
  // Unverified, the same address is no alias and does not conflict.
  const ok = await create(
    {
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }],
    },
    alias.poolId,
  );
  assert.equal(ok.User?.UserStatus, 'FORCE_CHANGE_PASSWORD');
});

test('a temporary password against the policy is InvalidPasswordException', async () => {
  const username = unique('weak');
  await rejects(
    create({ Username: username, TemporaryPassword: 'weak', MessageAction: 'SUPPRESS' }),
    'InvalidPasswordException',
    /Password not long enough$/,
  );
  await rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })),
    'UserNotFoundException',
  );
});

test('an attribute outside the schema is InvalidParameterException', async () => {
  await rejects(
    create({ MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] }),
    'InvalidParameterException',
    'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.\n',
  );
});

test('asking for EMAIL delivery without an email is InvalidParameterException', async () => {
  await rejects(
    create({ DesiredDeliveryMediums: ['EMAIL'] }),
    'InvalidParameterException',
    'User has no attribute matching desired delivery mediums',
  );
});

test('RESEND sends a new temporary password that replaces the old one', async () => {
  const username = unique('resend');
  const email = `${username}@example.com`;
  await create({
    Username: username,
    TemporaryPassword: TEMP,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  const res = await create({
    Username: username,
    MessageAction: 'RESEND',
    DesiredDeliveryMediums: ['EMAIL'],
  });
  assert.equal(res.User?.UserStatus, 'FORCE_CHANGE_PASSWORD');
  const fresh = (await t.outbox(email))?.code as string;
  assert.notEqual(fresh, TEMP);
  assert.equal((await passwordAuth(username, fresh)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
  await rejects(
    passwordAuth(username, TEMP),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});

test('RESEND for a confirmed user is UnsupportedUserStateException', async () => {
  const username = unique('confirmed');
  await signUpConfirmed(t, clientId, username);
  await rejects(
    create({ Username: username, MessageAction: 'RESEND' }),
    'UnsupportedUserStateException',
    /^Resend not possible/,
  );
});

test('in an email-as-username pool the username is the email and the stored name the sub', async () => {
  const p = await passwordPool(t, { UsernameAttributes: ['email'] });
  const email = `${unique('mailuser')}@example.com`;
  const res = await create(
    { Username: email, MessageAction: 'SUPPRESS', TemporaryPassword: TEMP },
    p.poolId,
  );
  const sub = attrMap(res.User?.Attributes).sub;
  assert.equal(res.User?.Username, sub);
  assert.equal(attrMap(res.User?.Attributes).email, email);
  assert.equal(
    (await passwordAuth(email, TEMP, p.clientId)).ChallengeName,
    'NEW_PASSWORD_REQUIRED',
  );
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    create({}, 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});

test('a caller signing with an unknown access key cannot create users', async () => {
  await rejects(
    t.anon.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: unique('anon') })),
    'UnrecognizedClientException',
  );
});

// Moves the server clock: keep last.
test('a temporary password expires after TemporaryPasswordValidityDays', async () => {
  const username = unique('stale');
  await create({ Username: username, TemporaryPassword: TEMP, MessageAction: 'SUPPRESS' });
  advanceClock(t, 8 * 24 * 60 * 60 * 1000);
  await rejects(
    passwordAuth(username, TEMP),
    'NotAuthorizedException',
    'Temporary password has expired and must be reset by an administrator.',
  );
});

test('ForceAliasCreation moves a verified email alias to the new user', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const email = `${unique('forced')}@example.com`;
  const owner = unique('owner');
  await signUpConfirmed(t, alias.clientId, owner, { email });
  const username = unique('second');
  await create(
    {
      Username: username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: PASSWORD,
      ForceAliasCreation: true,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    },
    alias.poolId,
  );
  // The alias now names the new user: its temporary password answers NEW_PASSWORD_REQUIRED.
  const res = await passwordAuth(email, PASSWORD, alias.clientId);
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  const previous = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: alias.poolId, Username: owner }),
  );
  const verified = previous.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value;
  assert.equal(verified, 'false');
});
