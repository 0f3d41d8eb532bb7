import assert from 'node:assert/strict';
import { fsync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  DescribeUserPoolCommand,
  GetUserCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Fsync } from '../../src/store/sqlite-durability.ts';
import {
  PASSWORD,
  passwordPool,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';

// SQLite group commit: a response leaves only after a flush of the WAL that covers its writes,
// and a failed flush is never papered over. (PostgreSQL commits durably by itself.)
const sqliteOnly = { skip: testStore !== 'sqlite' && 'SQLite group commit only' };

let flushes = 0;
let failing = false;
/** A slow disk: while one flush runs, the next answers queue up behind it. */
let delayMs = 0;
const flushFile: Fsync = (fd, done) => {
  flushes++;
  if (!failing) {
    setTimeout(() => fsync(fd, done), delayMs);
    return;
  }
  const err: NodeJS.ErrnoException = new Error('EIO: i/o error, fsync');
  err.code = 'EIO';
  done(err);
};

let t: TestServer;
before(async () => {
  if (testStore === 'sqlite') t = await startTestServer({ flushFile });
});
after(() => t?.close());

const signUp = () =>
  t.anon.send(
    new SignUpCommand({
      ClientId: t.server.defaults?.client.id as string,
      Username: `${unique()}@example.com`,
      Password: PASSWORD,
    }),
  );

test(
  'a write is flushed before its answer; a read of unchanged data waits for none',
  sqliteOnly,
  async () => {
    const before = flushes;
    await signUp();
    assert.ok(flushes > before, 'SignUp was answered without a flush of the WAL');
    // The reads are a user's GetUser: an admin read writes its audit log row.
    const { clientId } = await passwordPool(t);
    const username = unique('reader');
    await signUpConfirmed(t, clientId, username);
    const { AccessToken } = await signIn(t, clientId, username);
    // Anything written after the answer (the code's message) is flushed by the next answer.
    await fetch(`${t.url}/health`);
    const settled = flushes;
    await t.anon.send(new GetUserCommand({ AccessToken }));
    await t.anon.send(new GetUserCommand({ AccessToken }));
    assert.equal(flushes, settled, 'reads with nothing new to flush flushed anyway');
  },
);

test('concurrent writes share flushes', sqliteOnly, async () => {
  delayMs = 20;
  const before = flushes;
  await Promise.all(Array.from({ length: 20 }, () => signUp()));
  delayMs = 0;
  assert.ok(flushes - before <= 10, `20 sign-ups took ${flushes - before} flushes`);
});

test(
  'once a flush fails, nothing more is acknowledged, and the server stays up',
  sqliteOnly,
  async () => {
    const UserPoolId = t.server.defaults?.pool.id as string;
    failing = true;
    await assert.rejects(
      signUp(),
      (err: Error & { $metadata?: { httpStatusCode?: number } }) =>
        err.name === 'InternalErrorException' && err.$metadata?.httpStatusCode === 500,
    );
    // Even a read: it might show the write that could not be kept.
    await assert.rejects(
      t.admin.send(new DescribeUserPoolCommand({ UserPoolId })),
      (err: Error) => err.name === 'InternalErrorException',
    );
    const health = await fetch(`${t.url}/health`);
    assert.equal(health.status, 500);
  },
);
