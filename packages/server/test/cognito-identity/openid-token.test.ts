// GetOpenIdToken with @aws-sdk/client-cognito-identity, and the identity-pools issuer's JWKS and
// discovery document: a token verifies with jose against the published keys the way AWS STS
// checks one in AssumeRoleWithWebIdentity (issuer, audience = identity pool id, signature).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type CognitoIdentityClient,
  CreateIdentityPoolCommand,
  type CreateIdentityPoolInput,
  GetIdCommand,
  GetOpenIdTokenCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import {
  advanceClock,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import { identityClients } from './pools-clients.ts';

let t: TestServer;
let admin: CognitoIdentityClient;
let anon: CognitoIdentityClient;
let userPoolId: string;
let clientId: string;
let otherClientId: string;
let provider: string;

before(async () => {
  t = await startTestServer();
  ({ admin, anon } = identityClients(t));
  const up = await passwordPool(t);
  userPoolId = up.poolId;
  clientId = up.clientId as string;
  otherClientId = (await passwordPool(t)).clientId as string;
  provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
});
after(async () => {
  admin.destroy();
  anon.destroy();
  await t.close();
});

async function identityPool(input: Partial<CreateIdentityPoolInput> = {}): Promise<string> {
  const res = await admin.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: unique('ip'),
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
      ...input,
    }),
  );
  return res.IdentityPoolId as string;
}

async function signedInUser() {
  const username = unique('oidc');
  const sub = await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  return { sub, username, ...tokens };
}

/** Moves server time, keeping the identity clients' signing clocks in step. */
function advance(ms: number) {
  advanceClock(t, ms);
  for (const c of [admin, anon]) {
    (c.config as unknown as { systemClockOffset: number }).systemClockOffset = t.clock.offset;
  }
}

const issuer = () => `${t.url}/identity-pools`;

/** Verifies as STS would: keys from the discovery document's jwks_uri, issuer and audience. */
async function verifyAsSts(token: string, audience: string) {
  const discovery = (await (
    await fetch(`${issuer()}/.well-known/openid-configuration`)
  ).json()) as { issuer: string; jwks_uri: string };
  assert.equal(discovery.issuer, issuer());
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: discovery.issuer,
    audience,
    algorithms: ['RS256'],
    currentDate: new Date(t.clock.now()),
  });
  assert.equal(protectedHeader.alg, 'RS256');
  assert.ok(protectedHeader.kid);
  return payload;
}

test('the issuer publishes its discovery document and JWKS', async () => {
  const res = await fetch(`${issuer()}/.well-known/openid-configuration`);
  assert.equal(res.status, 200);
  const doc = (await res.json()) as Record<string, unknown>;
  assert.equal(doc.issuer, issuer());
  assert.equal(doc.jwks_uri, `${issuer()}/.well-known/jwks.json`);
  assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
  const jwks = (await (await fetch(doc.jwks_uri as string)).json()) as {
    keys: Record<string, unknown>[];
  };
  assert.ok(jwks.keys.length >= 1);
  for (const key of jwks.keys) {
    assert.equal(key.kty, 'RSA');
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    // Public halves only.
    assert.equal(key.d, undefined);
    assert.equal(key.p, undefined);
  }
});

test('a guest gets a 10-minute token that verifies against the published keys', async () => {
  const poolId = await identityPool();
  const { IdentityId } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  assert.ok(IdentityId);
  const res = await anon.send(new GetOpenIdTokenCommand({ IdentityId }));
  assert.equal(res.IdentityId, IdentityId);
  assert.ok(res.Token);
  const claims = await verifyAsSts(res.Token, poolId);
  assert.equal(claims.sub, IdentityId);
  assert.equal(claims.aud, poolId);
  assert.equal(claims.iss, issuer());
  assert.deepEqual(claims.amr, ['unauthenticated']);
  assert.equal((claims.exp as number) - (claims.iat as number), 600);
  // Not for another identity pool.
  await assert.rejects(verifyAsSts(res.Token, await identityPool()), /aud/);
});

test('a token is no longer accepted after its 10 minutes', async () => {
  const poolId = await identityPool();
  const { IdentityId } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  const { Token } = await anon.send(new GetOpenIdTokenCommand({ IdentityId }));
  await verifyAsSts(Token as string, poolId);
  advance(10 * 60 * 1000 + 1000);
  await assert.rejects(verifyAsSts(Token as string, poolId), { code: 'ERR_JWT_EXPIRED' });
});

