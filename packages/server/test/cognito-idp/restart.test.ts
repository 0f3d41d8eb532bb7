import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createTestDatabase,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

// Restarts keep the data folder and the database (on PostgreSQL, one database for both starts).
const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-restart-'));
const database = await createTestDatabase();
const open: TestServer[] = [];
after(async () => {
  for (const t of open) await t.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port?: number) {
  const t = await startTestServer({
    dataDir,
    database: database.url,
    config: port ? { port } : {},
  });
  open.push(t);
  return t;
}

const kids = async (t: TestServer, poolId: string) =>
  (
    (await (await fetch(`${t.url}/${poolId}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    }
  ).keys.map((k) => k.kid);

test('users, tokens, keys and the default pool survive a restart', async () => {
  const first = await start();
  const defaults = first.server.defaults;
  assert.ok(defaults);
  const poolId = defaults.pool.id;
  const clientId = defaults.client.id;
  const email = `${unique('persist')}@example.com`;
  const signUp = await first.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD }),
  );
  const code = (await first.outbox(email))?.code as string;
  await first.anon.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }),
  );
  const signIn = (t: TestServer) =>
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
      }),
    );
  const beforeRestart = (await signIn(first)).AuthenticationResult;
  assert.ok(beforeRestart?.AccessToken && beforeRestart.RefreshToken);
  const kidsBefore = await kids(first, poolId);
  const accessKey = first.server.accessKey;
  const port = Number(new URL(first.url).port);
  await first.close();
  open.splice(open.indexOf(first), 1);

  // Same data folder and port (so the same issuer URL).
  const second = await start(port);
  assert.equal(second.url, first.url);
  assert.equal(second.server.defaults?.pool.id, poolId);
  assert.equal(second.server.defaults?.client.id, clientId);
  assert.deepEqual(second.server.accessKey, accessKey);
  assert.deepEqual(await kids(second, poolId), kidsBefore);

  const user = await second.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: email }),
  );
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal(user.Username, signUp.UserSub);
  const afterRestart = (await signIn(second)).AuthenticationResult;
  assert.ok(afterRestart?.AccessToken);
  // Tokens issued before the restart still work.
  const me = await second.anon.send(new GetUserCommand({ AccessToken: beforeRestart.AccessToken }));
  assert.equal(me.Username, signUp.UserSub);
  const refreshed = await second.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: beforeRestart.RefreshToken },
    }),
  );
  assert.ok(refreshed.AuthenticationResult?.AccessToken);
  assert.equal(
    (
      await second.anon.send(
        new GetUserCommand({ AccessToken: refreshed.AuthenticationResult?.AccessToken as string }),
      )
    ).Username,
    signUp.UserSub,
  );
});
