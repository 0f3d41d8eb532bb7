// CognateRotateSigningKey, a Cognate extension: the AWS SDK cannot send an operation it does not
// model, so these calls are SigV4-signed POSTs made with the SDK's own signer (signedPost).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { listSigningKeys } from '../../src/store/repositories/keys.ts';
import {
  advanceClock,
  passwordPool,
  rawPost,
  rejects,
  signedPost,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

const TARGET = 'CognateRotateSigningKey';
const DAY = 24 * 60 * 60 * 1000;

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const rotate = (body: unknown) => signedPost(t, TARGET, JSON.stringify(body));
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const getUser = (AccessToken: string) => t.anon.send(new GetUserCommand({ AccessToken }));

async function jwks(poolId: string): Promise<JSONWebKeySet> {
  const res = await fetch(`${t.url}/${poolId}/.well-known/jwks.json`);
  assert.equal(res.status, 200);
  return (await res.json()) as JSONWebKeySet;
}
const publishedKids = async (poolId: string) => (await jwks(poolId)).keys.map((k) => k.kid);

/** Verifies a token as a relying party would: against the JWKS as published now. */
async function verify(poolId: string, token: string, audience?: string) {
  return jwtVerify(token, createLocalJWKSet(await jwks(poolId)), {
    issuer: `${t.url}/${poolId}`,
    audience,
    algorithms: ['RS256'],
    currentDate: new Date(t.clock.now()),
  });
}

/** A pool, a client and a signed-in user. */
async function setup() {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('rot');
  await signUpConfirmed(t, clientId, username);
  return { poolId, clientId, username, tokens: await signIn(t, clientId, username) };
}

test('rotation: new tokens carry the new kid, old tokens keep verifying and working', async () => {
  const { poolId, clientId, username, tokens: old } = await setup();
  const oldKid = kidOf(old.IdToken);
  assert.deepEqual(await publishedKids(poolId), [oldKid]);

  const startedAt = t.clock.now();
  const res = await rotate({ UserPoolId: poolId });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', /^application\/x-amz-json-1\.1/);
  assert.deepEqual(Object.keys(res.body).sort(), ['KeyId', 'PreviousKeyIds', 'RetiresAt']);
  const { KeyId, PreviousKeyIds, RetiresAt } = res.body as {
    KeyId: string;
    PreviousKeyIds: string[];
    RetiresAt: number;
  };
  assert.match(KeyId, /^[\w-]{43}$/);
  assert.notEqual(KeyId, oldKid);
  assert.deepEqual(PreviousKeyIds, [oldKid]);
  // Epoch seconds, one day (Cognito's longest ID/access token lifetime) from the rotation.
  assert.ok(Math.abs(RetiresAt - (startedAt + DAY) / 1000) < 5, String(RetiresAt));

  // The JWKS publishes both, newest first.
  assert.deepEqual(await publishedKids(poolId), [KeyId, oldKid]);

  // Every token made from now on is signed with the new key: sign-in and refresh alike.
  const fresh = await signIn(t, clientId, username);
  assert.equal(kidOf(fresh.IdToken), KeyId);
  assert.equal(kidOf(fresh.AccessToken), KeyId);
  const refreshed = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: old.RefreshToken },
    }),
  );
  assert.equal(kidOf(refreshed.AuthenticationResult?.AccessToken as string), KeyId);
  await verify(poolId, fresh.IdToken, clientId);

  // Tokens signed before the rotation still verify against the JWKS and still work.
  const id = await verify(poolId, old.IdToken, clientId);
  assert.equal(id.protectedHeader.kid, oldKid);
  assert.equal((await verify(poolId, old.AccessToken)).payload.username, username);
  assert.equal((await getUser(old.AccessToken)).Username, username);
  assert.equal((await getUser(fresh.AccessToken)).Username, username);
});

