import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { sweepExpired } from '../../src/services/housekeeping.ts';
import { PASSWORD, startTestServer, type TestServer, unique } from '../harness.ts';

// Expired sign-in sessions and codes are swept, live ones stay.
let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const count = async (table: 'auth_sessions' | 'codes') =>
  Number(
    (
      await t.server.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('sweepExpired removes sessions and codes past their expiry and keeps live ones', async () => {
  const ClientId = t.server.defaults?.client.id as string;
  const email = `${unique()}@example.com`;
  await t.anon.send(new SignUpCommand({ ClientId, Username: email, Password: PASSWORD }));
  await t.anon.send(
    new InitiateAuthCommand({
      ClientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: email, SRP_A: 'abcdef0123456789' },
    }),
  );
  assert.equal(await count('auth_sessions'), 1);
  assert.equal(await count('codes'), 1);

  await sweepExpired(t.server.ctx);
  assert.equal(await count('auth_sessions'), 1, 'a live session stays');
  assert.equal(await count('codes'), 1, 'a live code stays');

  t.clock.advance(10 * 60 * 1000); // sessions live minutes
  await sweepExpired(t.server.ctx);
  assert.equal(await count('auth_sessions'), 0);
  assert.equal(await count('codes'), 1, 'sign-up codes live a day');

  t.clock.advance(25 * 60 * 60 * 1000);
  await sweepExpired(t.server.ctx);
  assert.equal(await count('codes'), 0);
});
