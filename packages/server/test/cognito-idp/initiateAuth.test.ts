import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  type AuthFlowType,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  claims,
  createClient,
  createConfirmed,
  PASSWORD,
  passwordPool,
  rejects,
  secretHash,
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

const initiate = (client: string, flow: string, params: Record<string, string>) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: client,
      AuthFlow: flow as AuthFlowType,
      AuthParameters: params,
    }),
  );

// RFC 5054 3072-bit group, as Cognito's SRP uses.
const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);

/** A valid SRP_A = g^a mod N for a random a. */
function srpA(): string {
  let result = 1n;
  let base = 2n;
  let exp = BigInt(`0x${randomBytes(128).toString('hex')}`);
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % N;
    base = (base * base) % N;
    exp >>= 1n;
  }
  return result.toString(16);
}

test('USER_PASSWORD_AUTH returns ID, access and refresh tokens', async () => {
  const username = unique('pw');
  const sub = await signUpConfirmed(t, clientId, username);
  const res = await initiate(clientId, 'USER_PASSWORD_AUTH', {
    USERNAME: username,
    PASSWORD: PASSWORD,
  });
  assert.equal(res.ChallengeName, undefined);
  assert.deepEqual(res.ChallengeParameters, {});
  const r = res.AuthenticationResult;
  assert.equal(r?.TokenType, 'Bearer');
  assert.equal(r?.ExpiresIn, 3600);
  assert.ok(r?.RefreshToken);
  const access = claims(r?.AccessToken as string);
  const id = claims(r?.IdToken as string);
  assert.equal(access.sub, sub);
  assert.equal(access.username, username);
  assert.equal(access.client_id, clientId);
  assert.equal(access.token_use, 'access');
  assert.equal(id.sub, sub);
  assert.equal(id['cognito:username'], username);
  assert.equal(id.aud, clientId);
  assert.equal(id.email, `${username}@example.com`);
  assert.equal(id.email_verified, true);
});

test('a wrong password is NotAuthorizedException', async () => {
  const username = unique('wrongpw');
  await signUpConfirmed(t, clientId, username);
  await rejects(
    initiate(clientId, 'USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: 'Wr0ng-password' }),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});

test('an unconfirmed user with the right password is UserNotConfirmedException', async () => {
  const username = unique('unconfirmed');
  await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }),
  );
  await rejects(
    initiate(clientId, 'USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: PASSWORD }),
    'UserNotConfirmedException',
    'User is not confirmed.',
  );
});

test('an unknown user: UserNotFoundException with LEGACY, NotAuthorizedException with ENABLED', async () => {
  const legacy = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    PreventUserExistenceErrors: 'LEGACY',
  });
  const enabled = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    PreventUserExistenceErrors: 'ENABLED',
  });
  const params = { USERNAME: unique('ghost'), PASSWORD: PASSWORD };
  await rejects(
    initiate(legacy.ClientId, 'USER_PASSWORD_AUTH', params),
    'UserNotFoundException',
    'User does not exist.',
  );
  // Without the setting the API default is LEGACY.
  await rejects(
    initiate(clientId, 'USER_PASSWORD_AUTH', params),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(
    initiate(enabled.ClientId, 'USER_PASSWORD_AUTH', params),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});

test('USER_PASSWORD_AUTH on a client without ALLOW_USER_PASSWORD_AUTH is InvalidParameterException', async () => {
  const username = unique('srponly');
  await signUpConfirmed(t, clientId, username);
  const srpOnly = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const defaults = await createClient(t, poolId);
  for (const client of [srpOnly, defaults]) {
    await rejects(
      initiate(client.ClientId, 'USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: PASSWORD }),
      'InvalidParameterException',
      'USER_PASSWORD_AUTH flow not enabled for this client',
    );
  }
});

test('ADMIN_USER_PASSWORD_AUTH is refused by InitiateAuth', async () => {
  const client = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await rejects(
    initiate(client.ClientId, 'ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'x', PASSWORD: PASSWORD }),
    'InvalidParameterException',
    'Initiate Auth method not supported.',
  );
});

test('missing USERNAME or PASSWORD is InvalidParameterException', async () => {
  await rejects(
    initiate(clientId, 'USER_PASSWORD_AUTH', { PASSWORD: PASSWORD }),
    'InvalidParameterException',
    /USERNAME/,
  );
  await rejects(
    initiate(clientId, 'USER_PASSWORD_AUTH', { USERNAME: 'someone' }),
    'InvalidParameterException',
    /PASSWORD/,
  );
});

test('REFRESH_TOKEN_AUTH and REFRESH_TOKEN return new ID and access tokens', async () => {
  const username = unique('refresh');
  const sub = await signUpConfirmed(t, clientId, username);
  const first = await signIn(t, clientId, username);
  for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']) {
    const res = await initiate(clientId, flow, { REFRESH_TOKEN: first.RefreshToken });
    const r = res.AuthenticationResult;
    assert.ok(r?.AccessToken && r.IdToken, `${flow} returned tokens`);
    assert.equal(r.RefreshToken, undefined, 'no new refresh token without rotation');
    assert.equal(r.ExpiresIn, 3600);
    assert.equal(claims(r.AccessToken).sub, sub);
    assert.equal(claims(r.IdToken)['cognito:username'], username);
    assert.equal(claims(r.AccessToken).origin_jti, claims(first.AccessToken).origin_jti);
    assert.equal(claims(r.AccessToken).auth_time, claims(first.AccessToken).auth_time);
  }
});

test('an invalid refresh token, or one of another client, is NotAuthorizedException', async () => {
  const username = unique('badrefresh');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  await rejects(
    initiate(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: 'not-a-real-refresh-token' }),
    'NotAuthorizedException',
    'Invalid Refresh Token',
  );
  const other = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await rejects(
    initiate(other.ClientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: tokens.RefreshToken }),
    'NotAuthorizedException',
  );
});

