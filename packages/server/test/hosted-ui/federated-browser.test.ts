// Federated sign-in in Chromium (Debian's, through playwright-core): the hosted login page's
// `Continue with Upstream` button → an upstream OpenID Connect provider (node-oidc-provider,
// started here, with a login form) → /oauth2/idpresponse → the app's callback with a code →
// tokens carrying `identities` for the user `Upstream_<sub>`. Then an identity linked to a native
// user lands on that user, and /logout ends the hosted session. Screenshots go under
// test-results/hosted-ui-federation/.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { cookieName } from '../../src/protocols/oauth2/cookies.ts';
import {
  startOidcProvider,
  type TestOidcProvider,
  UPSTREAM_PASSWORD,
  type UpstreamAccount,
} from '../federation/oidc-upstream.ts';
import {
  CHROMIUM_MISSING,
  haveChromium,
  launchBrowser,
  newContext,
  screenshot,
} from '../support/browser.ts';
import {
  attrMap,
  createConfirmed,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import {
  createOAuthPool,
  OAUTH_CLIENT,
  type OAuthApp,
  pkcePair,
  tokenRequest,
} from '../support/oauth.ts';

if (!haveChromium && process.env.CI) {
  test('chromium is installed for the browser tests', () => assert.fail(CHROMIUM_MISSING));
} else if (!haveChromium) {
  console.log(`# federated sign-in browser test skipped: ${CHROMIUM_MISSING}`);
}

const SHOTS = 'hosted-ui-federation';
const PROVIDER = 'Upstream';
const UPSTREAM_CLIENT = { client_id: 'cognate-browser', client_secret: 'upstream-secret-b' };

describe('federated sign-in, linking and logout in Chromium', { skip: !haveChromium }, () => {
  let t: TestServer;
  let browser: Browser;
  let upstream: TestOidcProvider;
  let app: OAuthApp;
  /** The app: a callback page and a signed-out page served by the test on loopback. */
  let appServer: Server;
  let callback: string;
  let signedOut: string;

  before(async () => {
    appServer = createServer((req, res) => {
      const title = req.url?.startsWith('/signed-out') ? 'Signed out' : 'App callback';
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>${title}</h1>`);
    });
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
    callback = `${appUrl}/callback`;
    signedOut = `${appUrl}/signed-out`;
    let started: TestServer;
    [browser, upstream, started] = await Promise.all([
      launchBrowser(),
      startOidcProvider({ loginPage: true }),
      startTestServer(),
    ]);
    t = started;
    const domain = unique('fedui');
    upstream.trust([
      { ...UPSTREAM_CLIENT, redirect_uris: [`${t.url}/domains/${domain}/oauth2/idpresponse`] },
    ]);
    app = await createOAuthPool(t, { domain, pool: { PoolName: 'Acme' } });
    await t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: app.poolId,
        ProviderName: PROVIDER,
        ProviderType: 'OIDC',
        ProviderDetails: {
          ...UPSTREAM_CLIENT,
          attributes_request_method: 'GET',
          oidc_issuer: upstream.issuer,
          authorize_scopes: 'openid email profile',
        },
        AttributeMapping: { email: 'email', given_name: 'given_name' },
      }),
    );
    await t.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: app.poolId,
        ClientId: app.clientId,
        ...OAUTH_CLIENT,
        ClientName: 'Acme Notes',
        CallbackURLs: [callback],
        LogoutURLs: [signedOut],
        SupportedIdentityProviders: ['COGNITO', PROVIDER],
      }),
    );
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await upstream?.close();
    appServer?.close();
  });

  function authorizeUrl(extra: Record<string, string> = {}) {
    const q = new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: callback,
      response_type: 'code',
      scope: 'openid email profile',
      state: 'st-fed',
      ...extra,
    });
    return `${app.base}/oauth2/authorize?${q}`;
  }

  /** Waits for the app's callback and returns its code. */
  async function callbackCode(page: Page): Promise<string> {
    await page.waitForURL(`${callback}**`);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('state'), 'st-fed');
    const code = url.searchParams.get('code');
    assert.ok(code, `no code in ${page.url()}`);
    return code;
  }

  /**
   * From the hosted login page: the provider's button, the upstream login form as `account`,
   * back at the app's callback; returns the ID token's claims from the code exchange.
   */
  async function federatedSignIn(page: Page, account: UpstreamAccount, shots = false) {
    upstream.signInAs(account);
    const pkce = pkcePair();
    const nonce = unique('n');
    await page.goto(
      authorizeUrl({ nonce, code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
    );
    const button = page.getByRole('button', { name: `Continue with ${PROVIDER}` });
    assert.equal(await button.count(), 1);
    if (shots) await screenshot(page, SHOTS, 'login-with-provider');
    await button.click();
    await page.waitForURL(`${upstream.issuer}/**`);
    await page.getByLabel('Email').fill(account.email as string);
    await page.getByLabel('Password').fill(UPSTREAM_PASSWORD);
    if (shots) await screenshot(page, SHOTS, 'upstream-login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = await callbackCode(page);
    const { status, body } = await tokenRequest(app.base, {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      redirect_uri: callback,
      code,
      code_verifier: pkce.verifier,
    });
    assert.equal(status, 200, JSON.stringify(body));
    const id = decodeJwt(body.id_token as string);
    assert.equal(id.nonce, nonce);
    return id;
  }

  async function getUser(username: string) {
    return t.admin.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: username }));
  }

  test('the provider button, the upstream login, the callback: identities and an EXTERNAL_PROVIDER user', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      const sub = unique('sub');
      const email = `${sub}@upstream.example`;
      const id = await federatedSignIn(page, { sub, email, given_name: 'Ada' }, true);
      assert.equal(id['cognito:username'], `${PROVIDER}_${sub}`);
      assert.equal(id.email, email);
      const identities = id.identities as Record<string, unknown>[];
      assert.equal(identities.length, 1);
      assert.equal(identities[0].userId, sub);
      assert.equal(identities[0].providerName, PROVIDER);
      assert.equal(identities[0].providerType, 'OIDC');

      const user = await getUser(`${PROVIDER}_${sub}`);
      assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
      const attrs = attrMap(user.UserAttributes);
      assert.equal(attrs.email, email);
      assert.equal(attrs.given_name, 'Ada');
    } finally {
      await context.close();
    }
  });

  test('a linked identity lands on the native user; /logout ends the hosted session', async () => {
    const email = `${unique('native')}@example.com`;
    await createConfirmed(t, app.poolId, email);
    const native = await getUser(email);
    const sub = unique('linked');
    await t.admin.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: app.poolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: native.Username },
        SourceUser: {
          ProviderName: PROVIDER,
          ProviderAttributeName: 'Cognito_Subject',
          ProviderAttributeValue: sub,
        },
      }),
    );
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      const id = await federatedSignIn(page, { sub, email: `${sub}@upstream.example` });
      assert.equal(id['cognito:username'], native.Username);
      assert.equal(id.email, email);
      await rejects(getUser(`${PROVIDER}_${sub}`), 'UserNotFoundException');

      // Within the hosted session, authorize goes straight to the callback.
      await page.goto(authorizeUrl());
      await callbackCode(page);
      const session = cookieName(app.poolId, 'session');
      assert.ok((await context.cookies()).some((c) => c.name === session));

      const logout = new URLSearchParams({ client_id: app.clientId, logout_uri: signedOut });
      await page.goto(`${app.base}/logout?${logout}`);
      await page.waitForURL(signedOut);
      assert.ok(!(await context.cookies()).some((c) => c.name === session));

      // Signed out: the login page again, not the callback.
      await page.goto(authorizeUrl());
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      assert.ok(page.url().startsWith(`${app.base}/`), `on the hosted UI: ${page.url()}`);
      assert.equal(
        await page.getByRole('button', { name: `Continue with ${PROVIDER}` }).count(),
        1,
      );
      await screenshot(page, SHOTS, 'after-logout');
    } finally {
      await context.close();
    }
  });
});
