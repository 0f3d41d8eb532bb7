// @cognate/auth's hosted-UI sign-in in a real browser, against a real Cognate server: a page
// served by the test calls v5 `Auth.federatedSignIn({ customState })` (or v6
// `signInWithRedirect`), Chromium lands on the pool domain's hosted sign-in page over HTTPS
// (`oauth.domain` is `localhost:<port>/domains/<prefix>`, as Amplify builds
// `https://<domain>/oauth2/authorize`), the user signs in there, and back on the page
// `Amplify.configure` exchanges the code (PKCE) at `/oauth2/token`: Hub `signIn` (v6:
// `signInWithRedirect`, `signedIn`) and `customOAuthState` fire, the current user is the user,
// a reload keeps them, and signing out goes through `/logout` back to the app.
//
// The page is bundled with esbuild from the library's source (no Vite build: fast). Chromium:
// /usr/bin/chromium (env CHROMIUM_PATH); skipped without it, except under CI.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createConfirmed,
  createPgDatabase,
  createPool,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
} from '@cognate/server/testing';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const MISSING = `chromium is not installed at ${chromiumPath} (Debian: apt-get install -y --no-install-recommends chromium; or set CHROMIUM_PATH)`;
if (!haveChromium && process.env.CI) {
  test('chromium is installed for the browser tests', () =>
    assert.fail(`${MISSING}; CI must install it`));
}

const SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

// The page: the library on `window.lib`, every auth Hub event in `window.events`.
const PAGE_SCRIPT = `
import * as lib from ${JSON.stringify(path.resolve(here, '../../src/index.ts'))};
window.events = [];
const brief = (d) =>
  d == null ? null
  : typeof d === 'string' ? d
  : d instanceof Error ? { error: d.message }
  : d.error instanceof Error ? { error: d.error.name + ': ' + d.error.message }
  : d.username !== undefined ? { username: d.username }
  : null;
lib.Hub.listen('auth', ({ payload }) => window.events.push([payload.event, brief(payload.data)]));
window.lib = lib;
lib.Amplify.configure(window.CONFIG);
document.body.dataset.ready = 'true';
`;

// One browser and one app server for both stores; each store gets its own Cognate server.
let browser: Browser;
let app: Server;
let appUrl: string;
/** The config each page path's first segment gets (set per test). */
const configs = new Map<string, unknown>();

