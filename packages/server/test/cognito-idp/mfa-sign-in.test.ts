// Signing in with an authenticator app (SOFTWARE_TOKEN_MFA) through the AWS SDK, in the user and
// admin flows, and what wrong, reused, late and misdirected answers get.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  SetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  claims,
  createClient,
  rejects,
  startTestServer,
  type TestServer,
} from '../support/index.ts';
import {
  adminPasswordAuth,
  adminRespond,
  mfaPool,
  mfaUser,
  passwordAuth,
  respond,
  totpCode,
  verifiedTotp,
  wrongTotp,
} from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, { mode: 'OPTIONAL', totp: true }));
});
after(() => t.close());

const INVALID_SESSION = 'Invalid session for the user.';
const MISMATCH = 'Invalid code or auth state for the user.';

/** A user whose authenticator app is verified and turned on, and the app's secret. */
async function totpUser() {
  const { username } = await mfaUser(t, poolId);
  const { secret, accessToken } = await verifiedTotp(t, clientId, username);
  await t.anon.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  return { username, secret };
}

/** Signs `username` in with the password: the SOFTWARE_TOKEN_MFA challenge it must get. */
async function challenged(username: string, client = clientId) {
  const res = await passwordAuth(t, client, username);
  assert.equal(res.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  assert.equal(res.AuthenticationResult, undefined);
  assert.ok(res.Session);
  return res.Session;
}

test('a verified app that is not turned on asks nothing in an OPTIONAL pool', async () => {
  const { username } = await mfaUser(t, poolId);
  await verifiedTotp(t, clientId, username);
  const res = await passwordAuth(t, clientId, username);
  assert.ok(res.AuthenticationResult?.AccessToken);
});

test('USER_PASSWORD_AUTH asks SOFTWARE_TOKEN_MFA, and the app code gives tokens', async () => {
  const { username, secret } = await totpUser();
  const res = await passwordAuth(t, clientId, username);
  assert.equal(res.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  assert.deepEqual(res.ChallengeParameters, { USER_ID_FOR_SRP: username });
  const done = await respond(t, clientId, 'SOFTWARE_TOKEN_MFA', res.Session, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
  });
  assert.ok(done.AuthenticationResult?.AccessToken && done.AuthenticationResult.RefreshToken);
  assert.deepEqual(done.ChallengeParameters, {});
  assert.equal(claims(done.AuthenticationResult.AccessToken).username, username);
});

test('the admin flow asks the same and AdminRespondToAuthChallenge answers it', async () => {
  const { username, secret } = await totpUser();
  const res = await adminPasswordAuth(t, poolId, clientId, username);
  assert.equal(res.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  const done = await adminRespond(t, poolId, clientId, 'SOFTWARE_TOKEN_MFA', res.Session, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
  });
  assert.ok(done.AuthenticationResult?.IdToken);
});

test('a wrong code is CodeMismatchException and the session takes another try', async () => {
  const { username, secret } = await totpUser();
  const session = await challenged(username);
  const answer = (code: string) =>
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: code,
    });
  await rejects(answer(wrongTotp(t, secret)), 'CodeMismatchException', MISMATCH);
  await rejects(answer('12345'), 'CodeMismatchException', MISMATCH);
  const done = await answer(totpCode(t, secret, 1));
  assert.ok(done.AuthenticationResult?.AccessToken);
  // Used: the session is gone.
  await rejects(answer(totpCode(t, secret, 1)), 'NotAuthorizedException', INVALID_SESSION);
});

test('a code is accepted once: the one just used, or an older one, is a mismatch', async () => {
  // The clock stands still, so the 30 s step cannot turn between the codes compared below.
  t.clock.freeze();
  try {
    const { username, secret } = await totpUser();
    const first = await respond(t, clientId, 'SOFTWARE_TOKEN_MFA', await challenged(username), {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
    });
    assert.ok(first.AuthenticationResult);
    const session = await challenged(username);
    for (const reused of [totpCode(t, secret, 1), totpCode(t, secret)]) {
      await rejects(
        respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
          USERNAME: username,
          SOFTWARE_TOKEN_MFA_CODE: reused,
        }),
        'CodeMismatchException',
        MISMATCH,
      );
    }
    // A later step signs in (after the clock moves on).
    advanceClock(t, 60_000);
    const later = await respond(t, clientId, 'SOFTWARE_TOKEN_MFA', await challenged(username), {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret),
    });
    assert.ok(later.AuthenticationResult);
  } finally {
    t.clock.thaw();
  }
});

