// PreTokenGeneration, version 1 (ID token claims and groups) and version 2 (both tokens and
// scopes), on sign-in (USER_PASSWORD_AUTH, SRP through amazon-cognito-identity-js,
// NEW_PASSWORD_REQUIRED) and on refresh, with the claims checked in the decoded tokens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { devicePool, deviceSignIn, rememberNewDevice } from '../support/devices.ts';
import {
  claims,
  createConfirmed,
  createWithTemporaryPassword,
  PASSWORD,
  rejects,
  signIn,
  TEMPORARY_PASSWORD,
  unique,
  verifiedEmail,
} from '../support/index.ts';
import {
  arn,
  handler,
  startTriggerServer,
  type TriggerServer,
  triggerPool,
} from './triggers.fixture.ts';

const ROLE = 'arn:aws:iam::123456789012:role/vip';

// Users named `throw…` or `garbage…` make the functions misbehave.
const MISBEHAVE = `
  const refresh = event.triggerSource === 'TokenGeneration_RefreshTokens';
  if (event.userName.startsWith('throw') || (refresh && event.userName.startsWith('norefresh'))) {
    throw new Error('Entitlements service down');
  }
  if (event.userName.startsWith('garbage')) return { response: 'none' };`;

const FUNCTIONS = {
  'tokenv1.mjs': handler(`${MISBEHAVE}
    if (event.userName.startsWith('nested')) {
      event.response.claimsOverrideDetails = { claimsToAddOrOverride: { plan: { level: 1 } } };
      return event;
    }
    event.response.claimsOverrideDetails = {
      claimsToAddOrOverride: {
        tier: 'gold', given_name: 'Override', count: 3, both: 'added',
        sub: 'hijacked', iss: 'https://evil.example', 'cognito:username': 'someone', token_use: 'access',
      },
      claimsToSuppress: ['email', 'both', 'aud', 'exp'],
      groupOverrideDetails: {
        groupsToOverride: ['vip', ...event.request.groupConfiguration.groupsToOverride],
        iamRolesToOverride: ['${ROLE}'],
        preferredRole: '${ROLE}',
      },
    };
    return event;`),
  'tokenv2.mjs': handler(`${MISBEHAVE}
    event.response.claimsAndScopeOverrideDetails = {
      idTokenGeneration: {
        claimsToAddOrOverride: { plan: { level: 2, features: ['a', 'b'] }, beta: true },
        claimsToSuppress: ['email'],
      },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant: 't-1', client_id: 'evil', scope: 'evil' },
        claimsToSuppress: ['username', 'event_id'],
        scopesToAdd: ['photos/read', 'photos/write'],
        scopesToSuppress: ['photos/write'],
      },
      groupOverrideDetails: {},
    };
    return event;`),
};

let s: TriggerServer;
let v1: { poolId: string; clientId: string };
let v2: { poolId: string; clientId: string };
before(async () => {
  s = await startTriggerServer(FUNCTIONS);
  v1 = await triggerPool(s.t, { LambdaConfig: { PreTokenGeneration: arn('tokenv1') } });
  v2 = await triggerPool(s.t, {
    LambdaConfig: {
      PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn('tokenv2') },
    },
  });
  for (const { poolId } of [v1, v2]) {
    await s.t.admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' }));
  }
});
after(() => s.close());

/** A confirmed member of `staff` with a verified email. */
async function staff(pool: { poolId: string }, prefix = 'staff'): Promise<string> {
  const username = unique(prefix);
  await createConfirmed(s.t, pool.poolId, username, {
    attributes: verifiedEmail(`${username}@example.com`),
  });
  await s.t.admin.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: pool.poolId,
      Username: username,
      GroupName: 'staff',
    }),
  );
  return username;
}

