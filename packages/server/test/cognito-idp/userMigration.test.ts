// The UserMigration trigger, run as local modules from a functions folder: InitiateAuth and
// AdminInitiateAuth with a password, ForgotPassword, and what each kind of failing function answers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  type AuthFlowType,
  ConfirmForgotPasswordCommand,
  type ExplicitAuthFlowsType,
  ForgotPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  claims,
  createClient,
  createConfirmed,
  createPool,
  PASSWORD,
  rejects,
  signIn,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

/** The password the old directory knows; weaker than the pool's policy allows, on purpose. */
const OLD_PASSWORD = 'oldsecret';

// The functions, as a team would write them for Lambda. `accept` vouches for users whose name
// starts with "old" (with OLD_PASSWORD at sign-in) and records every event it gets.
const FUNCTIONS: Record<string, string> = {
  'accept.mjs': `
    export const handler = async (event) => {
      (globalThis.migrationEvents ??= []).push(structuredClone(event));
      const known = event.userName.startsWith('old');
      if (event.triggerSource === 'UserMigration_Authentication') {
        if (!known || event.request.password !== '${OLD_PASSWORD}') throw new Error('Bad password');
      } else if (!known) {
        throw new Error('User not found');
      }
      event.response.userAttributes = {
        email: event.userName + '@example.com',
        email_verified: 'true',
        name: 'Old User',
      };
      event.response.finalUserStatus = event.userName.startsWith('oldreset')
        ? 'RESET_REQUIRED'
        : 'CONFIRMED';
      event.response.messageAction = 'SUPPRESS';
      return event;
    };`,
  'callback.cjs': `
    exports.handler = (event, context, callback) => {
      event.response.userAttributes = { email: event.userName + '@example.com', email_verified: true };
      callback(null, event);
    };`,
  'legacy.js': `
    exports.handler = function (event, context) {
      event.response.userAttributes = { email: event.userName + '@example.com' };
      context.succeed(event);
    };`,
  'typed.ts': `
    export const handler = async (event: { userName: string; response: Record<string, unknown> }) => {
      event.response.userAttributes = { email: \`\${event.userName}@example.com\` };
      return event;
    };`,
  'throws.mjs': `export const handler = async () => { throw new Error('Bad password'); };`,
  'empty.mjs': `export const handler = async (event) => event;`,
  'garbage.mjs': `export const handler = async () => 'not an event';`,
  'nothing.mjs': `export const handler = async () => {};`,
  'badstatus.mjs': `
    export const handler = async (event) => {
      event.response.userAttributes = { email: 'x@example.com' };
      event.response.finalUserStatus = 'FORCE_CHANGE_PASSWORD';
      return event;
    };`,
  'badattrs.mjs': `
    export const handler = async (event) => {
      event.response.userAttributes = { email: 'x@example.com', 'custom:nope': 'x' };
      return event;
    };`,
  'slow.mjs': `export const handler = () => new Promise(() => {});`,
};

const events = (): Record<string, unknown>[] =>
  ((globalThis as Record<string, unknown>).migrationEvents as Record<string, unknown>[]) ?? [];

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

let t: TestServer;
let functionsDir: string;
let accept: Awaited<ReturnType<typeof migrationPool>>;
before(async () => {
  functionsDir = mkdtempSync(path.join(tmpdir(), 'cognate-functions-'));
  for (const [file, source] of Object.entries(FUNCTIONS)) {
    writeFileSync(path.join(functionsDir, file), source);
  }
  t = await startTestServer({ config: { functionsDir } });
  accept = await migrationPool('accept');
});
after(async () => {
  await t.close();
  rmSync(functionsDir, { recursive: true, force: true });
});

/** A pool whose UserMigration trigger is function `name`, a client and a hiding client. */
async function migrationPool(name: string) {
  const pool = await createPool(t, {
    AutoVerifiedAttributes: ['email'],
    LambdaConfig: { UserMigration: arn(name) },
  });
  const flows: ExplicitAuthFlowsType[] = [
    'ALLOW_USER_PASSWORD_AUTH',
    'ALLOW_ADMIN_USER_PASSWORD_AUTH',
    'ALLOW_USER_SRP_AUTH',
    'ALLOW_REFRESH_TOKEN_AUTH',
  ];
  const client = await createClient(t, pool.Id, { ExplicitAuthFlows: flows });
  const hiding = await createClient(t, pool.Id, {
    ExplicitAuthFlows: flows,
    PreventUserExistenceErrors: 'ENABLED',
  });
  return { poolId: pool.Id, clientId: client.ClientId, hidingId: hiding.ClientId };
}

const initiate = (
  clientId: string,
  username: string,
  password: string,
  flow: AuthFlowType = 'USER_PASSWORD_AUTH',
) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: flow,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