test('three codes per session: after three wrong ones even the right code is refused', async () => {
  const { username, secret } = await totpUser();
  const session = await challenged(username);
  for (let i = 0; i < 3; i++) {
    await rejects(
      respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
        USERNAME: username,
        SOFTWARE_TOKEN_MFA_CODE: wrongTotp(t, secret),
      }),
      'CodeMismatchException',
    );
  }
  await rejects(
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
    }),
    'NotAuthorizedException',
    INVALID_SESSION,
  );
});

test('parallel wrong codes on one session never get more than three compared', async () => {
  const { username, secret } = await totpUser();
  const session = await challenged(username);
  const answers = await Promise.all(
    Array.from({ length: 12 }, () =>
      respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
        USERNAME: username,
        SOFTWARE_TOKEN_MFA_CODE: wrongTotp(t, secret),
      }).then(
        () => 'signed in',
        (err: Error) => err.name,
      ),
    ),
  );
  assert.equal(answers.filter((a) => a === 'CodeMismatchException').length, 3);
  assert.equal(answers.filter((a) => a === 'NotAuthorizedException').length, 9);
  await rejects(
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
    }),
    'NotAuthorizedException',
    INVALID_SESSION,
  );
});

test('a session expires after three minutes, or the client AuthSessionValidity', async () => {
  const { username, secret } = await totpUser();
  const session = await challenged(username);
  advanceClock(t, 3 * 60_000 + 1000);
  await rejects(
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
    }),
    'NotAuthorizedException',
    'Invalid session for the user, session is expired.',
  );
  const patient = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AuthSessionValidity: 10,
  });
  const longer = await challenged(username, patient.ClientId);
  advanceClock(t, 5 * 60_000);
  const done = await respond(t, patient.ClientId, 'SOFTWARE_TOKEN_MFA', longer, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret),
  });
  assert.ok(done.AuthenticationResult);
});

test('answers that do not fit the session change nothing', async () => {
  const { username, secret } = await totpUser();
  const other = await mfaUser(t, poolId);
  const session = await challenged(username);
  const code = totpCode(t, secret, 1);
  // A challenge that was not asked.
  await rejects(
    respond(t, clientId, 'SMS_MFA', session, { USERNAME: username, SMS_MFA_CODE: code }),
    'NotAuthorizedException',
    INVALID_SESSION,
  );
  // Another client of the same pool.
  const second = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await rejects(
    respond(t, second.ClientId, 'SOFTWARE_TOKEN_MFA', session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: code,
    }),
    'NotAuthorizedException',
    INVALID_SESSION,
  );
  // Another user's name.
  await rejects(
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
      USERNAME: other.username,
      SOFTWARE_TOKEN_MFA_CODE: code,
    }),
    'NotAuthorizedException',
    INVALID_SESSION,
  );
  // Required members.
  await rejects(
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, { USERNAME: username }),
    'InvalidParameterException',
    'Missing required parameter SOFTWARE_TOKEN_MFA_CODE',
  );
  await rejects(
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, { SOFTWARE_TOKEN_MFA_CODE: code }),
    'InvalidParameterException',
    'Missing required parameter USERNAME',
  );
  // None of it cost a try or the code: the session still signs in, once.
  const done = await respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: code,
  });
  assert.ok(done.AuthenticationResult);
});

test('a disabled user cannot finish the challenge', async () => {
  const { username, secret } = await totpUser();
  const session = await challenged(username);
  await t.admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
  await rejects(
    respond(t, clientId, 'SOFTWARE_TOKEN_MFA', session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
    }),
    'NotAuthorizedException',
    'User is disabled.',
  );
});

test('the secret is sealed at rest, and deleting the user removes its MFA settings', async () => {
  const { username, secret } = await totpUser();
  const { Username } = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  const row = await t.server.db
    .selectFrom('user_mfa')
    .innerJoin('users', 'users.id', 'user_mfa.user_id')
    .select(['user_mfa.totp_secret', 'user_mfa.user_id'])
    .where('users.username', '=', Username as string)
    .executeTakeFirstOrThrow();
  const sealed = row.totp_secret ?? '';
  assert.ok(sealed.startsWith('v1.'));
  assert.ok(!sealed.includes(secret));
  await t.admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));
  const left = await t.server.db
    .selectFrom('user_mfa')
    .select('user_id')
    .where('user_id', '=', row.user_id)
    .execute();
  assert.deepEqual(left, []);
});
