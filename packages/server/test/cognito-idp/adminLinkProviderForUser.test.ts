import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  type AdminLinkProviderForUserRequest,
  AdminUpdateUserAttributesCommand,
  GetUserCommand,
  ListUsersCommand,
  type ProviderUserIdentifierType,
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
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const google = (sub: string): ProviderUserIdentifierType => ({
  ProviderName: 'Google',
  ProviderAttributeName: 'Cognito_Subject',
  ProviderAttributeValue: sub,
});

const link = (username: string, source: ProviderUserIdentifierType, pool = poolId) =>
  t.admin.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: pool,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
      SourceUser: source,
    }),
  );

interface Identity {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: null;
  primary: boolean;
  dateCreated: number;
}

async function identitiesOf(username: string): Promise<Identity[] | undefined> {
  const res = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  const value = attrMap(res.UserAttributes).identities;
  return value === undefined ? undefined : JSON.parse(value);
}

async function user() {
  const username = unique('link');
  await signUpConfirmed(t, clientId, username);
  return username;
}

test('links external identities; AdminGetUser and GetUser show the identities attribute', async () => {
  const username = await user();
  assert.equal(await identitiesOf(username), undefined);
  const startedAt = Date.now();
  const res = await link(username, google('1234567890'));
  assert.equal(res.$metadata.httpStatusCode, 200);
  await link(username, {
    ProviderName: 'Corporate',
    ProviderAttributeName: 'email',
    ProviderAttributeValue: `${username}@corp.example`,
  });

  const ids = (await identitiesOf(username)) as Identity[];
  assert.equal(ids.length, 2);
  const [g, corp] = ids;
  assert.deepEqual(Object.keys(g), [
    'userId',
    'providerName',
    'providerType',
    'issuer',
    'primary',
    'dateCreated',
  ]);
  assert.deepEqual(
    { ...g, dateCreated: 0 },
    {
      userId: '1234567890',
      providerName: 'Google',
      providerType: 'Google',
      issuer: null,
      primary: false,
      dateCreated: 0,
    },
  );
  assert.ok(g.dateCreated >= startedAt - 1000 && g.dateCreated <= Date.now() + 1000);
  assert.equal(corp.providerName, 'Corporate');
  assert.equal(corp.providerType, 'OIDC');
  assert.equal(corp.userId, `${username}@corp.example`);

  const { AccessToken, IdToken } = await signIn(t, clientId, username);
  const seen = attrMap((await t.anon.send(new GetUserCommand({ AccessToken }))).UserAttributes);
  assert.deepEqual(JSON.parse(seen.identities), ids);
  // ID tokens carry the list itself, every value a string, as Cognito's do.
  assert.deepEqual(claims(IdToken).identities, [
    {
      userId: '1234567890',
      providerName: 'Google',
      providerType: 'Google',
      issuer: null,
      primary: 'false',
      dateCreated: String(g.dateCreated),
    },
    {
      userId: `${username}@corp.example`,
      providerName: 'Corporate',
      providerType: 'OIDC',
      issuer: null,
      primary: 'false',
      dateCreated: String(corp.dateCreated),
    },
  ]);
  const listed = await t.admin.send(
    new ListUsersCommand({ UserPoolId: poolId, Filter: `username = "${username}"` }),
  );
  assert.deepEqual(JSON.parse(attrMap(listed.Users?.[0]?.Attributes).identities), ids);
});

test('linking the same identity to the same user again changes nothing', async () => {
  const username = await user();
  await link(username, google('same-1'));
  await link(username, google('same-1'));
  assert.equal((await identitiesOf(username))?.length, 1);
});

test('an identity linked to another user is AliasExistsException', async () => {
  const a = await user();
  const b = await user();
  await link(a, google('taken-1'));
  await rejects(link(b, google('taken-1')), 'AliasExistsException');
  assert.equal(await identitiesOf(b), undefined);
  // The same subject at another provider is another identity.
  await link(b, { ...google('taken-1'), ProviderName: 'Facebook' });
});

test('deleting the user frees its linked identities', async () => {
  const a = await user();
  const b = await user();
  await link(a, google('freed-1'));
  await t.admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: a }));
  await link(b, google('freed-1'));
  assert.equal((await identitiesOf(b))?.[0].userId, 'freed-1');
});

test('at most five identities per user: the sixth is LimitExceededException', async () => {
  const username = await user();
  for (let i = 0; i < 5; i++) await link(username, google(`many-${i}`));
  await rejects(link(username, google('many-5')), 'LimitExceededException');
  assert.equal((await identitiesOf(username))?.length, 5);
});

test('a Cognito user cannot be the source', async () => {
  const a = await user();
  const b = await user();
  await rejects(
    link(a, { ProviderName: 'Cognito', ProviderAttributeValue: b }),
    'InvalidParameterException',
    'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
  );
});

test('a social source must be named by Cognito_Subject, and needs a value', async () => {
  const username = await user();
  await rejects(
    link(username, { ...google('x'), ProviderAttributeName: 'email' }),
    'InvalidParameterException',
    'SourceUser ProviderAttributeName must be Cognito_Subject for Google.',
  );
  await rejects(
    link(username, { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject' }),
    'InvalidParameterException',
    'SourceUser needs both ProviderAttributeName and ProviderAttributeValue.',
  );
  await rejects(
    link(username, google('x'.repeat(2049))),
    'InvalidParameterException',
    /at most 2048/,
  );
  assert.equal(await identitiesOf(username), undefined);
});

test('the identities attribute cannot be written directly', async () => {
  const username = await user();
  await rejects(
    t.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: username,
        UserAttributes: [{ Name: 'identities', Value: '[]' }],
      }),
    ),
    'InvalidParameterException',
    'user.identities: Attribute does not exist in the schema.\n',
  );
});

test('an unknown destination is UserNotFoundException', async () => {
  await rejects(
    link(unique('ghost'), google('g-1')),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(
    t.admin.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: { ProviderName: 'Facebook', ProviderAttributeValue: 'nobody' },
        SourceUser: google('g-2'),
      }),
    ),
    'UserNotFoundException',
  );
});

test('missing members are InvalidParameterException; an unknown pool ResourceNotFoundException', async () => {
  await rejects(
    t.admin.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        SourceUser: google('m-1'),
      } as AdminLinkProviderForUserRequest),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'destinationUser' failed to satisfy constraint: Member must not be null",
  );
  await rejects(
    link('someone', { ProviderAttributeValue: 'v' } as ProviderUserIdentifierType),
    'InvalidParameterException',
    /providerName/,
  );
  await rejects(
    link('someone', google('p-1'), 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