test('each rotation replaces only the signing key; keys already retiring keep their date', async () => {
  const { poolId } = await setup();
  const [first] = (await publishedKids(poolId)) as string[];
  const one = (await rotate({ UserPoolId: poolId })).body as { KeyId: string; RetiresAt: number };
  const two = (await rotate({ UserPoolId: poolId })).body as {
    KeyId: string;
    PreviousKeyIds: string[];
  };
  assert.deepEqual(two.PreviousKeyIds, [one.KeyId]);
  assert.deepEqual(await publishedKids(poolId), [two.KeyId, one.KeyId, first]);
  const stored = await listSigningKeys(t.server.db, poolId);
  const retired = Object.fromEntries(stored.map((k) => [k.kid, k.retiredAt]));
  assert.equal(retired[two.KeyId], undefined);
  assert.equal(retired[first], one.RetiresAt * 1000);
  assert.ok((retired[one.KeyId] as number) >= (retired[first] as number));
});

test('an unsigned call is refused and changes nothing', async () => {
  const { poolId } = await setup();
  const kids = await publishedKids(poolId);
  const res = await rawPost(t.url, TARGET, JSON.stringify({ UserPoolId: poolId }));
  assert.equal(res.status, 403);
  assert.equal(res.body.__type, 'MissingAuthenticationTokenException');
  const wrongKey = await rawPost(t.url, TARGET, JSON.stringify({ UserPoolId: poolId }), {
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKCGNOSUCHKEY/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00',
    'x-amz-date': new Date(t.clock.now()).toISOString().replace(/[-:]|\.\d+/g, ''),
  });
  assert.equal(wrongKey.status, 403, JSON.stringify(wrongKey.body));
  assert.deepEqual(await publishedKids(poolId), kids);
});

test('an unknown pool is ResourceNotFoundException; a bad or missing id is InvalidParameterException', async () => {
  const missing = await rotate({ UserPoolId: 'us-east-1_NoSuchPoo' });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.__type, 'ResourceNotFoundException');
  assert.equal(missing.body.message, 'User pool us-east-1_NoSuchPoo does not exist.');
  for (const body of [{}, { UserPoolId: 'not a pool id' }, { UserPoolId: 7 }]) {
    const bad = await rotate(body);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.__type, 'InvalidParameterException', JSON.stringify(bad.body));
  }
});

// Moves the server clock: keep last.
test('the replaced key leaves the JWKS after a day and is deleted at the next rotation', async () => {
  const { poolId, clientId, username, tokens: old } = await setup();
  const oldKid = kidOf(old.AccessToken);
  const { KeyId } = (await rotate({ UserPoolId: poolId })).body as { KeyId: string };

  // A minute before the day is out the old key is still published (its tokens expired long ago).
  advanceClock(t, DAY - 60_000);
  assert.deepEqual(await publishedKids(poolId), [KeyId, oldKid]);
  await rejects(getUser(old.AccessToken), 'NotAuthorizedException', 'Access Token has expired');

  advanceClock(t, 61_000);
  assert.deepEqual(await publishedKids(poolId), [KeyId]);
  await rejects(getUser(old.AccessToken), 'NotAuthorizedException');
  await assert.rejects(verify(poolId, old.IdToken, clientId), { code: 'ERR_JWKS_NO_MATCHING_KEY' });

  // The new key signs and verifies on the moved clock.
  const fresh = await signIn(t, clientId, username);
  assert.equal(kidOf(fresh.IdToken), KeyId);
  await verify(poolId, fresh.IdToken, clientId);
  assert.equal((await getUser(fresh.AccessToken)).Username, username);

  // Expired keys are deleted lazily, at the next rotation.
  assert.equal((await listSigningKeys(t.server.db, poolId)).length, 2);
  const next = (await rotate({ UserPoolId: poolId })).body as { KeyId: string };
  const stored = (await listSigningKeys(t.server.db, poolId)).map((k) => k.kid);
  assert.deepEqual(stored, [next.KeyId, KeyId]);
});
