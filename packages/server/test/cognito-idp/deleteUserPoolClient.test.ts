import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
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
});
after(() => t.close());

test('the client is gone: describe, list and sign-in no longer find it; other clients work', async () => {
  const doomed = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const username = unique('delclient');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, doomed.ClientId, username);

  const res = await t.admin.send(
    new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: doomed.ClientId }),
  );
  assert.equal(res.$metadata.httpStatusCode, 200);

  await rejects(
    t.admin.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: doomed.ClientId }),
    ),
    'ResourceNotFoundException',
    `User pool client ${doomed.ClientId} does not exist.`,
  );
  const list = await t.admin.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
  assert.ok(!list.UserPoolClients?.some((c) => c.ClientId === doomed.ClientId));
  await rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: doomed.ClientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
      }),
    ),
    'ResourceNotFoundException',
    `User pool client ${doomed.ClientId} does not exist.`,
  );
  assert.ok((await signIn(t, clientId, username)).AccessToken);
});

test('an unknown client, or one of another pool, is ResourceNotFoundException', async () => {
  await rejects(
    t.admin.send(
      new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: 'nosuchclient123' }),
    ),
    'ResourceNotFoundException',
    'User pool client nosuchclient123 does not exist.',
  );
  const other = await passwordPool(t);
  await rejects(
    t.admin.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: other.clientId })),
    'ResourceNotFoundException',
    `User pool client ${other.clientId} does not exist.`,
  );
  assert.ok(
    (
      await t.admin.send(
        new DescribeUserPoolClientCommand({ UserPoolId: other.poolId, ClientId: other.clientId }),
      )
    ).UserPoolClient,
  );
});
