import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AddCustomAttributesCommand,
  AdminDeleteUserAttributesCommand,
  type AdminDeleteUserAttributesRequest,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  claims,
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
      CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }],
    }),
  );
});
after(() => t.close());

async function user() {
  const username = unique('adel');
  await signUpConfirmed(t, clientId, username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'name', Value: 'Dee' },
      { Name: 'phone_number', Value: '+15555550100' },
      { Name: 'custom:tier', Value: 'gold' },
    ],
  });
  return username;
}

const del = (username: string, names: string[], pool = poolId) =>
  t.admin.send(
    new AdminDeleteUserAttributesCommand({
      UserPoolId: pool,
      Username: username,
      UserAttributeNames: names,
    }),
  );
const attrsOf = async (username: string) =>
  attrMap(
    (await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })))
      .UserAttributes,
  );

test('removes optional and custom attributes; the next ID token lacks them', async () => {
  const username = await user();
  const res = await del(username, ['name', 'custom:tier']);
  assert.equal(res.$metadata.httpStatusCode, 200);
  const a = await attrsOf(username);
  assert.equal(a.name, undefined);
  assert.equal(a['custom:tier'], undefined);
  assert.ok(a.email);
  assert.ok(a.sub);
  const { IdToken } = await signIn(t, clientId, username);
  assert.equal(claims(IdToken).name, undefined);
  assert.equal(claims(IdToken)['custom:tier'], undefined);
});

test('deleting a phone number also removes its verified flag', async () => {
  const username = await user();
  await del(username, ['phone_number']);
  const a = await attrsOf(username);
  assert.equal(a.phone_number, undefined);
  assert.equal(a.phone_number_verified, undefined);
});

test('a required attribute cannot be deleted, and nothing else is', async () => {
  const username = await user();
  await rejects(
    del(username, ['name', 'email']),
    'InvalidParameterException',
    'Attributes did not conform to the schema: email: The attribute is required',
  );
  const a = await attrsOf(username);
  assert.ok(a.email);
  assert.equal(a.name, 'Dee');
});

test('an attribute outside the schema is InvalidParameterException', async () => {
  const username = await user();
  await rejects(
    del(username, ['custom:nope']),
    'InvalidParameterException',
    'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.',
  );
});

test('UserAttributeNames is required', async () => {
  const username = await user();
  await rejects(
    t.admin.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: poolId,
        Username: username,
      } as AdminDeleteUserAttributesRequest),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null",
  );
});

test('an unknown user is UserNotFoundException, an unknown pool ResourceNotFoundException', async () => {
  await rejects(del(unique('ghost'), ['name']), 'UserNotFoundException', 'User does not exist.');
  await rejects(
    del('someone', ['name'], 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
