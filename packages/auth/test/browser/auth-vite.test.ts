// @cognate/auth in a real browser: the example app (examples/auth-vite), built with Vite against a
// real Cognate server, driven in Debian's chromium through playwright-core. The user signs up,
// confirms with the code from the dev outbox, signs in, reloads the page and is still signed in,
// then signs out and is gone: once with localStorage, once with cookie storage (?storage=cookie).
//
// Chromium: /usr/bin/chromium (env CHROMIUM_PATH for another). Without it the test fails under CI
// (env CI set; .ci/run installs Debian's package) and is skipped, saying so, elsewhere.
// Env COGNATE_BROWSER_LIB=aws-amplify-v5 runs the same scenario with aws-amplify v5's `Auth` in
// place of @cognate/auth (the same API), to check the scenario itself. Env
// COGNATE_BROWSER_SCREENSHOTS=<folder> saves a screenshot of each signed-in page there.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD, startTestServer, type TestServer, unique } from '@cognate/server/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const exampleDir = path.resolve(here, '../../../../examples/auth-vite');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const library = process.env.COGNATE_BROWSER_LIB || '@cognate/auth';

const MISSING = `chromium is not installed at ${chromiumPath} (Debian: apt-get install -y --no-install-recommends chromium; or set CHROMIUM_PATH)`;
if (!haveChromium && process.env.CI) {
  test('chromium is installed for the browser tests', () => {
    assert.fail(`${MISSING}; CI must install it (.ci/run does)`);
  });
} else if (!haveChromium) {
  console.log(`# auth-vite browser test skipped: ${MISSING}`);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves a built app from `dir` on 127.0.0.1 (the query string is the page's business). */
async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      file = path.join(dir, 'index.html');
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Builds the example with Vite's JS API, configured (through an env file) for `t`. */
async function buildExample(t: TestServer, outDir: string, envDir: string) {
  const defaults = t.server.defaults;
  assert.ok(defaults, 'the test server seeds its default pool and client');
  writeFileSync(
    path.join(envDir, '.env.production.local'),
    [
      `VITE_COGNATE_ENDPOINT=${t.url}`,
      'VITE_COGNATE_REGION=us-east-1',
      `VITE_COGNATE_USER_POOL_ID=${defaults.pool.id}`,
      `VITE_COGNATE_CLIENT_ID=${defaults.client.id}`,
      '',
    ].join('\n'),
  );
  await build({
    root: exampleDir,
    configFile: path.join(exampleDir, 'vite.config.ts'),
    mode: 'production',
    envDir,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: false },
    ...(library === '@cognate/auth'
      ? {}
      : {
          // Amplify v5 expects a Node-like `global`.
          define: { global: 'globalThis' },
          resolve: { alias: { '@cognate/auth': library } },
        }),
  });
}

/** The page's state as the user sees it. */
async function shown(page: Page) {
  return page.evaluate(() => ({
    user: document.querySelector('#user')?.textContent ?? '',
    state: (document.querySelector('#user') as HTMLElement | null)?.dataset.state ?? '',
    status: document.querySelector('#status')?.textContent ?? '',
  }));
}

describe(`the auth-vite example in chromium (${library})`, {
  skip: haveChromium ? false : MISSING,
  timeout: 180_000,
}, () => {
  let t: TestServer;
  let browser: Browser;
  let app: { url: string; server: Server };
  let work: string;
  let clientId: string;

  before(async () => {
    t = await startTestServer();
    clientId = t.server.defaults?.client.id as string;
    work = mkdtempSync(path.join(tmpdir(), 'cognate-auth-vite-'));
    const outDir = path.join(work, 'dist');
    await buildExample(t, outDir, work);
    app = await serveStatic(outDir);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (app ? app.server.close(() => resolve()) : resolve()));
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A page of the app in a fresh context, with the page's errors collected for messages. */
  async function open(context: BrowserContext, query: string) {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    await page.goto(`${app.url}/${query}`);
    await ready(page, problems);
    return { page, problems };
  }

  async function ready(page: Page, problems: string[]) {
    try {
      await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    } catch (err) {
      throw new Error(`the app did not start: ${problems.join('\n') || (err as Error).message}`);
    }
  }

  /** Submits form `form` with `values` and waits for the outcome in the status line. */
  async function submit(
    page: Page,
    problems: string[],
    form: string,
    values: Record<string, string>,
    expected: string,
  ) {
    for (const [name, value] of Object.entries(values)) {
      await page.fill(`${form} input[name=${name}]`, value);
    }
    await page.click(`${form} button[type=submit]`);
    await settle(page, problems, expected);
  }

  /** Waits until the status line stops saying "…", and checks it starts with `expected`. */
  async function settle(page: Page, problems: string[], expected: string) {
    await page
      .waitForFunction(
        () => {
          const text = document.querySelector('#status')?.textContent ?? '';
          return text !== '' && text !== '…';
        },
        undefined,
        { timeout: 20_000 },
      )
      .catch(() => {});
    const { status } = await shown(page);
    assert.ok(
      status.startsWith(expected),
      `expected "${expected}…", the page says "${status}"${problems.length ? `\n${problems.join('\n')}` : ''}`,
    );
  }

  /** Session entries, by Amplify's key names, in localStorage and in the context's cookies. */
  async function stored(context: BrowserContext, page: Page) {
    const prefix = `CognitoIdentityServiceProvider.${clientId}.`;
    const local: Record<string, string> = await page.evaluate(
      (p) =>
        Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith(p))) as Record<
          string,
          string
        >,
      prefix,
    );
    const cookies = (await context.cookies(app.url)).filter((c) =>
      decodeURIComponent(c.name).startsWith(prefix),
    );
    return { prefix, local, cookies };
  }

  for (const mode of ['localStorage', 'cookie'] as const) {
    test(`sign up, confirm, sign in, reload, sign out with ${mode} storage`, async () => {
      const context = await browser.newContext();
      try {
        const query = mode === 'cookie' ? '?storage=cookie' : '';
        const { page, problems } = await open(context, query);
        assert.equal(
          await page.textContent('#storage'),
          mode === 'cookie' ? 'cookies' : 'localStorage',
        );
        assert.deepEqual((await shown(page)).state, 'signed-out');

        const email = `${unique(mode)}@example.com`;
        await submit(
          page,
          problems,
          '#sign-up',
          { email, password: PASSWORD },
          `Signed up ${email}`,
        );
        const message = await t.outbox(email);
        assert.match(message?.code ?? '', /^\d{6}$/, 'the dev outbox has the confirmation code');
        await submit(
          page,
          problems,
          '#confirm',
          { code: message?.code as string },
          `Confirmed ${email}`,
        );
        await submit(
          page,
          problems,
          '#sign-in',
          { email, password: PASSWORD },
          `Signed in ${email}`,
        );
        assert.deepEqual(await shown(page), {
          user: email,
          state: 'signed-in',
          status: `Signed in ${email}.`,
        });

        const shots = process.env.COGNATE_BROWSER_SCREENSHOTS;
        if (shots) await page.screenshot({ path: path.join(shots, `auth-vite-${mode}.png`) });

        // The session is where the mode puts it, under Amplify's keys, and only there.
        const signedIn = await stored(context, page);
        const inStore =
          mode === 'cookie'
            ? Object.fromEntries(
                signedIn.cookies.map((c) => [
                  decodeURIComponent(c.name),
                  decodeURIComponent(c.value),
                ]),
              )
            : signedIn.local;
        const lastUser = inStore[`${signedIn.prefix}LastAuthUser`];
        assert.ok(lastUser, `LastAuthUser is stored (${mode}): ${Object.keys(inStore).join(', ')}`);
        for (const token of ['idToken', 'accessToken', 'refreshToken']) {
          assert.ok(inStore[`${signedIn.prefix}${lastUser}.${token}`], `${token} is stored`);
        }
        if (mode === 'cookie') {
          assert.deepEqual(
            Object.keys(signedIn.local),
            [],
            'nothing of the session in localStorage',
          );
          for (const c of signedIn.cookies) {
            assert.equal(c.domain.replace(/^\./, ''), '127.0.0.1');
            assert.equal(c.path, '/');
            assert.equal(c.sameSite, 'Strict');
            assert.ok(c.expires > Date.now() / 1000 + 6 * 86400, 'the cookie lasts 7 days');
          }
        } else {
          assert.deepEqual(signedIn.cookies, [], 'no session cookies');
        }
        // The stored access token is a live session on the server.
        const accessToken = inStore[`${signedIn.prefix}${lastUser}.accessToken`];
        const me = await t.anon.send(new GetUserCommand({ AccessToken: accessToken }));
        assert.equal(me.UserAttributes?.find((a) => a.Name === 'email')?.Value, email);

        // A reload keeps the user signed in, from storage alone.
        await page.reload();
        await ready(page, problems);
        assert.deepEqual((await shown(page)).user, email);
        assert.equal((await shown(page)).state, 'signed-in');
        await page.click('#show-user');
        await settle(page, problems, 'Current user shown.');
        assert.match((await page.textContent('#session')) ?? '', new RegExp(`"email": "${email}"`));

        // Sign out: the page, the storage and a reload all say nobody.
        await page.click('#sign-out');
        await settle(page, problems, 'Signed out.');
        assert.equal((await shown(page)).state, 'signed-out');
        const signedOut = await stored(context, page);
        for (const token of ['idToken', 'accessToken', 'refreshToken']) {
          const key = `${signedOut.prefix}${lastUser}.${token}`;
          assert.equal(signedOut.local[key], undefined, `${token} left localStorage`);
          assert.ok(
            !signedOut.cookies.some((c) => decodeURIComponent(c.name) === key),
            `${token} cookie removed`,
          );
        }
        await page.reload();
        await ready(page, problems);
        assert.equal((await shown(page)).state, 'signed-out');
        assert.deepEqual(problems, [], 'the page logged no errors');
      } finally {
        await context.close();
      }
    });
  }
});
