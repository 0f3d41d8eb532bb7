// The hosted pages without JavaScript: plain GETs and form POSTs, as a browser with scripts off
// (or a screen reader's browser) sends them. Each test goes through the real server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import {
  createConfirmed,
  createWithTemporaryPassword,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
  verifiedEmail,
} from '../support/index.ts';
import { createOAuthPool, OAUTH_CALLBACK, type OAuthApp } from '../support/oauth.ts';
import { FormClient, formsOf, type PageResponse } from './form-client.ts';

let t: TestServer;
let app: OAuthApp;
/** A pool with plain usernames (no username attributes). */
let plain: OAuthApp;

before(async () => {
  t = await startTestServer();
  app = await createOAuthPool(t);
  plain = await createOAuthPool(t, { pool: { UsernameAttributes: undefined } });
});
after(() => t.close());

function pageUrl(a: OAuthApp, page: string, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: a.clientId,
    redirect_uri: OAUTH_CALLBACK,
    response_type: 'code',
    scope: 'openid email',
    state: 'st-1',
    ...extra,
  });
  return `${a.base}/${page}?${q}`;
}

/** The callback's code (and state) once the sign-in redirected there. */
function callbackCode(res: PageResponse): string {
  assert.equal(
    res.status,
    302,
    `expected a redirect, got ${res.status}: ${res.body.slice(0, 500)}`,
  );
  assert.ok(res.location?.startsWith(`${OAUTH_CALLBACK}?`), `redirected to ${res.location}`);
  const url = new URL(res.location as string);
  assert.equal(url.searchParams.get('state'), 'st-1');
  const code = url.searchParams.get('code');
  assert.ok(code);
  return code;
}

/** The labels of the page's visible fields, in order. */
function labels(body: string): string[] {
  return [...body.matchAll(/<label class="label-customizable" for="[^"]*">([^<]*)<\/label>/g)].map(
    (m) => m[1],
  );
}

