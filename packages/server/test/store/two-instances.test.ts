import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import {
  createTestDatabase,
  PASSWORD,
  signedPost,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';

// Two server PROCESSES over one database (PostgreSQL, or one SQLite file on the SQLite pass):
// every step of a user's life may land on either, so nothing that matters can live in one
// process's memory.

const main = new URL('../../src/main.ts', import.meta.url).pathname;
const database = await createTestDatabase();
const shared = mkdtempSync(path.join(tmpdir(), 'cognate-two-'));
const children: ChildProcess[] = [];

interface Instance {
  url: string;
  poolId: string;
  clientId: string;
  idp: CognitoIdentityProviderClient;
}
let a: Instance;
let b: Instance;

/** A port free right now (the instances need known ports: their public URL is shared). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

// Behind a load balancer every instance has the same public URL, hence the same token issuer.
const PUBLIC_URL = 'https://auth.example.test';

async function startInstance(name: string): Promise<Instance> {
  const port = await freePort();
  // On SQLite both share the data folder (its database file); on PostgreSQL only the URL.
  const dataDir = database.url ? path.join(shared, name) : shared;
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      COGNATE_PORT: String(port),
      COGNATE_PUBLIC_URL: PUBLIC_URL,
      COGNATE_DATA_DIR: dataDir,
      COGNATE_LOG_LEVEL: 'warn',
      ...(database.url ? { COGNATE_DATABASE_URL: database.url } : {}),
    },
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  const deadline = Date.now() + 30_000;
  while (!out.includes('aws-exports.js')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name}:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = `http://127.0.0.1:${port}`;
  const poolId = /user pool:\s+(\S+)/.exec(out)?.[1] as string;
  const clientId = /web client:\s+(\S+)/.exec(out)?.[1] as string;
  const idp = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
    maxAttempts: 1,
  });
  return { url, poolId, clientId, idp };
}

before(async () => {
  a = await startInstance('a');
  b = await startInstance('b');
});

after(async () => {
  a?.idp.destroy();
  b?.idp.destroy();
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.on('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
  await database.drop();
  rmSync(shared, { recursive: true, force: true });
});

/** amazon-cognito-identity-js whose InitiateAuth goes to `first` and every other call to `rest`. */
function srpUser(username: string, first: Instance, rest: Instance): CognitoUser {
  const poolFor = (i: Instance) =>
    new CognitoUserPool({ UserPoolId: i.poolId, ClientId: i.clientId, endpoint: i.url });
  const pool = poolFor(rest);
  const split = poolFor(first);
  type Requester = { client: { request: (...args: unknown[]) => void } };
  const client = (pool as unknown as Requester).client;
  const firstClient = (split as unknown as Requester).client;
  const request = client.request.bind(client);
  client.request = (operation, params, callback) =>
    operation === 'InitiateAuth'
      ? firstClient.request(operation, params, callback)
      : request(operation, params, callback);
  return new CognitoUser({ Username: username, Pool: pool });
}

function authenticate(user: CognitoUser, username: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}

test(`${testStore}: a user's whole life alternates between two server processes`, async () => {
  assert.equal(a.poolId, b.poolId, 'both instances see the one default pool');
  const email = `${unique('two')}@example.com`;

  // Sign up on A, confirm on B with the code A sent.
  await a.idp.send(
    new SignUpCommand({ ClientId: a.clientId, Username: email, Password: PASSWORD }),
  );
  const outbox = (await (
    await fetch(`${b.url}/_dev/outbox?username=${encodeURIComponent(email)}`)
  ).json()) as {
    messages: { code: string }[];
  };
  await b.idp.send(
    new ConfirmSignUpCommand({
      ClientId: b.clientId,
      Username: email,
      ConfirmationCode: outbox.messages[0].code,
    }),
  );

  // SRP: InitiateAuth on A, RespondToAuthChallenge on B.
  const session = await authenticate(srpUser(email, a, b), email);
  const refreshToken = session.getRefreshToken().getToken();

  // Refresh on B.
  const refreshed = await b.idp.send(
    new InitiateAuthCommand({
      ClientId: b.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );
  assert.ok(refreshed.AuthenticationResult?.AccessToken);

  // GlobalSignOut on A; refresh on B then fails.
  await a.idp.send(
    new GlobalSignOutCommand({ AccessToken: session.getAccessToken().getJwtToken() }),
  );
  await assert.rejects(
    b.idp.send(
      new InitiateAuthCommand({
        ClientId: b.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    ),
    (err: Error) => err.name === 'NotAuthorizedException',
  );
});

test(`${testStore}: a signing key rotated on A is published and used by B`, async () => {
  const credentials = readFileSync(
    path.join(database.url ? path.join(shared, 'a') : shared, 'credentials'),
    'utf8',
  );
  const accessKeyId = /aws_access_key_id = (\S+)/.exec(credentials)?.[1] as string;
  const secret = /aws_secret_access_key = (\S+)/.exec(credentials)?.[1] as string;
  const asA = {
    url: a.url,
    server: { accessKey: { accessKeyId, secret } },
    clock: { now: () => Date.now() },
  } as unknown as TestServer;
  const res = await signedPost(
    asA,
    'CognateRotateSigningKey',
    JSON.stringify({ UserPoolId: a.poolId }),
  );
  assert.equal(res.status, 200);
  const { KeyId } = res.body as { KeyId: string };
  const jwks = (await (await fetch(`${b.url}/${b.poolId}/.well-known/jwks.json`)).json()) as {
    keys: { kid: string }[];
  };
  assert.ok(
    jwks.keys.some((k) => k.kid === KeyId),
    'B publishes the new key',
  );
  assert.ok(jwks.keys.length >= 2, 'B still publishes the old key');

  // B signs new tokens with it.
  const email = `${unique('rot')}@example.com`;
  await b.idp.send(
    new SignUpCommand({ ClientId: b.clientId, Username: email, Password: PASSWORD }),
  );
  const outbox = (await (
    await fetch(`${a.url}/_dev/outbox?username=${encodeURIComponent(email)}`)
  ).json()) as {
    messages: { code: string }[];
  };
  await b.idp.send(
    new ConfirmSignUpCommand({
      ClientId: b.clientId,
      Username: email,
      ConfirmationCode: outbox.messages[0].code,
    }),
  );
  const signedIn = await b.idp.send(
    new InitiateAuthCommand({
      ClientId: b.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD },
    }),
  );
  const idToken = signedIn.AuthenticationResult?.IdToken;
  assert.ok(idToken);
  const header = JSON.parse(Buffer.from(idToken.split('.')[0], 'base64url').toString());
  assert.equal(header.kid, KeyId);
});
