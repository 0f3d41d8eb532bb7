// The console's sign-in and sessions over real HTTP: the admin key pair is exchanged for an
// HttpOnly, SameSite=Strict cookie; wrong pairs are refused alike; sessions expire, are listed,
// revoked and ended by sign-out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../support/index.ts';
import { request, sessionCookieOf, signIn, signInAdmin } from './console-api.ts';

describe('console sign-in and sessions', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ config: { consoleSessionTtlSeconds: 600 } });
  });
  after(() => t.close());

  const keyId = () => t.server.accessKey.accessKeyId;
  const secret = () => t.server.accessKey.secret;

  test('the admin key pair opens a session: its cookie is HttpOnly, SameSite=Strict, Path=/console', async () => {
    const answer = await request(`${t.url}/console/api/session`, 'POST', {
      accessKeyId: keyId(),
      secretAccessKey: secret(),
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.accessKeyId, keyId());
    assert.match(answer.body.sessionId, /^[0-9a-f]{32}$/);
    assert.ok(answer.body.csrfToken.length >= 32);
    assert.ok(Date.parse(answer.body.expiresAt) > Date.now());
    const cookie = answer.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^cognate-console=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\/console(;|$)/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http: no Secure flag');
    assert.ok(!answer.text.includes(secret()), 'the answer never holds the secret');
    // The cookie alone tells who is signed in, with the same CSRF token.
    const who = await request(`${t.url}/console/api/session`, 'GET', undefined, {
      cookie: sessionCookieOf(answer),
    });
    assert.equal(who.status, 200);
    assert.equal(who.body.sessionId, answer.body.sessionId);
    assert.equal(who.body.csrfToken, answer.body.csrfToken);
    assert.equal(who.body.endpoint, t.url);
    assert.equal(who.body.region, 'us-east-1');
    assert.equal(who.body.outbox, true, 'loopback bind: the outbox is served');
    assert.equal(who.body.dev, false);
  });

  test('an unknown key and a wrong secret get the same 401 answer, and no cookie', async () => {
    const unknown = await request(`${t.url}/console/api/session`, 'POST', {
      accessKeyId: 'AKIANOSUCHKEY0000000',
      secretAccessKey: secret(),
    });
    const wrong = await request(`${t.url}/console/api/session`, 'POST', {
      accessKeyId: keyId(),
      secretAccessKey: `${secret()}x`,
    });
    for (const answer of [unknown, wrong]) {
      assert.equal(answer.status, 401);
      assert.equal(answer.body.__type, 'NotAuthorizedException');
      assert.equal(answer.headers.get('set-cookie'), null);
    }
    assert.equal(unknown.text, wrong.text);
    const missing = await request(`${t.url}/console/api/session`, 'POST', { accessKeyId: keyId() });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.__type, 'InvalidParameterException');
  });

  test('without a cookie, or with a made-up one, every API call is 401', async () => {
    for (const cookie of [undefined, 'cognate-console=forged-token-value']) {
      const headers: Record<string, string> = cookie ? { cookie } : {};
      for (const [method, path] of [
        ['GET', 'session'],
        ['GET', 'sessions'],
        ['GET', 'outbox'],
      ] as const) {
        const answer = await request(`${t.url}/console/api/${path}`, method, undefined, headers);
        assert.equal(answer.status, 401, `${method} ${path}`);
        assert.equal(answer.body.__type, 'NotAuthorizedException');
      }
    }
  });

  test('sessions are listed with the current one marked, and a revoked one is refused', async () => {
    const a = await signInAdmin(t);
    const b = await signInAdmin(t);
    const list = await a.call('GET', 'sessions');
    assert.equal(list.status, 200);
    const mine = list.body.sessions.find((s: { sessionId: string }) => s.sessionId === a.sessionId);
    const other = list.body.sessions.find(
      (s: { sessionId: string }) => s.sessionId === b.sessionId,
    );
    assert.equal(mine.current, true);
    assert.equal(other.current, false);
    assert.equal(other.accessKeyId, keyId());
    assert.equal(other.sourceIp, '127.0.0.1');
    assert.ok(other.userAgent, 'the user agent is kept');
    // Revoking needs the CSRF token…
    const noCsrf = await a.call('DELETE', `sessions/${b.sessionId}`, undefined, { csrf: null });
    assert.equal(noCsrf.status, 403);
    assert.equal((await b.call('GET', 'session')).status, 200, 'b still signed in');
    // …and with it b is gone.
    assert.equal((await a.call('DELETE', `sessions/${b.sessionId}`)).status, 204);
    const refused = await b.call('GET', 'session');
    assert.equal(refused.status, 401);
    const after = await a.call('GET', 'sessions');
    assert.ok(!after.body.sessions.some((s: { sessionId: string }) => s.sessionId === b.sessionId));
    assert.equal((await a.call('DELETE', 'sessions/0123456789abcdef0123456789abcdef')).status, 400);
  });

  test('sign-out ends the session and clears the cookie', async () => {
    const s = await signInAdmin(t);
    const out = await s.call('DELETE', 'session');
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^cognate-console=;.*Max-Age=0/);
    assert.equal((await s.call('GET', 'session')).status, 401);
    assert.equal((await s.idp('ListUserPools', { MaxResults: 10 })).status, 401);
  });

  test('a session unused for longer than its lifetime is refused; use extends it', async () => {
    const s = await signInAdmin(t);
    t.clock.advance(400_000);
    assert.equal((await s.call('GET', 'session')).status, 200, 'used within its 600 s');
    t.clock.advance(400_000);
    assert.equal((await s.call('GET', 'session')).status, 200, 'the use above extended it');
    t.clock.advance(601_000);
    const expired = await s.call('GET', 'session');
    assert.equal(expired.status, 401);
    assert.equal(expired.body.__type, 'NotAuthorizedException');
    assert.equal((await s.idp('ListUserPools', { MaxResults: 10 })).status, 401);
  });

  test('however often it is used, a session ends 8 hours after sign-in', async () => {
    const s = await signInAdmin(t);
    // A call every 500 s keeps it from idling out (600 s); 8 h is 57.6 such steps.
    for (let i = 1; i <= 58; i++) {
      t.clock.advance(500_000);
      const answer = await s.call('GET', 'session');
      assert.equal(answer.status, i <= 57 ? 200 : 401, `after ${i * 500} s`);
    }
  });

  test('a key that is not the admin key is refused even with its own secret shape', async () => {
    await assert.rejects(() => signIn(t.url, 'none', 'none'));
  });
});
