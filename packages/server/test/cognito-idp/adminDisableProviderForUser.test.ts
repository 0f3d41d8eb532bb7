import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminDisableProviderForUserCommand,
  type AdminDisableProviderForUserRequest,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  type ProviderUserIdentifierType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
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

const google = (sub: string): ProviderUserIdentifierType => ({
  ProviderName: 'Google',
  ProviderAttributeName: 'Cognito_Subject',
  ProviderAttributeValue: sub,
});

const link = (username: string, source: ProviderUserIdentifierType) =>
  t.admin.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: poolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
      SourceUser: source,
    }),
  );
const disable = (who: ProviderUserIdentifierType, pool = poolId) =>
  t.admin.send(new AdminDisableProviderForUserCommand({ UserPoolId: pool, User: who }));

async function identitiesOf(username: string): Promise<{ userId: string }[] | undefined> {
  const res = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  const value = attrMap(res.UserAttributes).identities;
  return value === undefined ? undefined : JSON.parse(value);
}

async function user() {
  const username = unique('unlink');
  await signUpConfirmed(t, clientId, username);
  return username;
}

test('removes the link: the identities attribute goes, and the identity may be linked again', async () => {
  const a = await user();
  const b = await user();
  await link(a, google('g-100'));
  const res = await disable(google('g-100'));
  assert.equal(res.$metadata.httpStatusCode, 200);
  assert.equal(await identitiesOf(a), undefined);
  await link(b, google('g-100'));
  assert.equal((await identitiesOf(b))?.[0].userId, 'g-100');
});

test('removing one of two links keeps the other', async () => {
  const username = await user();
  const corp = {
    ProviderName: 'Corporate',
    ProviderAttributeName: 'email',
    ProviderAttributeValue: `${username}@corp.example`,
  };
  await link(username, google('g-200'));
  await link(username, corp);
  await disable(corp);
  assert.deepEqual(
    (await identitiesOf(username))?.map((i) => i.userId),
    ['g-200'],
  );
});

test('an identity not linked, or named by another attribute, is UserNotFoundException', async () => {
  const username = await user();
  await link(username, {
    ProviderName: 'Corporate',
    ProviderAttributeName: 'email',
    ProviderAttributeValue: `${username}@corp.example`,
  });
  await rejects(disable(google('never-linked')), 'UserNotFoundException', 'User does not exist.');
  await rejects(
    disable({
      ProviderName: 'Corporate',
      ProviderAttributeName: 'upn',
      ProviderAttributeValue: `${username}@corp.example`,
    }),
    'UserNotFoundException',
  );
  assert.equal((await identitiesOf(username))?.length, 1);
});

test("turning off a local user's password (ProviderName Cognito) is UnsupportedOperationException", async () => {
  const username = await user();
  await rejects(
    disable({
      ProviderName: 'Cognito',
      ProviderAttributeName: 'Cognito_Subject',
      ProviderAttributeValue: username,
    }),
    'UnsupportedOperationException',
  );
});

test('missing members are InvalidParameterException; an unknown pool ResourceNotFoundException', async () => {
  await rejects(
    t.admin.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: poolId,
      } as AdminDisableProviderForUserRequest),
    ),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'user' failed to satisfy constraint: Member must not be null",
  );
  await rejects(
    disable({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject' }),
    'InvalidParameterException',
    'User needs both ProviderAttributeName and ProviderAttributeValue.',
  );
  await rejects(
    disable(google('g-300'), 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
