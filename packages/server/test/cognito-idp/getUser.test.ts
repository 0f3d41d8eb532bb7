import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetUserCommand,
  type GetUserCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  attrMap,
  claims,
  createClient,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const getUser = (token: string) => t.anon.send(new GetUserCommand({ AccessToken: token }));

async function newUser() {
  const username = unique('getuser');
  const sub = await signUpConfirmed(t, clientId, username, {
    attributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'name', Value: 'Gus' },
    ],
  });
  return { username, sub };
}

test("returns the caller's username and attributes", async () => {
  const { username, sub } = await newUser();
  const tokens = await signIn(t, clientId, username);
  const res = await getUser(tokens.AccessToken);
  assert.deepEqual(
    Object.keys(res)
      .filter((k) => k !== '$metadata')
      .sort(),
    ['UserAttributes', 'Username'],
  );
  assert.equal(res.Username, username);
  assert.deepEqual(attrMap(res.UserAttributes), {
    sub,
    email: `${username}@example.com`,
    name: 'Gus',
    email_verified: 'true',
  });
});

test('ReadAttributes limits the attributes returned and the ID token claims', async () => {
  const { username, sub } = await newUser();
  const reader = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ReadAttributes: ['email', 'email_verified'],
  });
  const tokens = await signIn(t, reader.ClientId, username);
  const res = await getUser(tokens.AccessToken);
  assert.deepEqual(attrMap(res.UserAttributes), {
    sub,
    email: `${username}@example.com`,
    email_verified: 'true',
  });
  const id = claims(tokens.IdToken);
  assert.equal(id.email, `${username}@example.com`);
  assert.equal(id.name, undefined);
});

test('an ID token, a tampered signature or garbage is NotAuthorizedException', async () => {
  const { username } = await newUser();
  const tokens = await signIn(t, clientId, username);
  await rejects(getUser(tokens.IdToken), 'NotAuthorizedException', 'Invalid Access Token');
  const [h, p, s] = tokens.AccessToken.split('.');
  const tampered = `${h}.${p}.${s.slice(0, -4)}AAAA`;
  await rejects(getUser(tampered), 'NotAuthorizedException', 'Invalid Access Token');
  await rejects(getUser('not.a.jwt'), 'NotAuthorizedException', 'Invalid Access Token');
});

test('a missing AccessToken is the model validation error, not NotAuthorizedException', async () => {
  await rejects(
    t.anon.send(new GetUserCommand({} as GetUserCommandInput)),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
  );
});

// Moves the server clock: keep last.
test('an expired access token is NotAuthorizedException', async () => {
  const { username } = await newUser();
  const tokens = await signIn(t, clientId, username);
  advanceClock(t, 59 * 60_000);
  assert.equal((await getUser(tokens.AccessToken)).Username, username);
  advanceClock(t, 2 * 60_000);
  await rejects(getUser(tokens.AccessToken), 'NotAuthorizedException', 'Access Token has expired');
});
