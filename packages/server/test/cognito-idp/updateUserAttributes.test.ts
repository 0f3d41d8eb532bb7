import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AddCustomAttributesCommand,
  GetUserCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  claims,
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
  ({ poolId, clientId } = await passwordPool(t));
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

async function signedIn(client = clientId) {
  const username = unique('upd');
  await signUpConfirmed(t, clientId, username);
  return { username, tokens: await signIn(t, client, username) };
}

const update = (token: string, attrs: Record<string, string>) =>
  t.anon.send(
    new UpdateUserAttributesCommand({
      AccessToken: token,
      UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
    }),
  );

const attrsOf = async (token: string) =>
  attrMap((await t.anon.send(new GetUserCommand({ AccessToken: token }))).UserAttributes);

test('changes ordinary and custom attributes without sending codes', async () => {
  const { tokens } = await signedIn();
  const res = await update(tokens.AccessToken, { name: 'New Name', 'custom:tier': 'gold' });
  assert.deepEqual(res.CodeDeliveryDetailsList ?? [], []);
  const a = await attrsOf(tokens.AccessToken);
  assert.equal(a.name, 'New Name');
  assert.equal(a['custom:tier'], 'gold');
  assert.equal(a.email_verified, 'true');
});

test('a changed email becomes unverified and a code goes to the new address', async () => {
  const { username, tokens } = await signedIn();
  const newEmail = `${username}.new@example.com`;
  const res = await update(tokens.AccessToken, { email: newEmail });
  assert.deepEqual(res.CodeDeliveryDetailsList, [
    { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: `${username[0]}***@e***` },
  ]);
  const a = await attrsOf(tokens.AccessToken);
  assert.equal(a.email, newEmail);
  assert.equal(a.email_verified, 'false');
  const mail = await t.outbox(newEmail);
  assert.equal(mail?.destination, newEmail);
  await t.anon.send(
    new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken,
      AttributeName: 'email',
      Code: mail?.code as string,
    }),
  );
  assert.equal((await attrsOf(tokens.AccessToken)).email_verified, 'true');
  // New tokens carry the new address.
  assert.equal(claims((await signIn(t, clientId, username)).IdToken).email, newEmail);
});

test('setting the same email again keeps it verified and sends nothing', async () => {
  const { username, tokens } = await signedIn();
  const res = await update(tokens.AccessToken, { email: `${username}@example.com` });
  assert.deepEqual(res.CodeDeliveryDetailsList ?? [], []);
  assert.equal((await attrsOf(tokens.AccessToken)).email_verified, 'true');
});

test('WriteAttributes: writing any other attribute is NotAuthorizedException', async () => {
  const writer = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    WriteAttributes: ['email', 'custom:tier'],
  });
  const { tokens } = await signedIn(writer.ClientId);
  await rejects(
    update(tokens.AccessToken, { name: 'Sneaky' }),
    'NotAuthorizedException',
    'A client attempted to write unauthorized attribute',
  );
  assert.equal((await attrsOf(tokens.AccessToken)).name, undefined);
  await update(tokens.AccessToken, { 'custom:tier': 'silver' });
  assert.equal((await attrsOf(tokens.AccessToken))['custom:tier'], 'silver');
});

test('an attribute outside the schema is InvalidParameterException', async () => {
  const { tokens } = await signedIn();
  await rejects(
    update(tokens.AccessToken, { 'custom:nope': 'x' }),
    'InvalidParameterException',
    'user.custom:nope: Attribute does not exist in the schema.\n',
  );
});

test('an immutable attribute cannot be updated', async () => {
  const { tokens } = await signedIn();
  await rejects(
    update(tokens.AccessToken, { 'custom:fixed': 'x' }),
    'InvalidParameterException',
    'user.custom:fixed: Attribute cannot be updated.\n',
  );
});

test('an invalid access token is NotAuthorizedException', async () => {
  await rejects(
    update('abc.def.ghi', { name: 'x' }),
    'NotAuthorizedException',
    'Invalid Access Token',
  );
});
