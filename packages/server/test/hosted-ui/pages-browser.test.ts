// The hosted pages in Chromium (Debian's, through playwright-core): a user clicks through sign-up
// with the code from the outbox, sign-in, a wrong password, authenticator setup and a TOTP
// sign-in, forgot password, and meets the error page. Fields and buttons are found by the
// accessible names the issue fixes. Screenshots of each page go under test-results/hosted-ui/
// (and COGNATE_SCREENSHOTS_DIR, which is how docs/images/hosted-ui/ is made).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  CreateIdentityProviderCommand,
  SetUICustomizationCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM_MISSING,
  haveChromium,
  launchBrowser,
  newContext,
  screenshot,
} from '../support/browser.ts';
import {
  createConfirmed,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
  verifiedEmail,
} from '../support/index.ts';
import { createOAuthPool, OAUTH_CLIENT, type OAuthApp } from '../support/oauth.ts';

if (!haveChromium && process.env.CI) {
  test('chromium is installed for the browser tests', () => assert.fail(CHROMIUM_MISSING));
} else if (!haveChromium) {
  console.log(`# hosted pages browser test skipped: ${CHROMIUM_MISSING}`);
}

const SHOTS = 'hosted-ui';

describe('the hosted pages in Chromium', { skip: !haveChromium }, () => {
  let t: TestServer;
  let browser: Browser;
  /** Plain usernames, a Google button. */
  let app: OAuthApp;
  /** MFA required, authenticator apps. */
  let mfa: OAuthApp;
  /** The app's callback: a small page served by the test (http is allowed on loopback). */
  let callbackServer: Server;
  let callback: string;

  before(async () => {
    t = await startTestServer();
    callbackServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>App callback</h1>');
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callback = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;
    [browser, app, mfa] = await Promise.all([
      launchBrowser(),
      createOAuthPool(t, { pool: { PoolName: 'Acme', UsernameAttributes: undefined } }),
      createOAuthPool(t, { pool: { PoolName: 'Acme', UsernameAttributes: undefined } }),
    ]);
    await t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: app.poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: {
          client_id: 'g-client',
          client_secret: 'g-secret',
          authorize_scopes: 'openid email',
        },
      }),
    );
    await t.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: app.poolId,
        ClientId: app.clientId,
        ...OAUTH_CLIENT,
        ClientName: 'Acme Notes',
        CallbackURLs: [callback],
        SupportedIdentityProviders: ['COGNITO', 'Google'],
      }),
    );
    await t.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: mfa.poolId,
        ClientId: mfa.clientId,
        ...OAUTH_CLIENT,
        CallbackURLs: [callback],
      }),
    );
    await t.admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: mfa.poolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    callbackServer?.close();
  });

  function authorizeUrl(a: OAuthApp, extra: Record<string, string> = {}) {
    const q = new URLSearchParams({
      client_id: a.clientId,
      redirect_uri: callback,
      response_type: 'code',
      scope: 'openid email',
      state: 'st-b',
      ...extra,
    });
    return `${a.base}/oauth2/authorize?${q}`;
  }

  /** A browser profile of its own (cookies, color scheme, screen size). */
  async function profile(opts: Parameters<typeof newContext>[1] = {}) {
    const context = await newContext(browser, opts);
    return { context, page: await context.newPage() };
  }

  /** Waits for the app's callback and returns its code. */
  async function callbackCode(page: Page): Promise<string> {
    await page.waitForURL(`${callback}**`);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('state'), 'st-b');
    const code = url.searchParams.get('code');
    assert.ok(code, `no code in ${page.url()}`);
    return code;
  }

  test('sign-up with the code from the outbox, confirm, then the callback; a second authorize goes straight there', async () => {
    const { context, page } = await profile();
    try {
      await page.goto(authorizeUrl(app));
      await screenshot(page, SHOTS, 'login');
      await page.getByRole('link', { name: 'Sign up' }).click();
      const username = unique('web');
      const email = `${username}@example.com`;
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await screenshot(page, SHOTS, 'signup');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByLabel('Code').waitFor();
      await screenshot(page, SHOTS, 'confirm');
      const code = (await t.outbox(email))?.code;
      assert.ok(code);
      await page.getByLabel('Code').fill(code);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await callbackCode(page);

      await page.goto(authorizeUrl(app));
      await callbackCode(page);
    } finally {
      await context.close();
    }
  });

  test('a wrong password shows the message; the right one signs in; the Google button starts federation', async () => {
    const username = unique('ann');
    await createConfirmed(t, app.poolId, username, {
      attributes: verifiedEmail(`${username}@example.com`),
    });
    const { context, page } = await profile();
    try {
      await page.goto(authorizeUrl(app));
      const google = page.getByRole('button', { name: 'Continue with Google' });
      assert.equal(await google.count(), 1);
      const href = new URL((await google.getAttribute('href')) as string, page.url());
      assert.equal(href.pathname, `/domains/${app.domain}/oauth2/authorize`);
      assert.equal(href.searchParams.get('identity_provider'), 'Google');
      assert.equal(href.searchParams.get('client_id'), app.clientId);

      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill('Wrong-passw0rd');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Incorrect username or password.').waitFor();
      await screenshot(page, SHOTS, 'wrong-password');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await callbackCode(page);
    } finally {
      await context.close();
    }
  });

  test('authenticator setup shows a QR code and the secret; the next sign-in asks for the TOTP code', async () => {
    const username = unique('totp');
    await createConfirmed(t, mfa.poolId, username, {
      attributes: verifiedEmail(`${username}@example.com`),
    });
    t.clock.freeze();
    const { context, page } = await profile();
    try {
      await page.goto(authorizeUrl(mfa));
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const qr = page.getByRole('img', { name: /QR/ });
      await qr.waitFor();
      assert.ok(((await qr.boundingBox())?.width ?? 0) > 100, 'the QR code is drawn');
      const secret = (await page.getByLabel('Secret key').textContent())?.trim() ?? '';
      assert.match(secret, /^[A-Z2-7]{16,}$/);
      await screenshot(page, SHOTS, 'totp-setup');
      const totp = new TOTP({ secret: Secret.fromBase32(secret) });
      await page.getByLabel('Code').fill(totp.generate({ timestamp: t.clock.now() }));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await callbackCode(page);
      await context.clearCookies();

      t.clock.advance(30_000);
      await page.goto(authorizeUrl(mfa));
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Code').waitFor();
      await screenshot(page, SHOTS, 'mfa');
      await page.getByLabel('Code').fill(totp.generate({ timestamp: t.clock.now() }));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await callbackCode(page);
    } finally {
      t.clock.thaw();
      await context.close();
    }
  });

  test('forgot password: the code from the outbox and a new password, then sign in', async () => {
    const username = unique('forgot');
    const email = `${username}@example.com`;
    await createConfirmed(t, app.poolId, username, { attributes: verifiedEmail(email) });
    const { context, page } = await profile();
    try {
      await page.goto(authorizeUrl(app));
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('Username').fill(username);
      await screenshot(page, SHOTS, 'forgot-password');
      await page.getByRole('button', { name: 'Reset my password' }).click();
      await page.getByLabel('New password').waitFor();
      const code = (await t.outbox(email))?.code;
      assert.ok(code);
      await page.getByLabel('Code').fill(code);
      await page.getByLabel('New password').fill('N3w-Passw0rd!');
      await screenshot(page, SHOTS, 'confirm-forgot-password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Your password has been changed').waitFor();
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill('N3w-Passw0rd!');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await callbackCode(page);
    } finally {
      await context.close();
    }
  });

  test('CSRF: a POST without the token is refused; an unregistered redirect_uri gets an error page without a form', async () => {
    const { context, page } = await profile();
    try {
      await page.goto(authorizeUrl(app));
      const loginUrl = page.url();
      const refused = await context.request.post(loginUrl, {
        form: { username: 'anyone', password: PASSWORD },
        maxRedirects: 0,
      });
      assert.equal(refused.status(), 403);

      await page.goto(authorizeUrl(app, { redirect_uri: 'https://evil.example/cb' }));
      assert.ok(page.url().startsWith(`${app.base}/`), `stayed on the hosted UI: ${page.url()}`);
      await page.getByRole('alert').waitFor();
      assert.equal(await page.getByRole('textbox').count(), 0);
      assert.equal(await page.getByRole('button').count(), 0);
      await screenshot(page, SHOTS, 'error');
    } finally {
      await context.close();
    }
  });

  test('branding, dark mode and a phone-sized screen', async () => {
    const dark = await profile({ colorScheme: 'dark' });
    try {
      await dark.page.goto(authorizeUrl(app));
      await dark.page.getByRole('button', { name: 'Sign in' }).waitFor();
      await screenshot(dark.page, SHOTS, 'login-dark');
    } finally {
      await dark.context.close();
    }
    const phone = await profile({ mobile: true });
    try {
      await phone.page.goto(authorizeUrl(app));
      const button = phone.page.getByRole('button', { name: 'Sign in' });
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'the form fits a phone');
      await screenshot(phone.page, SHOTS, 'login-mobile');
    } finally {
      await phone.context.close();
    }
    await t.admin.send(
      new SetUICustomizationCommand({
        UserPoolId: app.poolId,
        CSS: '.submitButton-customizable { background-color: rgb(200, 40, 90); }',
      }),
    );
    const branded = await profile();
    try {
      await branded.page.goto(authorizeUrl(app));
      const color = await branded.page
        .getByRole('button', { name: 'Sign in' })
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(color, 'rgb(200, 40, 90)');
      await screenshot(branded.page, SHOTS, 'login-branded');
    } finally {
      await branded.context.close();
    }
  });
});
