import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AddCustomAttributesCommand,
  DeleteUserAttributesCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  createClient,
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

async function signedIn(client = clientId) {
  const username = unique('del');
  await signUpConfirmed(t, clientId, username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'name', Value: 'Dee' },
      { Name: 'custom:tier', Value: 'gold' },
    ],
  });
  return (await signIn(t, client, username)).AccessToken;
}

const del = (token: string, names: string[]) =>
  t.anon.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: names }));
const attrsOf = async (token: string) =>
  attrMap((await t.anon.send(new GetUserCommand({ AccessToken: token }))).UserAttributes);

test('removes optional and custom attributes', async () => {
  const token = await signedIn();
  await del(token, ['name', 'custom:tier']);
  const a = await attrsOf(token);
  assert.equal(a.name, undefined);
  assert.equal(a['custom:tier'], undefined);
  assert.ok(a.email);
  assert.ok(a.sub);
});

test('a required attribute cannot be deleted', async () => {
  const token = await signedIn();
  await rejects(del(token, ['email']), 'InvalidParameterException', /email/);
  assert.ok((await attrsOf(token)).email);
});

test('an attribute outside the schema is InvalidParameterException and nothing is deleted', async () => {
  const token = await signedIn();
  await rejects(del(token, ['name', 'custom:nope']), 'InvalidParameterException', /custom:nope/);
  assert.equal((await attrsOf(token)).name, 'Dee');
});

test('WriteAttributes: deleting an attribute the client may not write is NotAuthorizedException', async () => {
  const writer = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    WriteAttributes: ['email', 'custom:tier'],
  });
  const token = await signedIn(writer.ClientId);
  await rejects(
    del(token, ['name']),
    'NotAuthorizedException',
    'A client attempted to write unauthorized attribute',
  );
  assert.equal((await attrsOf(token)).name, 'Dee');
  await del(token, ['custom:tier']);
  assert.equal((await attrsOf(token))['custom:tier'], undefined);
});
