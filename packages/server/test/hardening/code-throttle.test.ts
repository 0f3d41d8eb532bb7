// Issue 18, finding 2: every ForgotPassword or ResendConfirmationCode issued a fresh code with
// five fresh tries and sent a message, without limit. Now codes sent to a user are limited
// (5 an hour by default, LimitExceededException), code requests per IP too, and a user's wrong
// guesses outlive re-issued codes (5 per run of an hour), in parallel as in sequence.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  PASSWORD,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

const LIMIT = 'Attempt limit exceeded, please try after some time.';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  // The defaults for codes (5 per user an hour); per-IP limits apply to loopback here.
  t = await startTestServer({
    config: {
      rateLimits: {
        enabled: true,
        perIp: '0',
        perClient: '0',
        perPool: '0',
        codesPerUser: '5/h',
        codesPerIp: '0',
        exemptLoopback: false,
      },
    },
  });
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

/** Settles every call; the count of successes and of LimitExceededException. */
async function settle(calls: Promise<unknown>[]) {
  const results = await Promise.allSettled(calls);
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  const limited = results.filter(
    (r) =>
      r.status === 'rejected' &&
      (r.reason as { name?: string }).name === 'LimitExceededException' &&
      (r.reason as Error).message === LIMIT,
  ).length;
  assert.equal(
    ok + limited,
    calls.length,
    JSON.stringify(results.find((r) => r.status === 'rejected')),
  );
  return { ok, limited };
}

async function messagesTo(address: string): Promise<number> {
  const res = await fetch(`${t.url}/_dev/outbox?username=${encodeURIComponent(address)}`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

const forgot = (username: string, client = clientId) =>
  t.anon.send(new ForgotPasswordCommand({ ClientId: client, Username: username }));

test('ForgotPassword: five codes per user and hour, in parallel as in sequence', async () => {
  const name = unique('victim');
  await signUpConfirmed(t, clientId, name);
  const before = await messagesTo(`${name}@example.com`);
  t.clock.freeze();
  try {
    const burst = await settle(Array.from({ length: 40 }, () => forgot(name)));
    assert.deepEqual(burst, { ok: 5, limited: 35 });
    assert.equal((await messagesTo(`${name}@example.com`)) - before, 5, 'five messages sent');
    await rejects(forgot(name), 'LimitExceededException', LIMIT);
    // One more every 12 minutes.
    t.clock.advance(12 * 60_000 + 1000);
    await forgot(name);
    await rejects(forgot(name), 'LimitExceededException', LIMIT);
  } finally {
    t.clock.thaw();
  }
});

test('ResendConfirmationCode: the same limit', async () => {
  const name = unique('pending');
  await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: name,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
    }),
  );
  t.clock.freeze();
  try {
    const burst = await settle(
      Array.from({ length: 30 }, () =>
        t.anon.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: name })),
      ),
    );
    assert.deepEqual(burst, { ok: 5, limited: 25 });
  } finally {
    t.clock.thaw();
  }
});

test('GetUserAttributeVerificationCode: the same limit', async () => {
  const name = unique('attr');
  await signUpConfirmed(t, clientId, name);
  const { AccessToken } = await signIn(t, clientId, name);
  t.clock.freeze();
  try {
    const burst = await settle(
      Array.from({ length: 20 }, () =>
        t.anon.send(
          new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
        ),
      ),
    );
    assert.deepEqual(burst, { ok: 5, limited: 15 });
  } finally {
    t.clock.thaw();
  }
});

test('an unknown user (existence hidden) is limited the same way', async () => {
  const hiding = await createClient(t, poolId, { PreventUserExistenceErrors: 'ENABLED' });
  const ghost = unique('ghost');
  t.clock.freeze();
  try {
    const burst = await settle(Array.from({ length: 20 }, () => forgot(ghost, hiding.ClientId)));
    assert.deepEqual(burst, { ok: 5, limited: 15 });
  } finally {
    t.clock.thaw();
  }
});

test('wrong guesses outlive a re-issued code: five per run, parallel guesses included', async () => {
  const name = unique('guess');
  await signUpConfirmed(t, clientId, name);
  const confirm = (code: string) =>
    t.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: name,
        ConfirmationCode: code,
        Password: 'N3w-Passw0rd!',
      }),
    );
  t.clock.freeze();
  try {
    await forgot(name);
    for (let i = 0; i < 3; i++) await rejects(confirm('000000'), 'CodeMismatchException');
    // A fresh code brings no fresh guesses: two left, in a parallel burst of twenty.
    await forgot(name);
    const fresh = (await t.outbox(`${name}@example.com`))?.code as string;
    const wrong = fresh === '000001' ? '000002' : '000001';
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => confirm(wrong)));
    const names = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'ok'));
    assert.equal(names.filter((n) => n === 'CodeMismatchException').length, 2, names.join());
    assert.equal(names.filter((n) => n === 'LimitExceededException').length, 18);
    await rejects(confirm(fresh), 'LimitExceededException', LIMIT);
    // An hour after the run began, guesses start again (the code is still the fresh one).
    t.clock.advance(59 * 60_000);
    await rejects(confirm(fresh), 'LimitExceededException', LIMIT);
    t.clock.advance(61_000);
    await forgot(name);
    const next = (await t.outbox(`${name}@example.com`))?.code as string;
    await confirm(next);
    assert.ok((await signIn(t, clientId, name, 'N3w-Passw0rd!')).AccessToken);
  } finally {
    t.clock.thaw();
  }
});

test('code requests per IP address are limited too', async () => {
  const perIp = await startTestServer({
    config: {
      rateLimits: {
        enabled: true,
        perIp: '0',
        perClient: '0',
        perPool: '0',
        codesPerUser: '0',
        codesPerIp: '7/h',
        exemptLoopback: false,
      },
    },
  });
  try {
    const p = await passwordPool(perIp);
    const names = Array.from({ length: 4 }, () => unique('ip'));
    for (const name of names) await signUpConfirmed(perIp, p.clientId, name);
    perIp.clock.freeze();
    const calls = Array.from({ length: 20 }, (_, i) =>
      perIp.anon.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: names[i % 4] })),
    );
    assert.deepEqual(await settle(calls), { ok: 7, limited: 13 });
  } finally {
    await perIp.close();
  }
});
