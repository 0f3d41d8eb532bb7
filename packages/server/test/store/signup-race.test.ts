import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { countUsers } from '../../src/store/repositories/user-pools.ts';
import {
  createTestDatabase,
  PASSWORD,
  startTestServer,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';

// 100 concurrent SignUps of one username: exactly one wins, the other 99 are told the name is
// taken. On PostgreSQL they are split across two server instances on one database, so only the
// database's uniqueness can decide; on SQLite (one instance per file) one server takes them all.

const database = await createTestDatabase();
const servers: TestServer[] = [];
const clients: CognitoIdentityProviderClient[] = [];
after(async () => {
  for (const c of clients) c.destroy();
  for (const t of servers) await t.close();
  await database.drop();
});

for (let i = 0; i < (testStore === 'postgres' ? 2 : 1); i++) {
  servers.push(await startTestServer({ database: database.url }));
}
// No SDK retries: a retried 500 would come back as UsernameExistsException and hide the bug.
for (const t of servers) {
  clients.push(
    new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: t.url,
      credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
      maxAttempts: 1,
    }),
  );
}

async function race(clientId: string, username: string, attributes = true) {
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, (_, i) =>
      clients[i % clients.length].send(
        new SignUpCommand({
          ClientId: clientId,
          Username: username,
          Password: PASSWORD,
          UserAttributes: attributes
            ? [{ Name: 'email', Value: `${unique('race')}@example.com` }]
            : [],
        }),
      ),
    ),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as Error).name);
  assert.equal(won.length, 1, `winners: ${won.length}, errors: ${[...new Set(lost)].join(', ')}`);
  assert.deepEqual(lost, Array(99).fill('UsernameExistsException'));
}

test('a plain username: one SignUp wins, 99 are UsernameExistsException', async () => {
  const [first] = servers;
  const pool = await first.admin.send(
    new CreateUserPoolCommand({
      PoolName: unique('race'),
      Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
    }),
  );
  const poolId = pool.UserPool?.Id as string;
  const client = await first.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'race' }),
  );
  await race(client.UserPoolClient?.ClientId as string, unique('racer'));
  assert.equal(await countUsers(first.server.db, poolId), 1);
});

test('an email as username (the default pool): one wins, 99 are UsernameExistsException', async () => {
  const [first] = servers;
  const defaults = first.server.defaults;
  assert.ok(defaults);
  for (const t of servers) assert.equal(t.server.defaults?.pool.id, defaults.pool.id);
  const before = await countUsers(first.server.db, defaults.pool.id);
  await race(defaults.client.id, `${unique('racer')}@example.com`, false);
  assert.equal(await countUsers(first.server.db, defaults.pool.id), before + 1);
});
