// Issue 18, finding 3: no per-IP or per-client limits (240 sign-in attempts in 0.5 s from one
// address). Now token buckets per IP, client and pool guard the unauthenticated operations,
// answered with TooManyRequestsException, held in the database or in Redis, so two instances
// share them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config.ts';
import { parseLimit } from '../../src/services/rate-limits/index.ts';
import { FormClient } from '../hosted-ui/form-client.ts';
import {
  createClient,
  passwordPool,
  startTestServer,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';
import { createOAuthPool, OAUTH_CALLBACK } from '../support/oauth.ts';

const REDIS_URL = process.env.COGNATE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

function limits(over: Partial<Config['rateLimits']>): Partial<Config> {
  return {
    rateLimits: {
      enabled: true,
      perIp: '0',
      perClient: '0',
      perPool: '0',
      codesPerUser: '0',
      codesPerIp: '0',
      exemptLoopback: false,
      ...over,
    },
  };
}

/** Two instances on one database, with the same limits and time standing still. */
async function twoInstances(config: Partial<Config>): Promise<[TestServer, TestServer]> {
  const a = await startTestServer({ config });
  const b = await startTestServer({
    config,
    dataDir: testStore === 'sqlite' ? a.dataDir : undefined,
    database: a.database,
  });
  a.clock.freeze();
  b.clock.offset = a.clock.offset;
  b.clock.freeze();
  return [a, b];
}

async function closeAll(...servers: TestServer[]) {
  for (const s of servers.reverse()) await s.close();
}

async function post(
  url: string,
  target: string,
  input: object,
  api = 'AWSCognitoIdentityProviderService',
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${api}.${target}` },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const signIn = (url: string, clientId: string) =>
  post(url, 'InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: unique('nobody'), PASSWORD: 'Wrong-Passw0rd' },
  });

/** How many of the answers were throttled; each throttled one must be Cognito's exact error. */
function throttled(answers: { status: number; body: Record<string, unknown> }[]): number {
  let n = 0;
  for (const a of answers) {
    if (a.body.__type !== 'TooManyRequestsException') continue;
    assert.equal(a.status, 400);
    assert.equal(a.body.message, 'Rate exceeded');
    n++;
  }
  return n;
}

test('limits read as <count>/<period>', () => {
  assert.deepEqual(parseLimit('20/s'), { burst: 20, intervalUs: 50_000 });
  assert.deepEqual(parseLimit('5/h'), { burst: 5, intervalUs: 720_000_000 });
  assert.equal(parseLimit('0'), undefined);
  assert.throws(() => parseLimit('5 per hour'));
});

test('per IP, across two instances on one database: a burst of 60 gets exactly the 10 of the bucket', async () => {
  const [a, b] = await twoInstances(limits({ perIp: '10/min' }));
  try {
    const { clientId } = await passwordPool(a);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signIn(i % 2 ? b.url : a.url, clientId)),
    );
    assert.equal(throttled(answers), 50);
    // The bucket refills: one more every 6 s.
    a.clock.advance(6001);
    b.clock.advance(6001);
    const next = await Promise.all([signIn(a.url, clientId), signIn(b.url, clientId)]);
    assert.equal(throttled(next), 1);
  } finally {
    await closeAll(a, b);
  }
});

test('per client and per pool', async () => {
  const t = await startTestServer({ config: limits({ perClient: '6/min', perPool: '9/min' }) });
  t.clock.freeze();
  try {
    const { poolId, clientId } = await passwordPool(t);
    const other = await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const first = await Promise.all(Array.from({ length: 10 }, () => signIn(t.url, clientId)));
    assert.equal(throttled(first), 4, 'six for the client');
    const second = await Promise.all(
      Array.from({ length: 10 }, () => signIn(t.url, other.ClientId)),
    );
    assert.equal(throttled(second), 7, 'three left in the pool');
    // Another pool has buckets of its own.
    const elsewhere = await passwordPool(t);
    assert.equal(throttled([await signIn(t.url, elsewhere.clientId)]), 0);
  } finally {
    await t.close();
  }
});

test('large buckets are drawn in batches, never past the limit: one instance gets exactly its 256, two at most 256', async () => {
  // 256 a minute: batches of 4 (drawn-tokens.ts), so most requests write nothing for it.
  const config = limits({ perClient: '256/min' });
  const t = await startTestServer({ config });
  t.clock.freeze();
  try {
    const { clientId } = await passwordPool(t);
    const answers = await Promise.all(Array.from({ length: 300 }, () => signIn(t.url, clientId)));
    assert.equal(throttled(answers), 44, 'exactly the bucket, as when taken one by one');
  } finally {
    await t.close();
  }
  const [a, b] = await twoInstances(config);
  try {
    const { clientId } = await passwordPool(a);
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, i) => signIn(i % 2 ? b.url : a.url, clientId)),
    );
    const admitted = answers.length - throttled(answers);
    // Every token was taken from the shared bucket first; at most a batch short of one per
    // instance may still sit unused in the other instance.
    assert.ok(admitted <= 256, `${admitted} admitted`);
    assert.ok(admitted >= 256 - 2 * 3, `${admitted} admitted`);
  } finally {
    await closeAll(a, b);
  }
});

test('SignUp, ConfirmSignUp, ForgotPassword and the rest share the IP bucket', async () => {
  const t = await startTestServer({ config: limits({ perIp: '4/min' }) });
  t.clock.freeze();
  try {
    const { clientId } = await passwordPool(t);
    const name = unique('u');
    const answers = [
      await post(t.url, 'SignUp', { ClientId: clientId, Username: name, Password: 'Passw0rd!' }),
      await post(t.url, 'ConfirmSignUp', {
        ClientId: clientId,
        Username: name,
        ConfirmationCode: '1',
      }),
      await post(t.url, 'ForgotPassword', { ClientId: clientId, Username: name }),
      await post(t.url, 'ResendConfirmationCode', { ClientId: clientId, Username: name }),
      await post(t.url, 'ConfirmForgotPassword', {
        ClientId: clientId,
        Username: name,
        ConfirmationCode: '1',
        Password: 'x',
      }),
      await post(t.url, 'RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: 'x',
      }),
      await post(
        t.url,
        'GetId',
        { IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' },
        'AWSCognitoIdentityService',
      ),
    ];
    assert.deepEqual(
      answers.map((a) => a.body.__type === 'TooManyRequestsException'),
      [false, false, false, false, true, true, true],
    );
  } finally {
    await t.close();
  }
});

test('the OAuth token endpoint is limited too, answered with HTTP 429', async () => {
  const t = await startTestServer({ config: limits({ perClient: '3/min' }) });
  t.clock.freeze();
  try {
    const app = await createOAuthPool(t);
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${app.base}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: app.clientId,
          refresh_token: 'x',
        }),
      });
      statuses.push(res.status);
    }
    assert.deepEqual(
      statuses.map((s) => s === 429),
      [false, false, false, true, true],
    );
  } finally {
    await t.close();
  }
});

test('loopback peers are left out of the per-IP limits by default', async () => {
  const t = await startTestServer({ config: limits({ perIp: '2/min', exemptLoopback: true }) });
  t.clock.freeze();
  try {
    const { clientId } = await passwordPool(t);
    const answers = await Promise.all(Array.from({ length: 10 }, () => signIn(t.url, clientId)));
    assert.equal(throttled(answers), 0);
  } finally {
    await t.close();
  }
});

test('held in Redis: two instances share the buckets', async () => {
  const redis = new Redis(REDIS_URL);
  await redis.del('cognate:rl:ip:127.0.0.1', 'cognate:rl:ip:::1', 'cognate:rl:ip:::ffff:127.0.0.1');
  const [a, b] = await twoInstances(
    limits({ redisUrl: REDIS_URL, perIp: '8/min', perClient: '5/min' }),
  );
  try {
    const { clientId } = await passwordPool(a);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(i % 2 ? b.url : a.url, clientId)),
    );
    assert.equal(throttled(answers), 25, 'five for the client');
    assert.equal(await redis.exists(`cognate:rl:client:${clientId}`), 1);
    // Nothing went to the database's buckets.
    const rows = await a.server.db.selectFrom('rate_limits').select('key').execute();
    assert.deepEqual(rows, []);
  } finally {
    await closeAll(a, b);
    await redis.del(
      'cognate:rl:ip:127.0.0.1',
      'cognate:rl:ip:::1',
      'cognate:rl:ip:::ffff:127.0.0.1',
    );
    await redis.quit();
  }
});

for (const where of ['database', 'Redis'] as const) {
  test(`a bucket filled by a clock hours ahead (${where}) limits from now on instead of refusing everything`, async () => {
    const redisUrl = where === 'Redis' ? REDIS_URL : undefined;
    const [a, b] = await twoInstances(limits({ redisUrl, perClient: '5/min', perPool: '50/min' }));
    try {
      const { clientId } = await passwordPool(a);
      // Instance a's clock runs two hours ahead of b's: a empties the buckets "in the future".
      a.clock.advance(2 * 3600_000);
      const ahead = await Promise.all(Array.from({ length: 8 }, () => signIn(a.url, clientId)));
      assert.equal(throttled(ahead), 3);
      // On b the buckets count as empty now: a token every 12 s, not nothing for two hours.
      assert.equal(throttled([await signIn(b.url, clientId)]), 0, 'one token, the bucket empty');
      assert.equal(throttled([await signIn(b.url, clientId)]), 1);
      b.clock.advance(12_001);
      const later = await Promise.all([signIn(b.url, clientId), signIn(b.url, clientId)]);
      assert.equal(throttled(later), 1, 'the bucket refills at its rate');
    } finally {
      await closeAll(a, b);
    }
  });
}

test('code requests answer LimitExceededException past codesPerIp', async () => {
  const t = await startTestServer({ config: limits({ codesPerIp: '2/h' }) });
  t.clock.freeze();
  try {
    const { clientId } = await passwordPool(t);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await post(t.url, 'ForgotPassword', { ClientId: clientId, Username: unique('x') }),
      );
    }
    assert.deepEqual(
      answers.map((a) => a.body.__type),
      ['UserNotFoundException', 'UserNotFoundException', 'LimitExceededException'],
    );
  } finally {
    await t.close();
  }
});

/** A hosted page's URL under `app`'s domain, with an authorization request. */
function hostedPage(app: Awaited<ReturnType<typeof createOAuthPool>>, page: string): string {
  const q = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: OAUTH_CALLBACK,
    response_type: 'code',
    scope: 'openid email',
  });
  return `${app.base}/${page}?${q}`;
}

test('the hosted sign-in form counts against the same buckets, answered with a 429 page', async () => {
  const t = await startTestServer({ config: limits({ perIp: '3/min' }) });
  t.clock.freeze();
  try {
    const app = await createOAuthPool(t);
    const c = new FormClient();
    const page = await c.get(hostedPage(app, 'login'));
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await c.submit(page, { username: 'nobody@example.com', password: 'Wr0ng-pass' });
      statuses.push(res.status);
      if (res.status === 429) assert.match(res.body, /Too many attempts/);
    }
    // Three wrong passwords answered on the page itself, then the bucket is empty.
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    // The API shares the IP's bucket: it is empty there too.
    const api = await post(t.url, 'InitiateAuth', {
      ClientId: app.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'nobody@example.com', PASSWORD: 'x' },
    });
    assert.equal(api.body.__type, 'TooManyRequestsException');
  } finally {
    await t.close();
  }
});

test('hosted forms that send a code count against the IP’s code budget', async () => {
  const t = await startTestServer({ config: limits({ codesPerIp: '2/h' }) });
  t.clock.freeze();
  try {
    const app = await createOAuthPool(t);
    const c = new FormClient();
    const page = await c.get(hostedPage(app, 'forgotPassword'));
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await c.submit(page, { username: `${unique('x')}@example.com` });
      statuses.push(res.status);
      if (res.status === 429) assert.match(res.body, /Too many codes requested/);
    }
    assert.equal(statuses[2], 429, `statuses ${statuses}`);
    assert.ok(
      statuses.slice(0, 2).every((s) => s !== 429),
      `statuses ${statuses}`,
    );
  } finally {
    await t.close();
  }
});
