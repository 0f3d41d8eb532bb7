// Issue 18, beyond Cognito: refresh-token rotation with reuse detection, as an app client's
// RefreshTokenRotation (Cognito's setting). GetTokensFromRefreshToken hands out a new refresh
// token; the old one works only within RetryGracePeriodSeconds; presenting it after that revokes
// the whole family (every refresh token of the sign-in and the access tokens naming it), and two
// parallel exchanges of one token make at most one new family member outside the grace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  claims,
  createClient,
  createConfirmed,
  createPool,
  rejects,
  signIn,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
before(async () => {
  t = await startTestServer();
  poolId = (await createPool(t)).Id;
});
after(() => t.close());

const FLOWS = ['ALLOW_USER_PASSWORD_AUTH'] as const;

async function rotatingClient(grace: number) {
  const client = await createClient(t, poolId, {
    ExplicitAuthFlows: [...FLOWS],
    RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: grace },
  });
  return client.ClientId;
}

async function signedIn(clientId: string) {
  const username = unique('rot');
  await createConfirmed(t, poolId, username);
  return signIn(t, clientId, username);
}

const refresh = (clientId: string, token: string) =>
  t.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token }));

async function tokensOf(clientId: string, token: string) {
  const res = await refresh(clientId, token);
  const r = res.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken, 'a rotation returns all three tokens');
  return r as { AccessToken: string; IdToken: string; RefreshToken: string };
}

test('RefreshTokenRotation is created, described and updated as Cognito shapes it', async () => {
  const clientId = await rotatingClient(15);
  const described = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  assert.deepEqual(described.UserPoolClient?.RefreshTokenRotation, {
    Feature: 'ENABLED',
    RetryGracePeriodSeconds: 15,
  });
  await rejects(
    t.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ExplicitAuthFlows: [...FLOWS],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 },
      }),
    ),
    'InvalidParameterException',
    /retryGracePeriodSeconds/,
  );
  await t.admin.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      ExplicitAuthFlows: [...FLOWS, 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenRotation: { Feature: 'DISABLED' },
    }),
  );
  const after = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  assert.deepEqual(after.UserPoolClient?.RefreshTokenRotation, { Feature: 'DISABLED' });
});

test('a rotating client gets a new refresh token each time, in the same sign-in', async () => {
  const clientId = await rotatingClient(0);
  const first = await signedIn(clientId);
  const second = await tokensOf(clientId, first.RefreshToken);
  assert.notEqual(second.RefreshToken, first.RefreshToken);
  const third = await tokensOf(clientId, second.RefreshToken);
  assert.notEqual(third.RefreshToken, second.RefreshToken);
  // Every member's tokens name the sign-in: one origin_jti, one auth_time.
  const origin = claims(first.AccessToken).origin_jti;
  assert.equal(claims(third.AccessToken).origin_jti, origin);
  assert.equal(claims(third.IdToken).auth_time, claims(first.IdToken).auth_time);
  await t.anon.send(new GetUserCommand({ AccessToken: third.AccessToken }));
  // Rotation keeps the sign-in's expiry: 30 days after sign-in, however often it rotated.
  advanceClock(t, 30 * 86_400_000 + 1000);
  await rejects(
    refresh(clientId, third.RefreshToken),
    'NotAuthorizedException',
    'Refresh Token has expired',
  );
  advanceClock(t, -(30 * 86_400_000 + 1000));
});

test('REFRESH_TOKEN_AUTH is refused for a rotating client', async () => {
  const clientId = await rotatingClient(0);
  const first = await signedIn(clientId);
  await rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken },
      }),
    ),
    'InvalidParameterException',
    'REFRESH_TOKEN_AUTH flow not enabled for this client',
  );
  // The token is untouched by the refusal.
  await tokensOf(clientId, first.RefreshToken);
});