const forgot = (clientId: string, username: string, metadata?: Record<string, string>) =>
  t.anon.send(
    new ForgotPasswordCommand({ ClientId: clientId, Username: username, ClientMetadata: metadata }),
  );

const getUser = (poolId: string, username: string) =>
  t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));

test('InitiateAuth USER_PASSWORD_AUTH migrates an unknown user and signs them in', async () => {
  const username = unique('old');
  const before = events().length;
  const tokens = await signIn(t, accept.clientId, username, OLD_PASSWORD);
  assert.equal(events().length, before + 1);
  assert.deepEqual(events().at(-1), {
    version: '1',
    triggerSource: 'UserMigration_Authentication',
    region: 'us-east-1',
    userPoolId: accept.poolId,
    userName: username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: accept.clientId },
    request: { password: OLD_PASSWORD },
    response: {
      userAttributes: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    },
  });
  const user = await getUser(accept.poolId, username);
  assert.equal(user.UserStatus, 'CONFIRMED');
  const attrs = attrMap(user.UserAttributes);
  assert.equal(attrs.email, `${username}@example.com`);
  assert.equal(attrs.email_verified, 'true');
  assert.equal(attrs.name, 'Old User');
  assert.match(attrs.sub, /^[0-9a-f-]{36}$/);
  const id = claims(tokens.IdToken);
  assert.equal(id['cognito:username'], username);
  assert.equal(id.sub, attrs.sub);
  assert.equal(id.email, `${username}@example.com`);
  // Nothing was sent: the function suppressed the welcome message.
  assert.equal(await t.outbox(`${username}@example.com`), undefined);
});

test('a migrated user signs in again without the trigger; a wrong password is refused', async () => {
  const username = unique('old');
  await signIn(t, accept.clientId, username, OLD_PASSWORD);
  const before = events().length;
  await signIn(t, accept.clientId, username, OLD_PASSWORD);
  await rejects(
    initiate(accept.clientId, username, PASSWORD),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  assert.equal(events().length, before);
});

test('an existing user never runs the trigger', async () => {
  const username = unique('oldexisting');
  await createConfirmed(t, accept.poolId, username);
  const before = events().length;
  await rejects(initiate(accept.clientId, username, OLD_PASSWORD), 'NotAuthorizedException');
  await signIn(t, accept.clientId, username, PASSWORD);
  assert.equal(events().length, before);
});

test('AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH migrates, passing ClientMetadata as validationData', async () => {
  const username = unique('old');
  const res = await t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: accept.poolId,
      ClientId: accept.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: OLD_PASSWORD },
      ClientMetadata: { source: 'admin' },
    }),
  );
  assert.ok(res.AuthenticationResult?.AccessToken);
  const event = events().at(-1) as { triggerSource: string; request: Record<string, unknown> };
  assert.equal(event.triggerSource, 'UserMigration_Authentication');
  assert.deepEqual(event.request, {
    password: OLD_PASSWORD,
    validationData: { source: 'admin' },
  });
  assert.equal((await getUser(accept.poolId, username)).UserStatus, 'CONFIRMED');
});

test('a failing function: UserLambdaValidationException, or an unknown user when existence is hidden', async () => {
  const username = unique('old');
  await rejects(
    initiate(accept.clientId, username, 'wrong-password'),
    'UserLambdaValidationException',
    'UserMigration failed with error Bad password.',
  );
  await rejects(
    initiate(accept.hidingId, username, 'wrong-password'),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  await rejects(getUser(accept.poolId, username), 'UserNotFoundException');
  // A function that always fails, for a user no directory knows.
  const throws = await migrationPool('throws');
  await rejects(
    initiate(throws.clientId, unique('ghost'), PASSWORD),
    'UserLambdaValidationException',
    'UserMigration failed with error Bad password.',
  );
  await rejects(
    forgot(throws.clientId, unique('ghost')),
    'UserLambdaValidationException',
    'UserMigration failed with error Bad password.',
  );
  const ghost = `${unique('ghost')}@example.com`;
  const decoy = await forgot(throws.hidingId, ghost);
  assert.equal(decoy.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
  assert.equal(await t.outbox(ghost), undefined);
});

test('USER_SRP_AUTH never runs the trigger: Cognito never sees the password', async () => {
  const before = events().length;
  await rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: accept.clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: unique('old'), SRP_A: 'abcdef' },
      }),
    ),
    'UserNotFoundException',
    'User does not exist.',
  );
  assert.equal(events().length, before);
});

test('finalUserStatus RESET_REQUIRED creates the user, then asks for a password reset', async () => {
  const username = unique('oldreset');
  await rejects(
    initiate(accept.clientId, username, OLD_PASSWORD),
    'PasswordResetRequiredException',
    'Password reset required for the user',
  );
  assert.equal((await getUser(accept.poolId, username)).UserStatus, 'RESET_REQUIRED');
});