test('the sign-in page: Username (or Email) and Password, Sign in, Sign up, security headers', async () => {
  const c = new FormClient();
  const res = await c.get(pageUrl(plain, 'login'));
  assert.equal(res.status, 200);
  assert.deepEqual(labels(res.body), ['Username', 'Password']);
  assert.match(res.body, />Sign in<\/button>/);
  assert.match(res.body, /<a class="redirect-customizable" href="signup\?[^"]*">Sign up<\/a>/);
  assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.doesNotMatch(res.headers.get('content-security-policy') ?? '', /script-src|unsafe-inline/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.ok(c.cookies.has(`cognate-${plain.poolId}-csrf`), 'the csrf cookie is set');
  const setCookie = res.headers.getSetCookie().join('\n');
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.match(setCookie, new RegExp(`Path=/domains/${plain.domain}`));

  const email = await c.get(pageUrl(app, 'login'));
  assert.deepEqual(labels(email.body), ['Email', 'Password']);
});

test('an unknown client_id or an unregistered redirect_uri gets an error page with no form', async () => {
  const c = new FormClient();
  for (const url of [
    pageUrl(app, 'login', { client_id: 'nosuchclient0000000000000' }),
    pageUrl(app, 'login', { redirect_uri: 'https://evil.example/cb' }),
    pageUrl(app, 'signup', { redirect_uri: 'https://evil.example/cb' }),
  ]) {
    const res = await c.get(url);
    assert.equal(res.status, 400, url);
    assert.equal(res.location, null);
    assert.doesNotMatch(res.body, /<form|<input/);
    assert.doesNotMatch(res.body, /evil\.example/);
    assert.match(res.body, /role="alert"/);
  }
});

test('sign-up with plain usernames (Username, Email, Password), the code from the outbox, then the callback', async () => {
  const c = new FormClient();
  const page = await c.get(pageUrl(plain, 'signup'));
  assert.deepEqual(labels(page.body), ['Username', 'Email', 'Password']);
  const username = unique('hosted');
  const email = `${username}@example.com`;
  const res = await c.submit(page, { username, email, password: PASSWORD });
  assert.equal(res.status, 303, res.body.slice(0, 500));
  const confirm = await c.follow(res, plain.base);
  assert.deepEqual(labels(confirm.body), ['Code']);
  assert.match(confirm.body, />Confirm<\/button>/);
  const wrong = await c.submit(confirm, { code: '000000' });
  assert.equal(wrong.status, 200);
  assert.match(wrong.body, /Invalid code provided/);
  const message = await t.outbox(email);
  assert.ok(message?.code);
  const done = await c.submit(wrong, { code: message.code });
  callbackCode(done);
  assert.ok(c.cookies.has(`cognate-${plain.poolId}-session`), 'the hosted session started');

  // Within the hosted session, the sign-in page goes straight to the callback.
  callbackCode(await c.get(pageUrl(plain, 'login')));
});

test("a wrong password shows the form again with Cognito's message; the right one reaches the callback", async () => {
  const username = unique('ann');
  await createConfirmed(t, plain.poolId, username, {
    attributes: verifiedEmail(`${username}@example.com`),
  });
  const c = new FormClient();
  const page = await c.get(pageUrl(plain, 'login'));
  const wrong = await c.submit(page, { username, password: 'Wrong-passw0rd' });
  assert.equal(wrong.status, 200);
  assert.match(wrong.body, /role="alert">Incorrect username or password\.</);
  assert.deepEqual(labels(wrong.body), ['Username', 'Password']);
  const unknown = await c.submit(wrong, { username: unique('nobody'), password: PASSWORD });
  assert.match(unknown.body, /Incorrect username or password\./);
  callbackCode(await c.submit(unknown, { username, password: PASSWORD }));
});

test("a POST without the CSRF token (or with another browser's) is refused and signs nobody in", async () => {
  const username = unique('csrf');
  await createConfirmed(t, plain.poolId, username);
  const c = new FormClient();
  await c.get(pageUrl(plain, 'login'));
  const post = (body: Record<string, string>) =>
    c.request(pageUrl(plain, 'login'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
  const none = await post({ username, password: PASSWORD });
  assert.equal(none.status, 403);
  assert.doesNotMatch(none.body, /<form/);
  const other = new FormClient();
  const otherPage = await other.get(pageUrl(plain, 'login'));
  const stolen = formsOf(otherPage.body)[0].hidden._csrf;
  const forged = await post({ username, password: PASSWORD, _csrf: stolen });
  assert.equal(forged.status, 403);
  assert.ok(!c.cookies.has(`cognate-${plain.poolId}-session`));
});

test('forgot password: the code from the outbox and a new password, then sign in with it', async () => {
  const username = unique('forgot');
  const email = `${username}@example.com`;
  await createConfirmed(t, plain.poolId, username, { attributes: verifiedEmail(email) });
  const c = new FormClient();
  const page = await c.get(pageUrl(plain, 'forgotPassword'));
  assert.deepEqual(labels(page.body), ['Username']);
  const sent = await c.follow(await c.submit(page, { username }), plain.base);
  assert.deepEqual(labels(sent.body), ['Code', 'New password']);
  const code = (await t.outbox(email))?.code;
  assert.ok(code);
  const login = await c.follow(
    await c.submit(sent, { code, password: 'N3w-Passw0rd!' }),
    plain.base,
  );
  assert.match(login.body, /Your password has been changed/);
  callbackCode(await c.submit(login, { username, password: 'N3w-Passw0rd!' }));
});

test('a temporary password asks for a new one, then reaches the callback', async () => {
  const username = unique('temp');
  await createWithTemporaryPassword(t, plain.poolId, username);
  const c = new FormClient();
  const page = await c.get(pageUrl(plain, 'login'));
  const next = await c.follow(
    await c.submit(page, { username, password: 'Temp0rary!' }),
    plain.base,
  );
  assert.deepEqual(labels(next.body), ['New password']);
  callbackCode(await c.submit(next, { password: 'Chosen-Passw0rd!' }));
});

test('MFA required: authenticator setup with a QR code, then a TOTP sign-in', async () => {
  const mfa = await createOAuthPool(t, { pool: { UsernameAttributes: undefined } });
  await t.admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: mfa.poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const username = unique('totp');
  await createConfirmed(t, mfa.poolId, username);
  t.clock.freeze();
  try {
    const c = new FormClient();
    const page = await c.get(pageUrl(mfa, 'login'));
    const setup = await c.follow(await c.submit(page, { username, password: PASSWORD }), mfa.base);
    assert.match(setup.body, /<svg role="img" aria-label="QR image/);
    const secret = /<code class="secret"[^>]*>([A-Z2-7]+)<\/code>/.exec(setup.body)?.[1];
    assert.ok(secret, 'the secret is shown as text');
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    const bad = await c.submit(setup, {
      code: '000000' === totp.generate({ timestamp: t.clock.now() }) ? '111111' : '000000',
    });
    assert.match(bad.body, /role="alert"/);
    callbackCode(await c.submit(bad, { code: totp.generate({ timestamp: t.clock.now() }) }));

    // The next sign-in (another browser) asks for the authenticator's code.
    t.clock.advance(30_000);
    const d = new FormClient();
    const login = await d.get(pageUrl(mfa, 'login'));
    const ask = await d.follow(await d.submit(login, { username, password: PASSWORD }), mfa.base);
    assert.deepEqual(labels(ask.body), ['Code']);
    assert.match(ask.body, /authenticator app/);
    callbackCode(await d.submit(ask, { code: totp.generate({ timestamp: t.clock.now() }) }));
  } finally {
    t.clock.thaw();
  }
});