test('a signed-in user gets an authenticated token naming the user pool login', async () => {
  const poolId = await identityPool({ AllowUnauthenticatedIdentities: false });
  const user = await signedInUser();
  const logins = { [provider]: user.IdToken };
  const { IdentityId } = await anon.send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }),
  );
  const res = await anon.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
  assert.equal(res.IdentityId, IdentityId);
  const claims = await verifyAsSts(res.Token as string, poolId);
  assert.equal(claims.sub, IdentityId);
  assert.deepEqual(claims.amr, [
    'authenticated',
    provider,
    `${provider}:CognitoSignIn:${user.sub}`,
  ]);
  // aws-amplify v6 names the user pool by its issuer without the scheme.
  const v6Key = `${t.url.replace(/^https?:\/\//, '')}/${userPoolId}`;
  const v6 = await anon.send(
    new GetOpenIdTokenCommand({ IdentityId, Logins: { [v6Key]: user.IdToken } }),
  );
  assert.equal(v6.IdentityId, IdentityId);
  assert.deepEqual(decodeJwt(v6.Token as string).amr, claims.amr);
});

test("a guest identity that signs in becomes the user's identity", async () => {
  const poolId = await identityPool();
  const user = await signedInUser();
  const logins = { [provider]: user.IdToken };
  const { IdentityId: guest } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  // The user has no identity yet: the guest identity becomes it.
  const first = await anon.send(new GetOpenIdTokenCommand({ IdentityId: guest, Logins: logins }));
  assert.equal(first.IdentityId, guest);
  const { IdentityId: again } = await anon.send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }),
  );
  assert.equal(again, guest);
  // Another guest signing in as the same user is merged into the user's identity.
  const { IdentityId: guest2 } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  const second = await anon.send(new GetOpenIdTokenCommand({ IdentityId: guest2, Logins: logins }));
  assert.equal(second.IdentityId, guest);
  assert.equal(decodeJwt(second.Token as string).sub, guest);
});

test('an identity with logins must prove one; guests need a pool that allows them', async () => {
  const poolId = await identityPool();
  const user = await signedInUser();
  const { IdentityId } = await anon.send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: user.IdToken } }),
  );
  await rejects(
    anon.send(new GetOpenIdTokenCommand({ IdentityId })),
    'NotAuthorizedException',
    /Logins don't match/,
  );
  await rejects(
    anon.send(new GetOpenIdTokenCommand({ IdentityId, Logins: {} })),
    'NotAuthorizedException',
  );
  const { IdentityId: guest } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  await admin.send(
    new UpdateIdentityPoolCommand({
      IdentityPoolId: poolId,
      IdentityPoolName: unique('ip'),
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
    }),
  );
  await rejects(
    anon.send(new GetOpenIdTokenCommand({ IdentityId: guest })),
    'NotAuthorizedException',
    'Unauthenticated access is not supported for this identity pool.',
  );
});

test('bad logins and unknown identities are refused, nothing linked', async () => {
  const poolId = await identityPool();
  const user = await signedInUser();
  const { IdentityId: guest } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  // An access token is not an ID token.
  await rejects(
    anon.send(
      new GetOpenIdTokenCommand({ IdentityId: guest, Logins: { [provider]: user.AccessToken } }),
    ),
    'NotAuthorizedException',
  );
  // A tampered token.
  const [h, p, s] = user.IdToken.split('.');
  const tampered = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  await rejects(
    anon.send(new GetOpenIdTokenCommand({ IdentityId: guest, Logins: { [provider]: tampered } })),
    'NotAuthorizedException',
  );
  // A token of a client the identity pool does not list.
  const otherName = unique('other');
  await signUpConfirmed(t, otherClientId, otherName);
  const other = await signIn(t, otherClientId, otherName);
  const otherPoolId = decodeJwt(other.IdToken).iss?.split('/').pop() as string;
  await rejects(
    anon.send(
      new GetOpenIdTokenCommand({
        IdentityId: guest,
        Logins: { [`cognito-idp.us-east-1.amazonaws.com/${otherPoolId}`]: other.IdToken },
      }),
    ),
    'NotAuthorizedException',
  );
  // A developer provider's name is no login of the unsigned API.
  await rejects(
    anon.send(new GetOpenIdTokenCommand({ IdentityId: guest, Logins: { 'login.example': 'u1' } })),
    'NotAuthorizedException',
  );
  // The guest is still a guest.
  const still = await anon.send(new GetOpenIdTokenCommand({ IdentityId: guest }));
  assert.deepEqual(decodeJwt(still.Token as string).amr, ['unauthenticated']);
  await rejects(
    anon.send(
      new GetOpenIdTokenCommand({ IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000' }),
    ),
    'ResourceNotFoundException',
  );
  await rejects(
    anon.send(new GetOpenIdTokenCommand({ IdentityId: 'not an id' })),
    'InvalidParameterException',
  );
});
