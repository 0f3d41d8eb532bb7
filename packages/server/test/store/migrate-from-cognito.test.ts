// Lazy migration from a live user pool with the shipped functions/cognito-user-migration.mjs:
// an "old" Cognate server stands in for Cognito, a "new" one runs the function as its pool's
// UserMigration trigger, and users move over by signing in with amazon-cognito-identity-js.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import {
  attrMap,
  claims,
  createClient,
  createPool,
  PASSWORD,
  rejects,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

const functionsDir = fileURLToPath(new URL('../../functions/', import.meta.url));
const SCHEMA = [{ Name: 'plan', AttributeDataType: 'String' as const, Mutable: true }];

let old: TestServer;
let current: TestServer;
let oldPoolId: string;
let oldSignUpClient: string;
let newPoolId: string;
let newPool: CognitoUserPool;
const savedEnv = { ...process.env };

before(async () => {
  old = await startTestServer();
  current = await startTestServer({ config: { functionsDir } });

  const oldPool = await createPool(old, { AutoVerifiedAttributes: ['email'], Schema: SCHEMA });
  oldPoolId = oldPool.Id;
  oldSignUpClient = (await createClient(old, oldPoolId)).ClientId;
  // The function signs in with the admin flow through a client with a secret (SECRET_HASH).
  const migrationClient = await createClient(old, oldPoolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });

  const pool = await createPool(current, {
    AutoVerifiedAttributes: ['email'],
    Schema: SCHEMA,
    LambdaConfig: {
      UserMigration: 'arn:aws:lambda:us-east-1:123456789012:function:cognito-user-migration',
    },
  });
  newPoolId = pool.Id;
  const client = await createClient(current, newPoolId, {
    ExplicitAuthFlows: [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
  });
  newPool = new CognitoUserPool({
    UserPoolId: newPoolId,
    ClientId: client.ClientId,
    endpoint: current.url,
  });

  // The function's configuration. The old server's admin key goes in OLD_AWS_*, so the test
  // process's own AWS_* variables (shared by every SDK client in it) stay untouched.
  Object.assign(process.env, {
    OLD_USER_POOL_ID: oldPoolId,
    OLD_CLIENT_ID: migrationClient.ClientId,
    OLD_CLIENT_SECRET: migrationClient.ClientSecret,
    OLD_COGNITO_ENDPOINT: old.url,
    OLD_AWS_ACCESS_KEY_ID: old.server.accessKey.accessKeyId,
    OLD_AWS_SECRET_ACCESS_KEY: old.server.accessKey.secret,
  });
});

after(async () => {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('OLD_') && !(key in savedEnv)) delete process.env[key];
  }
  await current?.close();
  await old?.close();
});

/** A user signed up and confirmed on the old server, with a custom attribute. */
async function oldUser(): Promise<{ username: string; email: string; oldSub: string }> {
  const username = unique('mover');
  const email = `${username}@example.com`;
  const oldSub = await signUpConfirmed(old, oldSignUpClient, username, {
    attributes: [
      { Name: 'email', Value: email },
      { Name: 'custom:plan', Value: 'gold' },
    ],
  });
  return { username, email, oldSub };
}

function signIn(
  username: string,
  password: string,
  flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH',
): Promise<CognitoUserSession> {
  const user = new CognitoUser({ Username: username, Pool: newPool });
  user.setAuthenticationFlowType(flow);
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}

const newUser = (username: string) =>
  current.admin.send(new AdminGetUserCommand({ UserPoolId: newPoolId, Username: username }));

test('old users sign in on the new server with their password, then by SRP', async () => {
  const { username, email, oldSub } = await oldUser();
  const session = await signIn(username, PASSWORD, 'USER_PASSWORD_AUTH');
  const id = claims(session.getIdToken().getJwtToken());
  assert.equal(id['cognito:username'], username);
  assert.equal(id.email, email);
  assert.equal(id.email_verified, true);
  assert.equal(id['custom:plan'], 'gold');
  assert.notEqual(id.sub, oldSub, 'the new pool gives the user its own sub');
  assert.equal(id.iss, `${current.url}/${newPoolId}`);

  const user = await newUser(username);
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal(attrMap(user.UserAttributes).sub, id.sub);
  // Nothing was sent to the user by the new pool.
  assert.equal(await current.outbox(email), undefined);

  // The user now lives on the new server: SRP, which never shows the password, works too.
  const again = await signIn(username, PASSWORD, 'USER_SRP_AUTH');
  assert.equal(claims(again.getIdToken().getJwtToken()).sub, id.sub);
});

test('a wrong password migrates nobody', async () => {
  const { username } = await oldUser();
  await assert.rejects(signIn(username, 'Wrong-passw0rd', 'USER_PASSWORD_AUTH'), {
    code: 'UserLambdaValidationException',
    message: 'UserMigration failed with error Incorrect username or password.',
  });
  await rejects(newUser(username), 'UserNotFoundException');
  // An SRP sign-in cannot migrate anyone: the new server never sees the password.
  await assert.rejects(signIn(username, PASSWORD, 'USER_SRP_AUTH'), {
    code: 'UserNotFoundException',
  });
  await rejects(newUser(username), 'UserNotFoundException');
});

test('a user the old pool does not know stays unknown', async () => {
  await assert.rejects(signIn(unique('nobody'), PASSWORD, 'USER_PASSWORD_AUTH'), {
    code: 'UserLambdaValidationException',
    message: 'UserMigration failed with error User does not exist.',
  });
});

test('ForgotPassword on the new server migrates an old user in RESET_REQUIRED', async () => {
  const { username, email } = await oldUser();
  const user = new CognitoUser({ Username: username, Pool: newPool });
  const delivery = await new Promise<{ CodeDeliveryDetails: Record<string, string> }>(
    (resolve, reject) =>
      user.forgotPassword({
        onSuccess: resolve,
        onFailure: reject,
        inputVerificationCode: resolve,
      }),
  );
  assert.deepEqual(delivery.CodeDeliveryDetails, {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: 'm***@e***',
  });
  const migrated = await newUser(username);
  assert.equal(migrated.UserStatus, 'RESET_REQUIRED');
  assert.equal(attrMap(migrated.UserAttributes)['custom:plan'], 'gold');

  const code = (await current.outbox(email))?.code;
  assert.ok(code, 'the new server sent the reset code');
  const newPassword = 'N3w-passw0rd!';
  await new Promise((resolve, reject) =>
    user.confirmPassword(code, newPassword, { onSuccess: resolve, onFailure: reject }),
  );
  const session = await signIn(username, newPassword, 'USER_SRP_AUTH');
  assert.equal(claims(session.getIdToken().getJwtToken()).email, email);
  assert.equal((await newUser(username)).UserStatus, 'CONFIRMED');
});