test('USER_SRP_AUTH answers PASSWORD_VERIFIER with the SRP parameters', async () => {
  const srpClient = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const username = unique('srp');
  await signUpConfirmed(t, clientId, username);
  const res = await initiate(srpClient.ClientId, 'USER_SRP_AUTH', {
    USERNAME: username,
    SRP_A: srpA(),
  });
  assert.equal(res.ChallengeName, 'PASSWORD_VERIFIER');
  assert.equal(res.AuthenticationResult, undefined);
  const p = res.ChallengeParameters ?? {};
  assert.deepEqual(Object.keys(p).sort(), [
    'SALT',
    'SECRET_BLOCK',
    'SRP_B',
    'USERNAME',
    'USER_ID_FOR_SRP',
  ]);
  assert.match(p.SALT, /^[0-9a-f]+$/);
  assert.match(p.SRP_B, /^[0-9a-f]+$/);
  assert.notEqual(BigInt(`0x${p.SRP_B}`) % N, 0n);
  assert.ok(p.SECRET_BLOCK.length > 0);
  assert.equal(p.USERNAME, username);
  assert.equal(p.USER_ID_FOR_SRP, username);
  // A second attempt gets a fresh B and secret block but the same salt.
  const again = await initiate(srpClient.ClientId, 'USER_SRP_AUTH', {
    USERNAME: username,
    SRP_A: srpA(),
  });
  assert.equal(again.ChallengeParameters?.SALT, p.SALT);
  assert.notEqual(again.ChallengeParameters?.SRP_B, p.SRP_B);
  assert.notEqual(again.ChallengeParameters?.SECRET_BLOCK, p.SECRET_BLOCK);
});

