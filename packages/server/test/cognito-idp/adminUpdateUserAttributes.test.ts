import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  type AdminUpdateUserAttributesRequest,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  passwordPool,
  rejects,
  signIn,
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
  ({ poolId, clientId } = await passwordPool(t, {
    Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
  }));
  await t.admin.send(
    new AddCustomAttributesCommand({
      UserPoolId: poolId,
      CustomAttributes: [
        { Name: 'tier', AttributeDataType: 'String', Mutable: true },
        { Name: 'fixed', AttributeDataType: 'String', Mutable: false },
      ],
    }),
  );
});
after(() => t.close());

const update = (username: string, attrs: Record<string, string>, pool = poolId) =>
  t.admin.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: pool,
      Username: username,
      UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
      ClientMetadata: { source: 'test' },
    }),
  );
const attrsOf = async (username: string, pool = poolId) =>
  attrMap(
    (await t.admin.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username })))
      .UserAttributes,
  );

async function user(client = clientId) {
  const username = unique('aupd');
  await signUpConfirmed(t, client, username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'name', Value: 'Ada' },
    ],
  });
  return username;
}

test('sets ordinary and custom attributes, without a code and with an empty answer', async () => {
  const username = await user();
  const res = await update(username, { name: 'Grace', 'custom:tier': 'gold' });
  assert.deepEqual(
    Object.keys(res).filter((k) => k !== '$metadata'),
    [],
  );
  const a = await attrsOf(username);
  assert.equal(a.name, 'Grace');
  assert.equal(a['custom:tier'], 'gold');
  assert.equal(a.email_verified, 'true');
});

test('a changed email becomes unverified and, in an auto-verifying pool, gets a code', async () => {
  const username = await user();
  const newEmail = `${username}.new@example.com`;
  await update(username, { email: newEmail });
  const a = await attrsOf(username);
  assert.equal(a.email, newEmail);
  assert.equal(a.email_verified, 'false');
  const mail = await t.outbox(newEmail);
  assert.equal(mail?.destination, newEmail);
  assert.match(mail?.code ?? '', /^\d{6}$/);
  // The code verifies the new address.
  const { AccessToken } = await signIn(t, clientId, username);
  await t.anon.send(
    new VerifyUserAttributeCommand({
      AccessToken,
      AttributeName: 'email',
      Code: mail?.code as string,
    }),
  );
  assert.equal((await attrsOf(username)).email_verified, 'true');
});

test('email_verified true in the same call keeps the new email verified and sends nothing', async () => {
  const username = await user();
  const newEmail = `${username}.direct@example.com`;
  await update(username, { email: newEmail, email_verified: 'true' });
  const a = await attrsOf(username);
  assert.equal(a.email, newEmail);
  assert.equal(a.email_verified, 'true');
  assert.equal(await t.outbox(newEmail), undefined);
});

test('a pool that does not auto-verify sends no code for a changed email', async () => {
  const quiet = await passwordPool(t, { AutoVerifiedAttributes: [] });
  const username = unique('quiet');
  await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: quiet.poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  const newEmail = `${username}.new@example.com`;
  await update(username, { email: newEmail }, quiet.poolId);
  assert.equal((await attrsOf(username, quiet.poolId)).email_verified, 'false');
  assert.equal(await t.outbox(newEmail), undefined);
});

test('the admin may verify a phone number directly', async () => {
  const username = await user();
  await update(username, { phone_number: '+15555550123', phone_number_verified: 'true' });
  const a = await attrsOf(username);
  assert.equal(a.phone_number, '+15555550123');
  assert.equal(a.phone_number_verified, 'true');
});

test('a blank value deletes the attribute; a required one cannot be blanked', async () => {
  const username = await user();
  await update(username, { name: '', 'custom:tier': 'silver' });
  const a = await attrsOf(username);
  assert.equal(a.name, undefined);
  assert.equal(a['custom:tier'], 'silver');
  await rejects(
    update(username, { email: '', name: 'Back' }),
    'InvalidParameterException',
    'Attributes did not conform to the schema: email: The attribute is required',
  );
  assert.equal((await attrsOf(username)).name, undefined);
  assert.ok((await attrsOf(username)).email);
});

test('a verified email in an alias pool becomes a sign-in name; one taken is AliasExistsException', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const a = unique('alia');
  const b = unique('alib');
  await signUpConfirmed(t, alias.clientId, a);
  await signUpConfirmed(t, alias.clientId, b);
  const shared = `${a}.x@example.com`;
  await update(a, { email: shared, email_verified: 'true' }, alias.poolId);
  assert.ok((await signIn(t, alias.clientId, shared)).AccessToken);
  await rejects(
    update(b, { email: shared, email_verified: 'true' }, alias.poolId),
    'AliasExistsException',
    'An account with the given email already exists.',
  );
  assert.equal((await attrsOf(b, alias.poolId)).email, `${b}@example.com`);
});

test('schema violations are InvalidParameterException and change nothing', async () => {
  const username = await user();
  await rejects(
    update(username, { name: 'Nope', 'custom:nope': 'x' }),
    'InvalidParameterException',
    'user.custom:nope: Attribute does not exist in the schema.\n',
  );
  await rejects(
    update(username, { 'custom:fixed': 'x' }),
    'InvalidParameterException',
    'user.custom:fixed: Attribute cannot be updated.\n',
  );
  await rejects(
    update(username, { sub: 'mine' }),
    'InvalidParameterException',
    'user.sub: Attribute cannot be updated.\n',
  );
  await rejects(
    update(username, { email: 'not-an-email' }),
    'InvalidParameterException',
    'Invalid email address format.',
  );
  assert.equal((await attrsOf(username)).name, 'Ada');
});

test('UserAttributes is required', async () => {
  const username = await user();
  await rejects(
    t.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: username,
      } as AdminUpdateUserAttributesRequest),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null",
  );
});

test('an unknown user is UserNotFoundException, an unknown pool ResourceNotFoundException', async () => {
  await rejects(
    update(unique('ghost'), { name: 'x' }),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(
    update('someone', { name: 'x' }, 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