/** What V1's function makes of a member of `staff`, checked in a pair of tokens. */
function assertV1Claims(
  tokens: { IdToken?: string; AccessToken?: string },
  username: string,
  sub: string,
) {
  const id = claims(tokens.IdToken as string);
  assert.equal(id.tier, 'gold');
  assert.equal(id.given_name, 'Override');
  assert.equal(id.count, '3');
  // Suppressing wins over adding; fixed claims keep Cognito's values.
  assert.equal(id.both, undefined);
  assert.equal(id.email, undefined);
  assert.equal(id.email_verified, true);
  assert.equal(id.sub, sub);
  assert.equal(id['cognito:username'], username);
  assert.equal(id.token_use, 'id');
  assert.equal(id.aud, v1.clientId);
  assert.equal(typeof id.exp, 'number');
  assert.match(String(id.iss), new RegExp(`/${v1.poolId}$`));
  assert.deepEqual(id['cognito:groups'], ['vip', 'staff']);
  assert.deepEqual(id['cognito:roles'], [ROLE]);
  assert.equal(id['cognito:preferred_role'], ROLE);
  const access = claims(tokens.AccessToken as string);
  assert.deepEqual(access['cognito:groups'], ['vip', 'staff']);
  assert.equal(access.tier, undefined);
  assert.equal(access['cognito:roles'], undefined);
}

test('V1 at sign-in: the event, ID token claims added, overridden and suppressed, groups replaced', async () => {
  const username = await staff(v1);
  const tokens = await signIn(s.t, v1.clientId, username);
  const event = s.lastEvent('TokenGeneration_Authentication', username);
  assert.equal(event.version, '1');
  assert.equal(event.callerContext.clientId, v1.clientId);
  const sub = event.request.userAttributes?.sub as string;
  assert.deepEqual(event.request, {
    userAttributes: {
      email: `${username}@example.com`,
      email_verified: 'true',
      sub,
      'cognito:user_status': 'CONFIRMED',
    },
    groupConfiguration: {
      groupsToOverride: ['staff'],
      iamRolesToOverride: [],
      preferredRole: null,
    },
  });
  assert.deepEqual(event.response, { claimsOverrideDetails: null });
  assertV1Claims(tokens, username, sub);
});

test('V1 on refresh: TokenGeneration_RefreshTokens, with GetTokensFromRefreshToken’s ClientMetadata', async () => {
  const username = await staff(v1);
  const first = await signIn(s.t, v1.clientId, username);
  const sub = claims(first.AccessToken).sub as string;
  const refreshed = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: v1.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: first.RefreshToken },
      ClientMetadata: { ignored: 'yes' },
    }),
  );
  assert.ok(refreshed.AuthenticationResult);
  assertV1Claims(refreshed.AuthenticationResult, username, sub);
  // InitiateAuth's ClientMetadata does not reach the token trigger, as on Cognito.
  assert.equal(
    s.lastEvent('TokenGeneration_RefreshTokens', username).request.clientMetadata,
    undefined,
  );
  const again = await s.t.anon.send(
    new GetTokensFromRefreshTokenCommand({
      ClientId: v1.clientId,
      RefreshToken: first.RefreshToken,
      ClientMetadata: { screen: 'home' },
    }),
  );
  assertV1Claims(again.AuthenticationResult ?? {}, username, sub);
  assert.deepEqual(s.lastEvent('TokenGeneration_RefreshTokens', username).request.clientMetadata, {
    screen: 'home',
  });
});

test('NEW_PASSWORD_REQUIRED ends in TokenGeneration_NewPasswordChallenge with the answer’s ClientMetadata', async () => {
  const username = unique('fresh');
  await createWithTemporaryPassword(s.t, v1.poolId, username);
  const challenge = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: v1.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: TEMPORARY_PASSWORD },
    }),
  );
  const done = await s.t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: v1.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: PASSWORD },
      ClientMetadata: { onboarding: 'step-2' },
    }),
  );
  assert.equal(claims(done.AuthenticationResult?.IdToken as string).tier, 'gold');
  const event = s.lastEvent('TokenGeneration_NewPasswordChallenge', username);
  assert.deepEqual(event.request.clientMetadata, { onboarding: 'step-2' });
});