test('USER_SRP_AUTH in an email-as-username pool names the user by sub', async () => {
  const pool = await passwordPool(
    t,
    { UsernameAttributes: ['email'] },
    {
      ExplicitAuthFlows: [
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
    },
  );
  const email = `${unique('srpmail')}@example.com`;
  const sub = await signUpConfirmed(t, pool.clientId, email, { email });
  const res = await initiate(pool.clientId, 'USER_SRP_AUTH', { USERNAME: email, SRP_A: srpA() });
  assert.equal(res.ChallengeName, 'PASSWORD_VERIFIER');
  assert.equal(res.ChallengeParameters?.USER_ID_FOR_SRP, sub);
  assert.equal(res.ChallengeParameters?.USERNAME, sub);
});

test('USER_SRP_AUTH for an unknown user: UserNotFoundException with LEGACY', async () => {
  const srpClient = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await rejects(
    initiate(srpClient.ClientId, 'USER_SRP_AUTH', { USERNAME: unique('ghost'), SRP_A: srpA() }),
    'UserNotFoundException',
    'User does not exist.',
  );
});

test('SECRET_HASH: missing or wrong is NotAuthorizedException, correct signs in and refreshes', async () => {
  const client = await createClient(t, poolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const secret = client.ClientSecret as string;
  const username = unique('secret');
  await signUpConfirmed(t, clientId, username);
  const params = { USERNAME: username, PASSWORD: PASSWORD };
  await rejects(
    initiate(client.ClientId, 'USER_PASSWORD_AUTH', params),
    'NotAuthorizedException',
    `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`,
  );
  await rejects(
    initiate(client.ClientId, 'USER_PASSWORD_AUTH', {
      ...params,
      SECRET_HASH: secretHash(`${secret}x`, username, client.ClientId),
    }),
    'NotAuthorizedException',
    `Unable to verify secret hash for client ${client.ClientId}`,
  );
  const res = await initiate(client.ClientId, 'USER_PASSWORD_AUTH', {
    ...params,
    SECRET_HASH: secretHash(secret, username, client.ClientId),
  });
  const refreshToken = res.AuthenticationResult?.RefreshToken as string;
  assert.ok(refreshToken);
  await rejects(
    initiate(client.ClientId, 'REFRESH_TOKEN_AUTH', {
      REFRESH_TOKEN: refreshToken,
      SECRET_HASH: secretHash(secret, 'someone-else', client.ClientId),
    }),
    'NotAuthorizedException',
    `Unable to verify secret hash for client ${client.ClientId}`,
  );
  const refreshed = await initiate(client.ClientId, 'REFRESH_TOKEN_AUTH', {
    REFRESH_TOKEN: refreshToken,
    SECRET_HASH: secretHash(secret, username, client.ClientId),
  });
  assert.ok(refreshed.AuthenticationResult?.AccessToken);
});

test('UsernameAttributes email: sign in with the email; the username is the sub', async () => {
  const pool = await passwordPool(t, { UsernameAttributes: ['email'] });
  const email = `${unique('byemail')}@example.com`;
  const sub = await signUpConfirmed(t, pool.clientId, email, { email });
  const tokens = await signIn(t, pool.clientId, email);
  assert.equal(claims(tokens.AccessToken).username, sub);
  assert.equal(claims(tokens.IdToken)['cognito:username'], sub);
  assert.equal(claims(tokens.IdToken).email, email);
});

test('AliasAttributes email: sign in with the verified email, not with an unverified one', async () => {
  const pool = await passwordPool(t, { AliasAttributes: ['email'] });
  const username = unique('alias');
  const email = `${username}@example.com`;
  await signUpConfirmed(t, pool.clientId, username, { email });
  const byEmail = await signIn(t, pool.clientId, email);
  assert.equal(claims(byEmail.AccessToken).username, username);
  assert.equal(claims(byEmail.IdToken)['cognito:username'], username);
  const byName = await signIn(t, pool.clientId, username);
  assert.equal(claims(byName.AccessToken).sub, claims(byEmail.AccessToken).sub);

  // An admin-created user whose email is not verified cannot use it as an alias.
  const other = unique('unverified');
  await createConfirmed(t, pool.poolId, other, {
    attributes: [{ Name: 'email', Value: `${other}@example.com` }],
  });
  await rejects(
    initiate(pool.clientId, 'USER_PASSWORD_AUTH', {
      USERNAME: `${other}@example.com`,
      PASSWORD: PASSWORD,
    }),
    'UserNotFoundException',
    'User does not exist.',
  );
  assert.ok((await signIn(t, pool.clientId, other)).AccessToken);
});

test('UsernameConfiguration CaseSensitive false: sign in with any case', async () => {
  const pool = await passwordPool(t, { UsernameConfiguration: { CaseSensitive: false } });
  const username = unique('CaseUser');
  const sub = await signUpConfirmed(t, pool.clientId, username);
  for (const typed of [username.toLowerCase(), username.toUpperCase()]) {
    const tokens = await signIn(t, pool.clientId, typed);
    assert.equal(claims(tokens.AccessToken).sub, sub);
  }
});

test('UsernameConfiguration CaseSensitive true: another case is another (unknown) user', async () => {
  const pool = await passwordPool(t, { UsernameConfiguration: { CaseSensitive: true } });
  const username = unique('CaseUser');
  await signUpConfirmed(t, pool.clientId, username);
  await rejects(
    initiate(pool.clientId, 'USER_PASSWORD_AUTH', {
      USERNAME: username.toLowerCase(),
      PASSWORD: PASSWORD,
    }),
    'UserNotFoundException',
    'User does not exist.',
  );
});

// Moves the server clock: keep last.
test('token validity settings set exp and ExpiresIn; an expired refresh token is refused', async () => {
  const client = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AccessTokenValidity: 10,
    IdTokenValidity: 2,
    RefreshTokenValidity: 90,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'minutes' },
  });
  const username = unique('validity');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, client.ClientId, username);
  const access = claims(tokens.AccessToken);
  const id = claims(tokens.IdToken);
  assert.equal((access.exp as number) - (access.iat as number), 600);
  assert.equal((id.exp as number) - (id.iat as number), 7200);
  const res = await initiate(client.ClientId, 'REFRESH_TOKEN_AUTH', {
    REFRESH_TOKEN: tokens.RefreshToken,
  });
  assert.equal(res.AuthenticationResult?.ExpiresIn, 600);

  advanceClock(t, 89 * 60_000);
  assert.ok(
    (await initiate(client.ClientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: tokens.RefreshToken }))
      .AuthenticationResult?.AccessToken,
  );
  advanceClock(t, 2 * 60_000);
  await rejects(
    initiate(client.ClientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: tokens.RefreshToken }),
    'NotAuthorizedException',
    'Refresh Token has expired',
  );
});
