import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD, startTestServer, unique } from '../support/index.ts';

// SQLite ignores declared column lengths; PostgreSQL enforces them. Values at the API's limits
// must fit the columns on both.

const t = await startTestServer();
after(() => t.close());

test('a 128-character username that lower-cases longer fits a case-insensitive pool', async () => {
  const pool = await t.admin.send(
    new CreateUserPoolCommand({
      PoolName: unique('lengths'),
      UsernameConfiguration: { CaseSensitive: false },
    }),
  );
  const poolId = pool.UserPool?.Id as string;
  const client = await t.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'lengths' }),
  );
  const username = 'İ'.repeat(128); // lower-cased: 'i' + U+0307, 256 characters
  const signUp = await t.anon.send(
    new SignUpCommand({
      ClientId: client.UserPoolClient?.ClientId as string,
      Username: username,
      Password: PASSWORD,
    }),
  );
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(user.Username, username);
  assert.equal(user.UserAttributes?.find((a) => a.Name === 'sub')?.Value, signUp.UserSub);
});
