// Answers at /oauth2/idpresponse that must sign no one in: a forged state, a state from another
// browser, and upstream ID tokens with the wrong issuer, audience, nonce or signature (a tiny
// provider here whose token endpoint answers with the ID token the test made). Each is refused
// with nothing created and no redirect anywhere but the app's registered callback.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { rejects, startTestServer, type TestServer, unique } from '../support/index.ts';
import {
  authorize,
  createOAuthPool,
  OAUTH_CALLBACK,
  OAUTH_CLIENT,
  type OAuthApp,
} from '../support/oauth.ts';
import { Browser } from './oidc-upstream.ts';

let t: TestServer;
let app: OAuthApp;
let fake: { issuer: string; idToken: string; close(): Promise<void> };
const PROVIDER = 'Fake';
const CLIENT_ID = 'fake-client';
const keys = await generateKeyPair('RS256');
const otherKeys = await generateKeyPair('RS256');

before(async () => {
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const state = { idToken: '' };
  const server = createServer((req, res) => {
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/jwks') return json({ keys: [jwk] });
    if (req.url === '/token') {
      return json({ access_token: 'at', token_type: 'Bearer', id_token: state.idToken });
    }
    if (req.url === '/userinfo') return json({});
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = {
    issuer,
    get idToken() {
      return state.idToken;
    },
    set idToken(v) {
      state.idToken = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  t = await startTestServer();
  app = await createOAuthPool(t);
  await t.admin.send(
    new CreateIdentityProviderCommand({
      UserPoolId: app.poolId,
      ProviderName: PROVIDER,
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: CLIENT_ID,
        client_secret: 'fake-secret',
        attributes_request_method: 'GET',
        oidc_issuer: issuer,
        authorize_scopes: 'openid email',
        authorize_url: `${issuer}/authorize`,
        token_url: `${issuer}/token`,
        attributes_url: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
      },
    }),
  );
  await t.admin.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: app.poolId,
      ClientId: app.clientId,
      ...OAUTH_CLIENT,
      SupportedIdentityProviders: ['COGNITO', PROVIDER],
    }),
  );
});
after(async () => {
  await t?.close();
  await fake?.close();
});

/** Starts a sign-in at the fake provider: the browser, and the state and nonce it was sent. */
async function start() {
  const browser = new Browser();
  const { res, location } = await authorize(app, {
    params: { identity_provider: PROVIDER, scope: 'openid', state: 'app-state' },
  });
  assert.equal(res.status, 302);
  browser.keep(res);
  const upstream = new URL(location as string);
  assert.equal(upstream.origin + upstream.pathname, `${fake.issuer}/authorize`);
  assert.equal(upstream.searchParams.get('code_challenge_method'), 'S256');
  return {
    browser,
    state: upstream.searchParams.get('state') as string,
    nonce: upstream.searchParams.get('nonce') as string,
  };
}

function idToken(claims: JWTPayload, key = keys.privateKey) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .sign(key);
}

async function answer(browser: Browser, state: string) {
  return browser.get(`${app.base}/oauth2/idpresponse?${new URLSearchParams({ code: 'c', state })}`);
}

async function assertNoUser(sub: string) {
  await rejects(
    t.admin.send(
      new AdminGetUserCommand({ UserPoolId: app.poolId, Username: `${PROVIDER}_${sub}` }),
    ),
    'UserNotFoundException',
  );
}

test('a valid answer signs in (the baseline the cases below bend)', async () => {
  const { browser, state, nonce } = await start();
  const sub = unique('ok');
  fake.idToken = await idToken({ iss: fake.issuer, aud: CLIENT_ID, sub, nonce });
  const res = await answer(browser, state);
  assert.equal(res.status, 302);
  const callback = new URL(res.headers.get('location') as string);
  assert.ok(callback.toString().startsWith(OAUTH_CALLBACK));
  assert.ok(callback.searchParams.get('code'));
  // The state is single use: the same answer again is refused.
  const replay = await answer(browser, state);
  assert.equal(replay.status, 400);
  assert.equal(replay.headers.get('location'), null);
});

test('a forged state, or a state from another browser, gets an error page and no redirect', async () => {
  const { browser, state, nonce } = await start();
  const sub = unique('forged');
  fake.idToken = await idToken({ iss: fake.issuer, aud: CLIENT_ID, sub, nonce });
  const forged = await answer(browser, 'forged-state');
  assert.equal(forged.status, 400);
  assert.equal(forged.headers.get('location'), null);
  assert.match(await forged.text(), /sign-in request is unknown/);
  const elsewhere = await answer(new Browser(), state);
  assert.equal(elsewhere.status, 400);
  assert.equal(elsewhere.headers.get('location'), null);
  await assertNoUser(sub);
});

for (const [name, bend] of [
  ['issuer', (c: JWTPayload) => ({ ...c, iss: 'https://evil.example' })],
  ['audience', (c: JWTPayload) => ({ ...c, aud: 'another-client' })],
  ['nonce', (c: JWTPayload) => ({ ...c, nonce: 'not-the-nonce' })],
  ['expiry', (c: JWTPayload) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 3600 })],
] as const) {
  test(`an upstream ID token with the wrong ${name} is refused, nothing created`, async () => {
    const { browser, state, nonce } = await start();
    const sub = unique(name);
    fake.idToken = await idToken(bend({ iss: fake.issuer, aud: CLIENT_ID, sub, nonce }));
    const res = await answer(browser, state);
    assert.equal(res.status, 302);
    const callback = new URL(res.headers.get('location') as string);
    assert.ok(callback.toString().startsWith(OAUTH_CALLBACK), `went to ${callback}`);
    assert.equal(callback.searchParams.get('code'), null);
    assert.equal(callback.searchParams.get('error'), 'invalid_request');
    assert.equal(callback.searchParams.get('state'), 'app-state');
    await assertNoUser(sub);
  });
}

test('an upstream ID token signed by another key is refused, nothing created', async () => {
  const { browser, state, nonce } = await start();
  const sub = unique('sig');
  fake.idToken = await idToken(
    { iss: fake.issuer, aud: CLIENT_ID, sub, nonce },
    otherKeys.privateKey,
  );
  const res = await answer(browser, state);
  const callback = new URL(res.headers.get('location') as string);
  assert.equal(callback.searchParams.get('code'), null);
  assert.equal(callback.searchParams.get('error'), 'invalid_request');
  await assertNoUser(sub);
});

test('an unsupported identity_provider is refused at /oauth2/authorize', async () => {
  const { res, location } = await authorize(app, {
    params: { identity_provider: 'Nobody', scope: 'openid' },
  });
  assert.equal(res.status, 302);
  const back = new URL(location as string);
  assert.ok(back.toString().startsWith(OAUTH_CALLBACK));
  assert.equal(back.searchParams.get('error'), 'invalid_request');
});
