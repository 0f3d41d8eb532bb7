// Issue 18, finding 1: the lock check and the failure count were separate steps, so a burst of
// parallel sign-ins got dozens of password checks through (and the right password accepted after
// the limit). Now each check is reserved in one statement: bursts of 50 and 200, on one instance
// or split across two sharing the database, get at most five checks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { AdminListUserAuthEventsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { FREE_FAILURES } from '../../src/services/sign-in/index.ts';
import {
  createClient,
  PASSWORD,
  passwordPool,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';

const WRONG = 'Incorrect username or password.';
const EXCEEDED = 'Password attempts exceeded';

let t: TestServer;
let other: TestServer;
let poolId: string;
let clientId: string;
let srpClientId: string;
before(async () => {
  // Rate limits off: this test is about the lockout alone.
  const config = { rateLimits: { enabled: false } } as never;
  t = await startTestServer({ config });
  // A second instance on the same database (the same SQLite file, or PostgreSQL database).
  other = await startTestServer({
    config,
    dataDir: testStore === 'sqlite' ? t.dataDir : undefined,
    database: t.database,
  });
  ({ poolId, clientId } = await passwordPool(t));
  srpClientId = (
    await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
});
after(async () => {
  await other.close();
  await t.close();
});

async function post(url: string, target: string, input: object) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What an answer says: tokens, or the error message. */
function outcome(res: { status: number; body: Record<string, unknown> }): string {
  if (res.status === 200 && (res.body.AuthenticationResult as object | undefined)) return 'tokens';
  assert.equal(res.body.__type, 'NotAuthorizedException', JSON.stringify(res.body));
  return String(res.body.message);
}

function tally(outcomes: string[]) {
  const count = (m: string) => outcomes.filter((o) => o === m).length;
  const result = { wrong: count(WRONG), exceeded: count(EXCEEDED), tokens: count('tokens') };
  assert.equal(result.wrong + result.exceeded + result.tokens, outcomes.length, outcomes.join());
  return result;
}

/** Failed password checks the server recorded for the user (AdminListUserAuthEvents). */
async function failedChecks(username: string): Promise<number> {
  const res = await t.admin.send(
    new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username, MaxResults: 60 }),
  );
  return (res.AuthEvents ?? []).filter((e) => e.EventResponse === 'Fail').length;
}

for (const size of [50, 200]) {
  test(`USER_PASSWORD_AUTH: a burst of ${size} across two instances checks at most ${FREE_FAILURES} passwords`, async () => {
    const name = unique('burst');
    await signUpConfirmed(t, clientId, name);
    // Time stands still: the lock cannot run out while a slow machine answers the burst.
    t.clock.freeze();
    other.clock.freeze();
    try {
      const attempt = (i: number, password: string) =>
        post(i % 2 ? other.url : t.url, 'InitiateAuth', {
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: name, PASSWORD: password },
        }).then(outcome);
      const wrong = Array.from({ length: size - 1 }, (_, i) => attempt(i, `Wrong-${i}-Passw0rd`));
      // The right password goes last, once the wrong ones are on their way.
      await new Promise((resolve) => setImmediate(resolve));
      const right = attempt(size, PASSWORD);
      const result = tally(await Promise.all([...wrong, right]));
      console.log(`burst of ${size}: ${JSON.stringify(result)}`);
      assert.equal(result.tokens, 0, 'the right password is refused once the limit is hit');
      assert.equal(result.wrong, FREE_FAILURES, 'exactly five passwords were checked');
      assert.equal(await failedChecks(name), FREE_FAILURES);
    } finally {
      t.clock.thaw();
      other.clock.thaw();
    }
  });
}

test('SRP PASSWORD_VERIFIER: a burst of 50 wrong claims and the right one checks at most five', async () => {
  const name = unique('srp');
  await signUpConfirmed(t, clientId, name);
  t.clock.freeze();
  other.clock.freeze();
  try {
    // Fifty challenges, then all the wrong answers at once, split across the two instances.
    const sessions = [];
    for (let i = 0; i < 50; i++) {
      const A = randomBytes(384).toString('hex').replace(/^./, '1');
      const res = await post(t.url, 'InitiateAuth', {
        ClientId: srpClientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: name, SRP_A: A },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      sessions.push(res.body.ChallengeParameters as Record<string, string>);
    }
    const wrong = sessions.map((p, i) =>
      post(i % 2 ? other.url : t.url, 'RespondToAuthChallenge', {
        ClientId: srpClientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: p.USER_ID_FOR_SRP,
          PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: randomBytes(32).toString('base64'),
          TIMESTAMP: 'Mon Jan 5 10:00:00 UTC 2026',
        },
      }).then(outcome),
    );
    // The real client, with the right password, in the middle of the burst.
    const pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: srpClientId,
      endpoint: t.url,
    });
    const right = new Promise<string>((resolve) => {
      new CognitoUser({ Username: name, Pool: pool }).authenticateUser(
        new AuthenticationDetails({ Username: name, Password: PASSWORD }),
        {
          onSuccess: () => resolve('tokens'),
          onFailure: (err: Error) => resolve(err.message),
        },
      );
    });
    const result = tally(await Promise.all([...wrong, right]));
    console.log(`SRP burst: ${JSON.stringify(result)}`);
    assert.ok(result.wrong + result.tokens <= FREE_FAILURES, JSON.stringify(result));
    assert.equal(result.wrong, await failedChecks(name));
    if (result.tokens === 0) assert.equal(result.wrong, FREE_FAILURES);
  } finally {
    t.clock.thaw();
    other.clock.thaw();
  }
});

test('sequential attempts keep Cognito’s rule: five failures, then 1 s', async () => {
  const name = unique('seq');
  await signUpConfirmed(t, clientId, name);
  t.clock.freeze();
  try {
    const attempt = (password: string) =>
      post(t.url, 'InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: name, PASSWORD: password },
      }).then(outcome);
    for (let i = 0; i < FREE_FAILURES; i++) assert.equal(await attempt('Wrong-Passw0rd'), WRONG);
    assert.equal(await attempt(PASSWORD), EXCEEDED);
    t.clock.advance(1001);
    assert.equal(await attempt(PASSWORD), 'tokens');
  } finally {
    t.clock.thaw();
  }
});