test('a reused old token past the grace revokes the whole family', async () => {
  const clientId = await rotatingClient(0);
  const first = await signedIn(clientId);
  const second = await tokensOf(clientId, first.RefreshToken);
  const third = await tokensOf(clientId, second.RefreshToken);
  await t.anon.send(new GetUserCommand({ AccessToken: third.AccessToken }));
  // The stolen first token comes back.
  await rejects(
    refresh(clientId, first.RefreshToken),
    'NotAuthorizedException',
    'Refresh Token has been revoked',
  );
  // Every refresh token and every access token of the sign-in is dead now.
  for (const token of [second.RefreshToken, third.RefreshToken]) {
    await rejects(
      refresh(clientId, token),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
  }
  for (const token of [first.AccessToken, third.AccessToken]) {
    await rejects(
      t.anon.send(new GetUserCommand({ AccessToken: token })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
  }
});

test('within RetryGracePeriodSeconds the old token still works; after it, reuse is theft', async () => {
  const clientId = await rotatingClient(30);
  const first = await signedIn(clientId);
  const second = await tokensOf(clientId, first.RefreshToken);
  advanceClock(t, 29_000);
  // A client retrying after a lost answer: the old token gets another successor.
  const retried = await tokensOf(clientId, first.RefreshToken);
  assert.notEqual(retried.RefreshToken, second.RefreshToken);
  await tokensOf(clientId, second.RefreshToken);
  advanceClock(t, 2_000);
  await rejects(
    refresh(clientId, first.RefreshToken),
    'NotAuthorizedException',
    'Refresh Token has been revoked',
  );
  await rejects(refresh(clientId, retried.RefreshToken), 'NotAuthorizedException');
  await rejects(
    t.anon.send(new GetUserCommand({ AccessToken: retried.AccessToken })),
    'NotAuthorizedException',
  );
});

test('parallel refreshes with one token make at most one new member outside the grace', async () => {
  const clientId = await rotatingClient(0);
  for (const parallel of [2, 12]) {
    const first = await signedIn(clientId);
    const results = await Promise.allSettled(
      Array.from({ length: parallel }, () => refresh(clientId, first.RefreshToken)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.ok(won.length <= 1, `${won.length} of ${parallel} parallel refreshes succeeded`);
    for (const r of lost) {
      assert.equal((r as PromiseRejectedResult).reason.name, 'NotAuthorizedException');
    }
    // A loser saw the reuse, so the winner's new token died with the family.
    if (won.length === 1 && lost.length > 0) {
      const winner = (
        won[0] as PromiseFulfilledResult<{ AuthenticationResult?: { RefreshToken?: string } }>
      ).value;
      await rejects(
        refresh(clientId, winner.AuthenticationResult?.RefreshToken as string),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      );
    }
  }
});

test('parallel refreshes within the grace all succeed and stay in the family', async () => {
  const clientId = await rotatingClient(60);
  const first = await signedIn(clientId);
  const results = await Promise.all(
    Array.from({ length: 6 }, () => tokensOf(clientId, first.RefreshToken)),
  );
  assert.equal(new Set(results.map((r) => r.RefreshToken)).size, 6);
  // RevokeToken on any member ends the sign-in.
  await t.anon.send(new RevokeTokenCommand({ ClientId: clientId, Token: results[3].RefreshToken }));
  for (const r of results) {
    await rejects(refresh(clientId, r.RefreshToken), 'NotAuthorizedException');
  }
  await rejects(
    t.anon.send(new GetUserCommand({ AccessToken: results[0].AccessToken })),
    'NotAuthorizedException',
    'Access Token has been revoked',
  );
});

test('without rotation a refresh token is reusable and no new one is returned', async () => {
  const client = await createClient(t, poolId, {
    ExplicitAuthFlows: [...FLOWS, 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const first = await signedIn(client.ClientId);
  for (let i = 0; i < 3; i++) {
    const res = await refresh(client.ClientId, first.RefreshToken);
    assert.equal(res.AuthenticationResult?.RefreshToken, undefined);
  }
});