test('ForgotPassword migrates an unknown user in RESET_REQUIRED and sends the reset code', async () => {
  const username = unique('old');
  const res = await forgot(accept.clientId, username, { source: 'forgot' });
  assert.deepEqual(res.CodeDeliveryDetails, {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: 'o***@e***',
  });
  const event = events().at(-1) as { triggerSource: string; request: Record<string, unknown> };
  assert.equal(event.triggerSource, 'UserMigration_ForgotPassword');
  assert.deepEqual(event.request, { clientMetadata: { source: 'forgot' } });
  assert.equal((await getUser(accept.poolId, username)).UserStatus, 'RESET_REQUIRED');
  const code = (await t.outbox(`${username}@example.com`))?.code;
  assert.ok(code);
  await t.anon.send(
    new ConfirmForgotPasswordCommand({
      ClientId: accept.clientId,
      Username: username,
      ConfirmationCode: code,
      Password: PASSWORD,
    }),
  );
  await signIn(t, accept.clientId, username, PASSWORD);
  assert.equal((await getUser(accept.poolId, username)).UserStatus, 'CONFIRMED');
});

test('ForgotPassword for a user the function refuses: UserLambdaValidationException, or a decoy', async () => {
  await rejects(
    forgot(accept.clientId, unique('stranger')),
    'UserLambdaValidationException',
    'UserMigration failed with error User not found.',
  );
  const res = await forgot(accept.hidingId, unique('stranger'));
  // The decoy has the form a real user of this pool (which verifies email) would get.
  assert.equal(res.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
});

test('an empty answer vouches for nobody: the unknown-user answer', async () => {
  const empty = await migrationPool('empty');
  await rejects(
    initiate(empty.clientId, unique('old'), PASSWORD),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(
    initiate(empty.hidingId, unique('old'), PASSWORD),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  await rejects(
    forgot(empty.clientId, unique('old')),
    'UserNotFoundException',
    'Username/client id combination not found.',
  );
});

test('an answer that is not an event, or has bad members, is InvalidLambdaResponseException', async () => {
  for (const name of ['garbage', 'nothing', 'badstatus']) {
    const pool = await migrationPool(name);
    for (const clientId of [pool.clientId, pool.hidingId]) {
      const username = unique('old');
      await rejects(
        initiate(clientId, username, PASSWORD),
        'InvalidLambdaResponseException',
        'Unrecognizable lambda output',
      );
      await rejects(getUser(pool.poolId, username), 'UserNotFoundException');
    }
  }
});

test('attributes the pool cannot store: Exception migrating user in app client', async () => {
  const bad = await migrationPool('badattrs');
  const username = unique('old');
  await rejects(
    initiate(bad.clientId, username, PASSWORD),
    'UserNotFoundException',
    `Exception migrating user in app client ${bad.clientId}`,
  );
  await rejects(
    initiate(bad.hidingId, username, PASSWORD),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  await rejects(getUser(bad.poolId, username), 'UserNotFoundException');
});

test('callback-style CommonJS, context.succeed and TypeScript handlers', async () => {
  for (const name of ['callback', 'legacy', 'typed']) {
    const pool = await migrationPool(name);
    const username = unique('old');
    // The old directory's password, whatever it is: these functions check nothing.
    await signIn(t, pool.clientId, username, 'any password at all');
    const attrs = attrMap((await getUser(pool.poolId, username)).UserAttributes);
    assert.equal(attrs.email, `${username}@example.com`, name);
    if (name === 'callback') assert.equal(attrs.email_verified, 'true');
  }
});

test('a function with no module: UnexpectedLambdaException, nobody created', async () => {
  const missing = await migrationPool('nowhere');
  const username = unique('old');
  await rejects(
    initiate(missing.clientId, username, PASSWORD),
    'UnexpectedLambdaException',
    `UserMigration invocation failed due to error Function not found: ${arn('nowhere')}.`,
  );
  await rejects(
    forgot(missing.hidingId, username),
    'UnexpectedLambdaException',
    `UserMigration invocation failed due to error Function not found: ${arn('nowhere')}.`,
  );
  await rejects(getUser(missing.poolId, username), 'UserNotFoundException');
});

test('a function that does not answer within 5 s: UnexpectedLambdaException', async () => {
  const slow = await migrationPool('slow');
  const started = Date.now();
  await rejects(
    initiate(slow.clientId, unique('old'), PASSWORD),
    'UnexpectedLambdaException',
    'UserMigration invocation failed due to error Socket timeout while invoking Lambda function.',
  );
  const waited = Date.now() - started;
  assert.ok(waited >= 4900 && waited < 8000, `waited ${waited} ms`);
});
