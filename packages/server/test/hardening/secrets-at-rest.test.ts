// Issue 18, finding 8: client secrets, signing keys' private halves, the admin access key's
// secret and the server secret are sealed with the master key; the raw database holds none of
// them in clear; a restart with the key works, a wrong key is refused, a rotation re-seals.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import pg from 'pg';
import { rotateMasterKey } from '../../src/cli/master-key.ts';
import { defaults } from '../../src/config.ts';
import { listSigningKeys } from '../../src/store/repositories/keys.ts';
import {
  createClient,
  createConfirmed,
  createPool,
  createTestDatabase,
  PASSWORD,
  secretHash,
  startTestServer,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-secrets-'));
const keyDir = mkdtempSync(path.join(tmpdir(), 'cognate-keys-'));
const database = await createTestDatabase();
const open: TestServer[] = [];
after(async () => {
  for (const t of open) await t.close().catch(() => {});
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(keyDir, { recursive: true, force: true });
});

const KEY = randomBytes(32).toString('base64');
const keyFile = path.join(keyDir, 'master-key');
writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });

async function start(config: Record<string, unknown> = { masterKeyFile: keyFile }) {
  const t = await startTestServer({ dataDir, database: database.url, config });
  open.push(t);
  return t;
}
async function stop(t: TestServer) {
  open.splice(open.indexOf(t), 1);
  await t.close();
}

/** Every byte the store holds: the SQLite files, or every row of the PostgreSQL tables. */
async function rawStore(): Promise<string> {
  if (testStore === 'sqlite') {
    return readdirSync(dataDir)
      .filter((f) => f.startsWith('cognate.sqlite'))
      .map((f) => readFileSync(path.join(dataDir, f)).toString('latin1'))
      .join('\n');
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const parts: string[] = [];
    for (const table of ['access_keys', 'user_pool_clients', 'signing_keys', 'server_secrets']) {
      const { rows } = await client.query(`select * from ${table}`);
      parts.push(JSON.stringify(rows));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

let poolId = '';
let clientId = '';
let clientSecret = '';
let adminSecret = '';
let privateD = '';
let username = '';

test('the raw store holds no client secret, private key, admin secret or server secret', async () => {
  const t = await start();
  const pool = await createPool(t);
  poolId = pool.Id;
  const client = await createClient(t, poolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  clientId = client.ClientId;
  clientSecret = client.ClientSecret as string;
  adminSecret = t.server.accessKey.secret;
  const [signing] = await listSigningKeys(t.server.db, poolId);
  privateD = String(signing.privateJwk.d);
  const hmac = t.server.ctx.serverSecret.toString('hex');
  username = unique('u');
  await createConfirmed(t, poolId, username);
  await stop(t);
  const raw = await rawStore();
  assert.ok(raw.includes(poolId), 'the dump reads the store (the pool id is there)');
  for (const [what, secret] of Object.entries({ clientSecret, adminSecret, privateD, hmac })) {
    assert.ok(secret.length >= 20, what);
    assert.equal(raw.includes(secret), false, `${what} is not in the store in clear`);
  }
  assert.match(raw, /mk1\.[0-9a-f]{8}\./, 'sealed values are there');
});

test('a restart with the key serves the same secrets', async () => {
  const t = await start();
  const described = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  assert.equal(described.UserPoolClient?.ClientSecret, clientSecret);
  assert.equal(t.server.accessKey.secret, adminSecret);
  const auth = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: {
        USERNAME: username,
        PASSWORD,
        SECRET_HASH: secretHash(clientSecret, username, clientId),
      },
    }),
  );
  assert.ok(auth.AuthenticationResult?.AccessToken);
  await stop(t);
});

test('a wrong master key is refused at start with a message naming the key needed', async () => {
  const wrong = randomBytes(32).toString('hex');
  await assert.rejects(
    startTestServer({ dataDir, database: database.url, config: { masterKey: wrong } }),
    /master key does not open this database.*COGNATE_MASTER_KEY/s,
  );
});

test('rows stored in clear by an older version are sealed at start', async () => {
  const t = await start();
  // What an older version wrote: the client secret in clear.
  await t.server.db
    .updateTable('user_pool_clients')
    .set({ secret: clientSecret })
    .where('id', '=', clientId)
    .execute();
  await stop(t);
  const t2 = await start();
  const row = await t2.server.db
    .selectFrom('user_pool_clients')
    .select('secret')
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow();
  assert.match(String(row.secret), /^mk1\./);
  const described = await t2.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  assert.equal(described.UserPoolClient?.ClientSecret, clientSecret);
  await stop(t2);
});

test('rotate-master-key re-seals with a new key; the old key no longer opens the database', async () => {
  const config = { ...defaults, dataDir, database: database.url, masterKeyFile: keyFile };
  const result = await rotateMasterKey(config);
  assert.notEqual(result.newKeyId, result.oldKeyId);
  assert.ok(result.resealed >= 4, `re-sealed ${result.resealed}`);
  const lines = readFileSync(keyFile, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  assert.equal(lines.length, 1, 'the key file keeps the new key only once done');
  assert.notEqual(lines[0], KEY);
  const raw = await rawStore();
  assert.equal(raw.includes(`mk1.${result.oldKeyId}.`), false, 'nothing is left under the old key');
  await assert.rejects(
    startTestServer({ dataDir, database: database.url, config: { masterKey: KEY } }),
    /master key does not open this database/,
  );
  const t = await start();
  const described = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  assert.equal(described.UserPoolClient?.ClientSecret, clientSecret);
  assert.ok((await t.admin.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools);
  await stop(t);
});

test('the old key as a previous key opens what it sealed, and the start re-seals it', async () => {
  const newKey = readFileSync(keyFile, 'utf8')
    .split('\n')
    .find((l) => l && !l.startsWith('#')) as string;
  const next = randomBytes(32).toString('base64');
  const t = await start({ masterKey: next, previousMasterKeys: newKey });
  const described = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  assert.equal(described.UserPoolClient?.ClientSecret, clientSecret);
  await stop(t);
  const t2 = await start({ masterKey: next });
  assert.equal(t2.server.accessKey.secret, adminSecret);
  await stop(t2);
});
