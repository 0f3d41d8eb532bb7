// The statement counter (`COGNATE_QUERY_STATS=1`): statements and PostgreSQL round trips per
// operation, read at GET /_dev/query-stats and zeroed by DELETE; absent when not asked for.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  createConfirmed,
  passwordPool,
  signIn,
  startTestServer,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';

interface Count {
  calls: number;
  statements: number;
  roundTrips: number;
}

let t: TestServer;
let plain: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  process.env.COGNATE_QUERY_STATS = '1';
  try {
    t = await startTestServer();
  } finally {
    delete process.env.COGNATE_QUERY_STATS;
  }
  plain = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(async () => {
  await t.close();
  await plain.close();
});

const stats = async (server: TestServer, init: RequestInit = {}, headers = {}) =>
  fetch(`${server.url}/_dev/query-stats`, { ...init, headers });
const read = async (): Promise<Record<string, Count>> => {
  const res = await stats(t);
  assert.equal(res.status, 200);
  return ((await res.json()) as { operations: Record<string, Count> }).operations;
};

test('counts the statements of each sign-in under its AuthFlow, and DELETE zeroes them', async () => {
  const username = unique();
  await createConfirmed(t, poolId, username);
  assert.equal((await stats(t, { method: 'DELETE' })).status, 204);
  assert.deepEqual(await read(), {});

  await signIn(t, clientId, username);
  await signIn(t, clientId, username);
  await assert.rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: 'Wrong-passw0rd' },
      }),
    ),
    { name: 'NotAuthorizedException' },
  );
  const ops = await read();
  const signIns = ops['InitiateAuth:USER_PASSWORD_AUTH'];
  assert.ok(signIns, `sign-ins counted: ${JSON.stringify(ops)}`);
  assert.equal(signIns.calls, 3);
  // Each sign-in reads the client, the user and writes its session: several statements each.
  assert.ok(signIns.statements >= 3 * 3, `statements: ${signIns.statements}`);
  if (testStore === 'postgres') assert.equal(signIns.roundTrips, signIns.statements);
  else assert.equal(signIns.roundTrips, 0);
  // Nothing else ran meanwhile: the counter's own requests are not counted.
  assert.deepEqual(Object.keys(ops), ['InitiateAuth:USER_PASSWORD_AUTH']);

  assert.equal((await stats(t, { method: 'DELETE' })).status, 204);
  assert.deepEqual(await read(), {});
});

test('names an unknown flow without echoing it, and other routes by method and path', async () => {
  await stats(t, { method: 'DELETE' });
  await assert.rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'made up flow' as 'USER_PASSWORD_AUTH',
        AuthParameters: {},
      }),
    ),
  );
  await fetch(`${t.url}/health`);
  const ops = await read();
  assert.equal(ops['InitiateAuth:?']?.calls, 1);
  assert.deepEqual(ops['GET /health'], { calls: 1, statements: 0, roundTrips: 0 });
});

test('POST ?counting=0 pauses the counter and ?counting=1 resumes it', async () => {
  const username = unique();
  await createConfirmed(t, poolId, username);
  await stats(t, { method: 'DELETE' });
  assert.equal((await stats(t, { method: 'POST' })).status, 400);
  assert.equal(
    (await fetch(`${t.url}/_dev/query-stats?counting=2`, { method: 'POST' })).status,
    400,
  );
  assert.equal(
    (await fetch(`${t.url}/_dev/query-stats?counting=0`, { method: 'POST' })).status,
    204,
  );
  await signIn(t, clientId, username);
  await fetch(`${t.url}/health`);
  assert.deepEqual(await read(), {});
  assert.equal(
    (await fetch(`${t.url}/_dev/query-stats?counting=1`, { method: 'POST' })).status,
    204,
  );
  await signIn(t, clientId, username);
  const ops = await read();
  assert.equal(ops['InitiateAuth:USER_PASSWORD_AUTH']?.calls, 1);
  assert.ok((ops['InitiateAuth:USER_PASSWORD_AUTH']?.statements ?? 0) >= 3);
  // Not from another machine, even to pause it.
  const forwarded = await fetch(`${t.url}/_dev/query-stats?counting=0`, {
    method: 'POST',
    headers: { 'x-forwarded-for': '203.0.113.9' },
  });
  assert.equal(forwarded.status, 404);
});

test('answers only local, unforwarded requests', async () => {
  assert.equal((await stats(t, {}, { 'x-forwarded-for': '203.0.113.9' })).status, 404);
  assert.equal(
    (await stats(t, { method: 'DELETE' }, { forwarded: 'for=203.0.113.9' })).status,
    404,
  );
});

test('is not served when not asked for', async () => {
  assert.equal((await stats(plain)).status, 404);
  assert.equal((await stats(plain, { method: 'DELETE' })).status, 404);
  assert.equal(
    (await fetch(`${plain.url}/_dev/query-stats?counting=1`, { method: 'POST' })).status,
    404,
  );
});
