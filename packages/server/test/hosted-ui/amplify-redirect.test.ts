// The real aws-amplify against the hosted UI, as an app uses it: a page served by the test,
// bundled with esbuild, configures Amplify with `oauth.domain` = `localhost:<port>/domains/<d>`
// (Amplify builds `https://<domain>/oauth2/…` itself, so this goes over the server's TLS side
// with its self-signed development certificate). In Chromium the user starts the redirect
// sign-in, signs in on the hosted page, lands back on the app, which exchanges the code (PKCE)
// at /oauth2/token and has the user; signing out goes through /logout and back.
//
//   aws-amplify v6: signInWithRedirect(), fetchAuthSession(), getCurrentUser(), signOut()
//   aws-amplify v5: Auth.federatedSignIn(), Auth.currentSession(), Auth.currentAuthenticatedUser(),
//                   Auth.signOut()
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_MISSING, haveChromium, launchBrowser, newContext } from '../support/browser.ts';
import {
  createConfirmed,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
  verifiedEmail,
} from '../support/index.ts';
import { createOAuthPool, type OAuthApp } from '../support/oauth.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

if (!haveChromium && process.env.CI) {
  test('chromium is installed for the browser tests', () => {
    assert.fail(`${CHROMIUM_MISSING}; CI must install it (.ci/run does)`);
  });
}

/** What the page is told: the pool, the client, and where the hosted UI is. */
interface PageConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  endpoint: string;
  domain: string;
  scopes: string[];
  redirectSignIn: string;
  redirectSignOut: string;
}

/**
 * The app's script for each library: configures Amplify from `window.COGNATE`, records Hub auth
 * events on the body, and offers `window.app.signIn()`, `.state()` and `.signOut()`.
 */
const PAGE_SCRIPTS = {
  'aws-amplify v6': `
    import { Amplify } from 'aws-amplify';
    import { fetchAuthSession, getCurrentUser, signInWithRedirect, signOut } from 'aws-amplify/auth';
    import { Hub } from 'aws-amplify/utils';
    const c = window.COGNATE;
    Hub.listen('auth', ({ payload }) => record(payload.event, payload.data));
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: c.userPoolId,
          userPoolClientId: c.clientId,
          userPoolEndpoint: c.endpoint,
          loginWith: {
            oauth: {
              domain: c.domain,
              scopes: c.scopes,
              redirectSignIn: [c.redirectSignIn],
              redirectSignOut: [c.redirectSignOut],
              responseType: 'code',
            },
          },
        },
      },
    });
    window.app = {
      signIn: () => signInWithRedirect(),
      signOut: () => signOut(),
      async state() {
        const session = await fetchAuthSession();
        const user = await getCurrentUser().catch(() => undefined);
        return {
          idToken: session.tokens?.idToken?.toString(),
          accessToken: session.tokens?.accessToken?.toString(),
          username: user?.username,
          userId: user?.userId,
        };
      },
    };
    ${recordEvents('signInWithRedirect', 'signInWithRedirect_failure')}
  `,
  'aws-amplify v5': `
    import { Amplify, Auth, Hub } from 'aws-amplify-v5';
    const c = window.COGNATE;
    Hub.listen('auth', ({ payload }) => record(payload.event, payload.data));
    Amplify.configure({
      Auth: {
        region: c.region,
        userPoolId: c.userPoolId,
        userPoolWebClientId: c.clientId,
        endpoint: c.endpoint,
        oauth: {
          domain: c.domain,
          scope: c.scopes,
          redirectSignIn: c.redirectSignIn,
          redirectSignOut: c.redirectSignOut,
          responseType: 'code',
        },
      },
    });
    window.app = {
      signIn: () => Auth.federatedSignIn(),
      signOut: () => Auth.signOut(),
      async state() {
        const session = await Auth.currentSession().catch(() => undefined);
        const user = await Auth.currentAuthenticatedUser().catch(() => undefined);
        return {
          idToken: session?.getIdToken().getJwtToken(),
          accessToken: session?.getAccessToken().getJwtToken(),
          username: user?.username,
          userId: user?.attributes?.sub,
        };
      },
    };
    ${recordEvents('signIn', 'signIn_failure')}
  `,
};

/** Hub events land on the body: `data-signed-in` on success, `data-failure` with the reason. */
function recordEvents(success: string, failure: string): string {
  return `
    function record(event, data) {
      document.body.dataset.events = ((document.body.dataset.events || '') + ' ' + event).trim();
      if (event === '${success}') document.body.dataset.signedIn = 'true';
      if (event === '${failure}') {
        const e = data && (data.error || data);
        document.body.dataset.failure = String((e && (e.message || e.name)) || e);
      }
    }
    document.body.dataset.ready = 'true';
  `;
}

