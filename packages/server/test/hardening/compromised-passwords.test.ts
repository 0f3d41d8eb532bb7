// Issue 18, beyond Cognito: a pool may refuse the most common passwords (a list shipped in the
// package) wherever a password is set. The setting is Cognate's PasswordPolicy member
// CognateRejectCompromisedPasswords, off unless given, so Cognito's behaviour is the default.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  CreateUserPoolCommand,
  type CreateUserPoolRequest,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { compromisedListSize } from '../../src/services/passwords/compromised.ts';
import {
  codeFor,
  createClient,
  createConfirmed,
  createWithTemporaryPassword,
  PASSWORD,
  rejects,
  signedPost,
  signIn,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

const MEMBER = 'CognateRejectCompromisedPasswords';
/** On the shipped list (as "p@ssw0rd") and meets Cognito's default policy. */
const COMMON = 'P@ssw0rd';
const REASON =
  /^Password (does|did) not conform (to|with) (password )?policy: Password is one of the most commonly used passwords/;

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

/**
 * The AWS SDK sends only the members of its model, so a Cognate member is added to the
 * serialized body before signing (the way an app sets it with the SDK; docs/security.md).
 */
function withPolicyExtension(client: CognitoIdentityProviderClient, value: boolean) {
  const name = `cognate-${unique('ext')}`;
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers: Record<string, string> };
      const raw = request.body;
      if (raw !== undefined) {
        const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw as Uint8Array);
        const body = JSON.parse(text);
        if (body.Policies?.PasswordPolicy) body.Policies.PasswordPolicy[MEMBER] = value;
        request.body = JSON.stringify(body);
        if (request.headers['content-length']) {
          request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
        }
      }
      return next(args);
    },
    { step: 'build', name },
  );
  return () => client.middlewareStack.remove(name);
}

/** The member as DescribeUserPool answers it on the wire. */
async function storedSetting(poolId: string): Promise<unknown> {
  const res = await signedPost(t, 'DescribeUserPool', JSON.stringify({ UserPoolId: poolId }));
  const pool = res.body.UserPool as { Policies: { PasswordPolicy: Record<string, unknown> } };
  return pool.Policies.PasswordPolicy[MEMBER];
}

async function checkedPool(input: Partial<CreateUserPoolRequest> = {}) {
  const remove = withPolicyExtension(t.admin, true);
  try {
    const res = await t.admin.send(
      new CreateUserPoolCommand({
        PoolName: unique('pool'),
        AutoVerifiedAttributes: ['email'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 8,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
        ...input,
      }),
    );
    const poolId = res.UserPool?.Id as string;
    const client = await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    return { poolId, clientId: client.ClientId };
  } finally {
    remove();
  }
}

test('the shipped list is loaded lazily and holds tens of thousands of passwords', () => {
  const size = compromisedListSize();
  assert.ok(size > 40_000 && size < 60_000, `${size} passwords`);
});

test('pools created through the API accept common passwords (the check is off)', async () => {
  const res = await t.admin.send(new CreateUserPoolCommand({ PoolName: unique('pool') }));
  const poolId = res.UserPool?.Id as string;
  const client = await createClient(t, poolId);
  await t.anon.send(
    new SignUpCommand({ ClientId: client.ClientId, Username: unique('u'), Password: COMMON }),
  );
  assert.equal(await storedSetting(poolId), undefined);
});

test('the setting is stored, described, and turned off again by UpdateUserPool', async () => {
  const { poolId } = await checkedPool();
  assert.equal(await storedSetting(poolId), true);
  // The SDK's own view of the policy is unchanged (it drops the unknown member).
  const described = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(described.UserPool?.Policies?.PasswordPolicy?.MinimumLength, 8);
  const bad = await signedPost(
    t,
    'UpdateUserPool',
    JSON.stringify({ UserPoolId: poolId, Policies: { PasswordPolicy: { [MEMBER]: 'yes' } } }),
  );
  assert.equal(bad.status, 400);
  assert.equal(bad.body.__type, 'InvalidParameterException');
  await t.admin.send(
    new UpdateUserPoolCommand({
      UserPoolId: poolId,
      Policies: { PasswordPolicy: { MinimumLength: 8 } },
    }),
  );
  assert.equal(await storedSetting(poolId), undefined);
});

test('SignUp refuses a common password in any case, and accepts an uncommon one', async () => {
  const { clientId } = await checkedPool();
  for (const password of [COMMON, 'p@SSW0RD', '1Qaz@wsx']) {
    const err = await rejects(
      t.anon.send(
        new SignUpCommand({ ClientId: clientId, Username: unique('u'), Password: password }),
      ),
      'InvalidPasswordException',
    );
    assert.match(err.message, REASON);
    assert.ok(!err.message.includes(password), 'the message never echoes the password');
  }
  await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: unique('u'), Password: PASSWORD }),
  );
});

test('AdminCreateUser TemporaryPassword and AdminSetUserPassword are checked', async () => {
  const { poolId } = await checkedPool();
  await rejects(
    t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: unique('u'),
        TemporaryPassword: COMMON,
        MessageAction: 'SUPPRESS',
      }),
    ),
    'InvalidPasswordException',
    REASON,
  );
  const username = unique('u');
  await createConfirmed(t, poolId, username);
  await rejects(
    t.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: COMMON,
        Permanent: true,
      }),
    ),
    'InvalidPasswordException',
    REASON,
  );
});

test('ChangePassword is checked and the old password keeps working', async () => {
  const { poolId, clientId } = await checkedPool();
  const username = unique('u');
  await createConfirmed(t, poolId, username);
  const tokens = await signIn(t, clientId, username);
  await rejects(
    t.anon.send(
      new ChangePasswordCommand({
        AccessToken: tokens.AccessToken,
        PreviousPassword: PASSWORD,
        ProposedPassword: COMMON,
      }),
    ),
    'InvalidPasswordException',
    REASON,
  );
  await signIn(t, clientId, username);
});

test('ConfirmForgotPassword is checked', async () => {
  const { poolId, clientId } = await checkedPool();
  const username = unique('u');
  const email = `${username}@example.com`;
  await createConfirmed(t, poolId, username, {
    attributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
  await t.anon.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
  await rejects(
    t.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: username,
        ConfirmationCode: await codeFor(t, email),
        Password: COMMON,
      }),
    ),
    'InvalidPasswordException',
    REASON,
  );
});

test('NEW_PASSWORD_REQUIRED is checked', async () => {
  const { poolId, clientId } = await checkedPool();
  const username = unique('u');
  await createWithTemporaryPassword(t, poolId, username);
  const started = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: 'Temp0rary!' },
    }),
  );
  assert.equal(started.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  await rejects(
    t.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: COMMON },
      }),
    ),
    'InvalidPasswordException',
    REASON,
  );
});
