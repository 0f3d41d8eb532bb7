import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
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
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const get = (pool: string, username: string) =>
  t.admin.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username }));

test('returns the user with every attribute, status and dates', async () => {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('getme');
  const startedAt = Date.now();
  const sub = await signUpConfirmed(t, clientId, username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'name', Value: 'Gail' },
    ],
  });
  const u = await get(poolId, username);
  // Exactly Cognito's members for a user without MFA.
  assert.deepEqual(
    Object.keys(u)
      .filter((k) => k !== '$metadata')
      .sort(),
    [
      'Enabled',
      'UserAttributes',
      'UserCreateDate',
      'UserLastModifiedDate',
      'UserStatus',
      'Username',
    ],
  );
  assert.equal(u.Username, username);
  assert.equal(u.UserStatus, 'CONFIRMED');
  assert.equal(u.Enabled, true);
  assert.deepEqual(attrMap(u.UserAttributes), {
    sub,
    email: `${username}@example.com`,
    name: 'Gail',
    email_verified: 'true',
  });
  assert.ok(u.UserCreateDate instanceof Date);
  assert.ok(u.UserLastModifiedDate instanceof Date);
  assert.ok((u.UserCreateDate as Date).getTime() >= startedAt - 1000);
  assert.ok((u.UserLastModifiedDate as Date) >= (u.UserCreateDate as Date));
});

test('finds users by a verified alias and, when case-insensitive, by any case', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const username = unique('aliased');
  await signUpConfirmed(t, alias.clientId, username);
  assert.equal((await get(alias.poolId, `${username}@example.com`)).Username, username);

  const ci = await passwordPool(t, { UsernameConfiguration: { CaseSensitive: false } });
  const name = unique('MiXeD');
  await signUpConfirmed(t, ci.clientId, name);
  assert.equal((await get(ci.poolId, name.toUpperCase())).UserStatus, 'CONFIRMED');
});

test('an unknown user is UserNotFoundException', async () => {
  const { poolId } = await passwordPool(t);
  await rejects(get(poolId, unique('ghost')), 'UserNotFoundException', 'User does not exist.');
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    get('us-east-1_NoSuchPoo', 'anyone'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