/** Bundles a page script for the browser (aws-amplify and all), as an app's build would. */
async function bundle(script: string): Promise<string> {
  const out = await build({
    stdin: { contents: script, resolveDir: here, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    // Amplify v5 expects a Node-like `global`.
    define: { global: 'globalThis' },
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/** Serves the app: any path is its page (the callback and the signed-out URL included). */
async function serveApp(
  js: string,
  config: () => PageConfig,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(js);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><html><head><meta charset="utf-8"><title>app</title>` +
        `<script>window.COGNATE = ${JSON.stringify(config())};</script>` +
        `<script type="module" src="/app.js"></script></head><body><main>app</main></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** What the page offers the test (see PAGE_SCRIPTS). */
interface AppWindow {
  app: {
    signIn(): Promise<void>;
    signOut(): Promise<void>;
    state(): Promise<{
      idToken?: string;
      accessToken?: string;
      username?: string;
      userId?: string;
    }>;
  };
}

/** The JWT's payload, unverified (the server's own tests verify signatures). */
function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

for (const [library, script] of Object.entries(PAGE_SCRIPTS)) {
  describe(`${library}: redirect sign-in on the hosted UI over https`, {
    skip: haveChromium ? false : CHROMIUM_MISSING,
    timeout: 180_000,
  }, () => {
    let t: TestServer;
    let app: OAuthApp;
    let browser: Browser;
    let site: { server: Server; port: number };
    let config: PageConfig;

    before(async () => {
      t = await startTestServer();
      assert.ok(t.server.httpsUrl, 'the test server speaks https');
      const js = await bundle(script);
      site = await serveApp(js, () => config);
      const appUrl = `http://localhost:${site.port}`;
      app = await createOAuthPool(t, {
        // Plain user names: the hosted page's field is labelled Username.
        pool: { UsernameAttributes: undefined },
        client: { CallbackURLs: [`${appUrl}/`], LogoutURLs: [`${appUrl}/signed-out`] },
      });
      config = {
        region: 'us-east-1',
        userPoolId: app.poolId,
        clientId: app.clientId,
        endpoint: t.url,
        // What an app writes: host and port (and Cognate's path), no scheme.
        domain: `${new URL(t.server.httpsUrl as string).host}/domains/${app.domain}`,
        scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        redirectSignIn: `${appUrl}/`,
        redirectSignOut: `${appUrl}/signed-out`,
      };
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => (site ? site.server.close(() => resolve()) : resolve()));
      await t?.close();
    });

    /** Opens the app and waits until Amplify is configured (and any return is handled). */
    async function openApp(page: Page, url: string, problems: string[]) {
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }).catch(() => {
        throw new Error(`the app did not start: ${problems.join('\n')}`);
      });
    }

    test('signs in on the hosted page, returns with the user, and signs out through /logout', async () => {
      const username = unique('amp');
      const email = `${username}@example.com`;
      await createConfirmed(t, app.poolId, username, { attributes: verifiedEmail(email) });

      const context = await newContext(browser);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
      });
      await openApp(page, config.redirectSignIn, problems);
      const before = await page.evaluate(() => (window as unknown as AppWindow).app.state());
      assert.equal(before.idToken, undefined, 'nobody is signed in yet');

      // The library sends the browser to https://<domain>/oauth2/authorize, which shows the
      // hosted sign-in page on the server's TLS side.
      await page.evaluate(() => {
        void (window as unknown as AppWindow).app.signIn();
      });
      await page.waitForURL(/^https:\/\/localhost:\d+\/domains\//, { timeout: 20_000 });
      const hosted = new URL(page.url());
      assert.equal(hosted.port, String(new URL(t.url).port), 'the same port as the API');
      await page.getByLabel('Username', { exact: true }).fill(username);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();

      // Back on the app, which exchanges the code for tokens.
      await page.waitForURL((url) => url.origin === new URL(config.redirectSignIn).origin, {
        timeout: 20_000,
      });
      await page
        .waitForSelector('body[data-signed-in="true"], body[data-failure]', { timeout: 20_000 })
        .catch(() => {});
      const failure = await page.evaluate(() => document.body.dataset.failure);
      assert.equal(failure, undefined, `the sign-in failed: ${failure}\n${problems.join('\n')}`);
      const state = await page.evaluate(() => (window as unknown as AppWindow).app.state());
      assert.ok(state.idToken && state.accessToken, `no tokens: ${problems.join('\n')}`);
      const id = payloadOf(state.idToken as string);
      assert.equal(id['cognito:username'], username);
      assert.equal(id.email, email);
      assert.equal(id.iss, `${t.url}/${app.poolId}`);
      assert.equal(id.aud, app.clientId);
      assert.equal(state.username, username);
      assert.equal(state.userId, id.sub);
      const access = payloadOf(state.accessToken as string);
      assert.match(String(access.scope), /aws\.cognito\.signin\.user\.admin/);
      assert.doesNotMatch(page.url(), /[?&]code=/, 'the code is not left in the address bar');

      // Signing out leaves through the hosted UI's /logout and comes back to the sign-out URL.
      await page.evaluate(() => {
        void (window as unknown as AppWindow).app.signOut();
      });
      await page.waitForURL(`${config.redirectSignOut}**`, { timeout: 20_000 });
      await page.waitForSelector('body[data-ready="true"]');
      const after = await page.evaluate(() => (window as unknown as AppWindow).app.state());
      assert.equal(after.idToken, undefined, 'the app holds no tokens after signing out');

      // The hosted session ended too: a new sign-in asks for the password again.
      await page.evaluate(() => {
        void (window as unknown as AppWindow).app.signIn();
      });
      await page.waitForURL(/^https:\/\/localhost:\d+\/domains\//, { timeout: 20_000 });
      await page.getByLabel('Password', { exact: true }).waitFor({ timeout: 20_000 });
      await context.close();
    });
  });
}