if (haveChromium) {
  before(async () => {
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: here, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0].text;
    app = createServer((req, res) => {
      const { pathname } = new URL(req.url ?? '/', 'http://x');
      if (pathname === '/app.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        return;
      }
      const config = configs.get(pathname.split('/')[1] ?? '');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(
          `<!doctype html><html><head><title>app</title></head><body><main>${pathname}</main>` +
            `<script>window.CONFIG = ${JSON.stringify(config ?? {})};</script>` +
            '<script type="module" src="/app.js"></script></body></html>',
        );
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  });
}

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`federatedSignIn and signInWithRedirect through the hosted UI, in chromium (${store})`, {
    skip: haveChromium ? false : MISSING,
    timeout: 120_000,
  }, () => {
    let t: TestServer;
    let db: { drop(): Promise<void> } | undefined;
    let poolId: string;
    let clientId: string;
    let domain: string;
    const username = unique('ada');
    const email = `${username}@example.com`;
    /** The page paths of this store's tests: `/<store>-<name>/`. */
    const at = (name: string) => `${store}-${name}`;

    before(async () => {
      const pg = store === 'postgres' ? await createPgDatabase() : undefined;
      db = pg;
      t = await startTestServer({ database: pg?.url });
      poolId = (await createPool(t)).Id;
      domain = unique('fed');
      await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
      const pages = ['v5', 'v5token', 'v6'].map((name) => `${appUrl}/${at(name)}/`);
      clientId = (
        await createClient(t, poolId, {
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code', 'implicit'],
          AllowedOAuthScopes: SCOPES,
          CallbackURLs: pages,
          LogoutURLs: pages.map((page) => `${page}signed-out`),
          SupportedIdentityProviders: ['COGNITO'],
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        })
      ).ClientId;
      await createConfirmed(t, poolId, username, {
        attributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      });
    });

    after(async () => {
      await t?.close();
      await db?.drop();
    });

    /** Amplify's oauth.domain for the pool: a host and a path, no scheme. */
    const oauthDomain = () => `localhost:${new URL(t.url).port}/domains/${domain}`;

    function v5Config(prefix: string, responseType: 'code' | 'token') {
      return {
        Auth: {
          region: 'us-east-1',
          userPoolId: poolId,
          userPoolWebClientId: clientId,
          endpoint: t.url,
          oauth: {
            domain: oauthDomain(),
            scope: SCOPES,
            redirectSignIn: `${appUrl}/${prefix}/`,
            redirectSignOut: `${appUrl}/${prefix}/signed-out`,
            responseType,
          },
        },
      };
    }

    async function open(page: Page, url: string, problems: string[]) {
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 }).catch(() => {
        throw new Error(`the page did not start: ${problems.join('\n')}`);
      });
    }

    /** A page of the app in a fresh browser profile, with its errors collected. */
    async function newPage() {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        // The browser's own favicon request to the server is not the page's doing.
        const where = msg.location().url;
        if (msg.type() === 'error' && !where.endsWith('/favicon.ico')) {
          problems.push(`console: ${msg.text()} ${where}`);
        }
      });
      return { context, page, problems };
    }

    /** Signs in on the hosted sign-in page and waits to be back on `back`. */
    async function signInOnHostedPage(page: Page, back: string) {
      await page.waitForURL((u) => u.href.startsWith(`https://${oauthDomain()}/`), {
        timeout: 15_000,
      });
      await page.getByLabel('Username', { exact: true }).fill(username);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((u) => u.href.startsWith(back), { timeout: 15_000 });
    }

    async function events(page: Page, until: string, problems: string[]) {
      await page
        .waitForFunction(
          (e) => (window as never as { events: string[][] }).events.some(([n]) => n === e),
          until,
          {
            timeout: 15_000,
          },
        )
        .catch(async () => {
          throw new Error(
            `no ${until} event; events: ${JSON.stringify(await page.evaluate(() => (window as never as { events: unknown }).events))}\n${problems.join('\n')}`,
          );
        });
      return page.evaluate(() => (window as never as { events: [string, unknown][] }).events);
    }

    const stored = (page: Page) =>
      page.evaluate(
        () => Object.fromEntries(Object.entries(localStorage)) as Record<string, string>,
      );

    for (const responseType of ['code', 'token'] as const) {
      test(`v5 Auth.federatedSignIn (${responseType}): hosted sign-in, back with Hub signIn and customOAuthState; signOut through /logout`, async () => {
        const prefix = at(responseType === 'code' ? 'v5' : 'v5token');
        configs.set(prefix, v5Config(prefix, responseType));
        const back = `${appUrl}/${prefix}/`;
        const { context, page, problems } = await newPage();
        try {
          await open(page, back, problems);
          const customState = 'to /orders?id=7&x=é';
          await page.evaluate((s) => {
            void (
              window as never as { lib: typeof import('../../src/index.ts') }
            ).lib.Auth.federatedSignIn({
              customState: s,
            });
          }, customState);
          await signInOnHostedPage(page, back);
          const seen = await events(page, 'customOAuthState', problems);
          assert.deepEqual(
            seen.map(([e]) => e).filter((e) => e !== 'configured'),
            [
              'parsingCallbackUrl',
              responseType === 'code' ? 'codeFlow' : 'implicitFlow',
              'signIn',
              'cognitoHostedUI',
              'customOAuthState',
            ],
          );
          assert.deepEqual(seen.find(([e]) => e === 'signIn')?.[1], { username });
          assert.equal(seen.find(([e]) => e === 'customOAuthState')?.[1], customState);
          // The spent code (or the tokens) left the address bar.
          assert.equal(page.url(), back);

          const user = await page.evaluate(async () => {
            const u = await (
              window as never as { lib: typeof import('../../src/index.ts') }
            ).lib.Auth.currentAuthenticatedUser();
            return { username: u.getUsername(), email: u.attributes?.email };
          });
          assert.deepEqual(user, { username, email });
          const keys = await stored(page);
          const prefixKey = `CognitoIdentityServiceProvider.${clientId}`;
          assert.equal(keys[`${prefixKey}.LastAuthUser`], username);
          assert.ok(keys[`${prefixKey}.${username}.idToken`]);
          assert.equal(
            Boolean(keys[`${prefixKey}.${username}.refreshToken`]),
            responseType === 'code',
          );
          assert.equal(keys['amplify-signin-with-hostedUI'], 'true');

          // A reload: still signed in, nothing handled twice.
          await page.reload();
          await open(page, page.url(), problems);
          const again = await page.evaluate(() =>
            (window as never as { events: string[][] }).events.map(([e]) => e),
          );
          assert.ok(!again.includes('signIn') && !again.includes('signIn_failure'), again.join());
          assert.equal(
            await page.evaluate(async () =>
              (
                await (
                  window as never as { lib: typeof import('../../src/index.ts') }
                ).lib.Auth.currentAuthenticatedUser()
              ).getUsername(),
            ),
            username,
          );

          // Sign out: through the hosted UI's /logout and back to redirectSignOut, tokens gone.
          await page.evaluate(() => {
            void (
              window as never as { lib: typeof import('../../src/index.ts') }
            ).lib.Auth.signOut();
          });
          await page.waitForURL(`${appUrl}/${prefix}/signed-out`, { timeout: 15_000 });
          await page.waitForSelector('body[data-ready="true"]');
          const after = await stored(page);
          assert.equal(after[`${prefixKey}.LastAuthUser`], undefined);
          assert.equal(after[`${prefixKey}.${username}.idToken`], undefined);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });
    }

    test('v6 signInWithRedirect: hosted sign-in, back with signInWithRedirect, signedIn and customOAuthState', async () => {
      const back = `${appUrl}/${at('v6')}/`;
      configs.set(at('v6'), {
        Auth: {
          Cognito: {
            userPoolId: poolId,
            userPoolClientId: clientId,
            userPoolEndpoint: t.url,
            loginWith: {
              oauth: {
                domain: oauthDomain(),
                scopes: SCOPES,
                redirectSignIn: ['myapp://callback/', back],
                redirectSignOut: [`${back}signed-out`],
                responseType: 'code',
              },
            },
          },
        },
      });
      const { context, page, problems } = await newPage();
      try {
        await open(page, back, problems);
        await page.evaluate(() => {
          void (
            window as never as { lib: typeof import('../../src/index.ts') }
          ).lib.signInWithRedirect({
            customState: 'v6-state',
          });
        });
        // A slow token endpoint: getCurrentUser must wait for the exchange, not answer before it.
        await context.route(`https://${oauthDomain()}/oauth2/token`, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          await route.continue();
        });
        await signInOnHostedPage(page, back);
        await page.waitForSelector('body[data-ready="true"]');
        // Called as soon as the page is back: as in v6, it waits for the code exchange.
        const current = await page.evaluate(() =>
          (window as never as { lib: typeof import('../../src/index.ts') }).lib.getCurrentUser(),
        );
        assert.equal(current.username, username);
        const seen = await events(page, 'signedIn', problems);
        assert.deepEqual(
          seen.filter(([e]) => e !== 'configured'),
          [
            ['customOAuthState', 'v6-state'],
            ['signInWithRedirect', null],
            ['signedIn', { username }],
          ],
        );
        assert.equal(page.url(), back);
        const keys = await stored(page);
        const prefixKey = `CognitoIdentityServiceProvider.${clientId}`;
        assert.equal(keys[`${prefixKey}.oauthSignIn`], 'true,false');
        assert.equal(keys[`${prefixKey}.${username}.oauthMetadata`], '{"oauthSignIn":true}');
        for (const k of ['inflightOAuth', 'oauthState', 'oauthPKCE']) {
          assert.equal(keys[`${prefixKey}.${k}`], undefined, `${k} is cleared`);
        }
        await page.evaluate(() => {
          void (window as never as { lib: typeof import('../../src/index.ts') }).lib.signOut();
        });
        await page.waitForURL(`${back}signed-out`, { timeout: 15_000 });
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}