test('SRP through amazon-cognito-identity-js: the claims in its session, its ClientMetadata in the event', async () => {
  const username = await staff(v1);
  const userPool = new CognitoUserPool({
    UserPoolId: v1.poolId,
    ClientId: v1.clientId,
    endpoint: s.t.url,
  });
  const user = new CognitoUser({ Username: username, Pool: userPool });
  const session = await new Promise<CognitoUserSession>((resolve, reject) => {
    user.authenticateUser(
      new AuthenticationDetails({
        Username: username,
        Password: PASSWORD,
        ClientMetadata: { client: 'identity-js' },
      }),
      { onSuccess: resolve, onFailure: reject },
    );
  });
  const payload = session.getIdToken().decodePayload();
  assert.equal(payload.tier, 'gold');
  assert.deepEqual(payload['cognito:groups'], ['vip', 'staff']);
  assert.deepEqual(s.lastEvent('TokenGeneration_Authentication', username).request.clientMetadata, {
    client: 'identity-js',
  });
});

test('a sign-in ending with a remembered device’s proof: TokenGeneration_AuthenticateDevice', async () => {
  const pool = await devicePool(
    s.t,
    { ChallengeRequiredOnNewDevice: true },
    { LambdaConfig: { PreTokenGeneration: arn('tokenv1') } },
  );
  const username = unique('devices');
  await createConfirmed(s.t, pool.poolId, username);
  const { device } = await rememberNewDevice(s.t, pool.clientId, username);
  assert.ok(s.lastEvent('TokenGeneration_Authentication', username));
  const tokens = await deviceSignIn(s.t, pool.clientId, username, device);
  assert.equal(claims(tokens?.IdToken as string).tier, 'gold');
  assert.ok(s.lastEvent('TokenGeneration_AuthenticateDevice', username));
});

test('V2: both tokens, any JSON values, scopes added and suppressed, groups suppressed', async () => {
  const username = await staff(v2);
  const tokens = await signIn(s.t, v2.clientId, username);
  const event = s.lastEvent('TokenGeneration_Authentication', username);
  assert.equal(event.version, '2');
  assert.deepEqual(event.request.scopes, ['aws.cognito.signin.user.admin']);
  assert.deepEqual(event.request.groupConfiguration, {
    groupsToOverride: ['staff'],
    iamRolesToOverride: [],
    preferredRole: null,
  });
  assert.deepEqual(event.response, { claimsAndScopeOverrideDetails: null });
  const id = claims(tokens.IdToken);
  assert.deepEqual(id.plan, { level: 2, features: ['a', 'b'] });
  assert.equal(id.beta, true);
  assert.equal(id.email, undefined);
  assert.equal(id['cognito:groups'], undefined);
  const access = claims(tokens.AccessToken);
  assert.equal(access.tenant, 't-1');
  assert.equal(access.client_id, v2.clientId);
  assert.equal(access.username, username);
  assert.equal(access.event_id, undefined);
  assert.equal(access.scope, 'aws.cognito.signin.user.admin photos/read');
  assert.equal(access['cognito:groups'], undefined);
  const refreshed = await s.t.anon.send(
    new InitiateAuthCommand({
      ClientId: v2.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
    }),
  );
  assert.equal(
    claims(refreshed.AuthenticationResult?.AccessToken as string).scope,
    'aws.cognito.signin.user.admin photos/read',
  );
});

test('a failing token function: UserLambdaValidationException, no tokens, at sign-in and on refresh', async () => {
  for (const pool of [v1, v2]) {
    const username = await staff(pool, 'throw');
    await rejects(
      s.t.anon.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD },
        }),
      ),
      'UserLambdaValidationException',
      'PreTokenGeneration failed with error Entitlements service down.',
    );
    const later = await staff(pool, 'norefresh');
    const tokens = await signIn(s.t, pool.clientId, later);
    await rejects(
      s.t.anon.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
        }),
      ),
      'UserLambdaValidationException',
      'PreTokenGeneration failed with error Entitlements service down.',
    );
  }
});

test('a token function answering the wrong shape: InvalidLambdaResponseException', async () => {
  for (const [pool, prefix] of [
    [v1, 'garbage'],
    [v2, 'garbage'],
    [v1, 'nested'],
  ] as const) {
    const username = await staff(pool, prefix);
    await rejects(
      s.t.anon.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD },
        }),
      ),
      'InvalidLambdaResponseException',
      'Unrecognizable lambda output',
    );
  }
});
