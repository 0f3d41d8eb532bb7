// Bad input at /oauth2/authorize and /oauth2/token: each refused with the right OAuth error,
// never a redirect to an unregistered URI, and no tokens or grants created.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  advanceClock,
  createConfirmed,
  startTestServer,
  type TestServer,
  verifiedEmail,
} from '../support/index.ts';
import {
  authorizationCode,
  authorize,
  createOAuthClient,
  createOAuthPool,
  hostedSessionCookie,
  OAUTH_CALLBACK,
  type OAuthApp,
  pkcePair,
  tokenRequest,
} from '../support/oauth.ts';

const EMAIL = 'bob@example.com';

describe('OAuth endpoints refuse bad input', () => {
  let t: TestServer;
  let app: OAuthApp;
  let cookie: string;

  before(async () => {
    t = await startTestServer();
    app = await createOAuthPool(t);
    await createConfirmed(t, app.poolId, EMAIL, { attributes: verifiedEmail(EMAIL) });
    cookie = await hostedSessionCookie(t, app.poolId, EMAIL);
  });
  after(() => t.close());

  /** Refresh grants stored for the pool (each successful redemption makes one). */
  async function grants(): Promise<number> {
    const row = await t.server.db
      .selectFrom('refresh_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_pool_id', '=', app.poolId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A code with a PKCE S256 challenge, and its verifier. */
  async function pkceCode() {
    const { verifier, challenge } = pkcePair();
    const { code } = await authorizationCode(app, cookie, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    return { code, verifier };
  }

  function redeem(code: string, extra: Record<string, string> = {}) {
    return tokenRequest(app.base, {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      code,
      redirect_uri: OAUTH_CALLBACK,
      ...extra,
    });
  }

  async function assertErrorPage(res: Response, location: string | null) {
    assert.equal(res.status, 400);
    assert.equal(location, null);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.doesNotMatch(html, /<form/i);
  }

  test('unregistered redirect URIs get an error page, never a redirect', async () => {
    for (const redirect_uri of [
      'https://evil.example.com/callback',
      `${OAUTH_CALLBACK}/`,
      OAUTH_CALLBACK.toUpperCase(),
      `${OAUTH_CALLBACK}?x=1`,
      'http://localhost:3000',
    ]) {
      const { res, location } = await authorize(app, { cookie, params: { redirect_uri } });
      await assertErrorPage(res, location);
    }
  });

  test('an unknown client, a client without OAuth, a repeated redirect_uri: error page', async () => {
    const plain = await createOAuthClient(t, app.poolId, {
      AllowedOAuthFlowsUserPoolClient: false,
    });
    for (const clientId of ['nosuchclient1234567890', plain.clientId]) {
      const { res, location } = await authorize({ base: app.base, clientId }, { cookie });
      await assertErrorPage(res, location);
    }
    const url = `${app.base}/oauth2/authorize?client_id=${app.clientId}&response_type=code&redirect_uri=${encodeURIComponent(OAUTH_CALLBACK)}&redirect_uri=${encodeURIComponent('https://evil.example.com/')}`;
    const res = await fetch(url, { redirect: 'manual' });
    await assertErrorPage(res, res.headers.get('location'));
  });

  test('an http callback registered for a public host is refused at authorize', async () => {
    const insecure = await createOAuthClient(t, app.poolId, {
      CallbackURLs: ['http://app.example.com/callback'],
    });
    const { res, location } = await authorize(
      { base: app.base, clientId: insecure.clientId },
      { cookie, params: { redirect_uri: 'http://app.example.com/callback' } },
    );
    await assertErrorPage(res, location);
  });

  test('errors after the redirect URI is known go back to it with state', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ scope: 'openid https://api.example.com/admin' }, 'invalid_scope'],
      [{ scope: 'email' }, 'invalid_scope'],
      [{ response_type: 'id_token' }, 'unsupported_response_type'],
      [{ code_challenge: 'short', code_challenge_method: 'S256' }, 'invalid_request'],
      [{ code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' }, 'invalid_request'],
      [{ prompt: 'none login' }, 'invalid_request'],
      [{ identity_provider: 'Facebook' }, 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const { res, location } = await authorize(app, { params: { ...params, state: 'st' } });
      assert.equal(res.status, 302, JSON.stringify(params));
      const url = new URL(location as string);
      assert.equal(`${url.origin}${url.pathname}`, OAUTH_CALLBACK);
      assert.equal(url.searchParams.get('error'), error, JSON.stringify(params));
      assert.equal(url.searchParams.get('state'), 'st');
      assert.equal(url.searchParams.get('code'), null);
    }
  });

  test('a flow the client does not allow is unauthorized_client', async () => {
    const codeOnly = await createOAuthClient(t, app.poolId, { AllowedOAuthFlows: ['code'] });
    const { location } = await authorize(
      { base: app.base, clientId: codeOnly.clientId },
      { cookie, params: { response_type: 'token' } },
    );
    assert.equal(new URL(location as string).hash, '#error=unauthorized_client');
  });

  test('oversized parameters are refused, and an oversized state is not echoed', async () => {
    const { location } = await authorize(app, { cookie, params: { state: 's'.repeat(3000) } });
    const url = new URL(location as string);
    assert.equal(url.searchParams.get('error'), 'invalid_request');
    assert.equal(url.searchParams.get('state'), null);
    const long = await authorize(app, {
      cookie,
      params: { redirect_uri: `${OAUTH_CALLBACK}?${'x'.repeat(2000)}` },
    });
    await assertErrorPage(long.res, long.location);
    const before = await grants();
    const { status, body } = await redeem('c'.repeat(5000));
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_request');
    assert.equal(await grants(), before);
  });

  test('without a hosted session: the sign-in page, or login_required for prompt=none', async () => {
    const toLogin = await authorize(app, { params: { state: 'a b', scope: 'openid email' } });
    assert.equal(toLogin.res.status, 302);
    const login = new URL(toLogin.location as string, `${app.base}/oauth2/authorize`);
    assert.equal(login.pathname, `${new URL(app.base).pathname}/login`);
    assert.equal(login.searchParams.get('client_id'), app.clientId);
    assert.equal(login.searchParams.get('state'), 'a b');
    assert.equal(login.searchParams.get('scope'), 'openid email');
    const none = await authorize(app, { params: { prompt: 'none', state: 'q' } });
    const url = new URL(none.location as string);
    assert.equal(url.searchParams.get('error'), 'login_required');
    assert.equal(url.searchParams.get('state'), 'q');
    // prompt=login ignores the session.
    const again = await authorize(app, { cookie, params: { prompt: 'login' } });
    assert.match(again.location as string, /^\.\.\/login\?/);
  });

  test('a replayed code is invalid_grant and revokes what the first redemption issued', async () => {
    const { code, verifier } = await pkceCode();
    const first = await redeem(code, { code_verifier: verifier });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const second = await redeem(code, { code_verifier: verifier });
    assert.equal(second.status, 400);
    assert.equal(second.body.error, 'invalid_grant');
    const refresh = await tokenRequest(app.base, {
      grant_type: 'refresh_token',
      client_id: app.clientId,
      refresh_token: first.body.refresh_token as string,
    });
    assert.equal(refresh.body.error, 'invalid_grant');
  });

  test('parallel redemptions of one code: exactly one gets tokens', async () => {
    const { code, verifier } = await pkceCode();
    const before = await grants();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => redeem(code, { code_verifier: verifier })),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(
      results.filter((r) => r.status !== 200).every((r) => r.body.error === 'invalid_grant'),
    );
    assert.equal(await grants(), before + 1);
  });

  test('an expired code is invalid_grant', async () => {
    const { code, verifier } = await pkceCode();
    advanceClock(t, 5 * 60 * 1000 + 1000);
    const before = await grants();
    const { status, body } = await redeem(code, { code_verifier: verifier });
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_grant');
    assert.equal(await grants(), before);
  });

  test('a wrong or missing code_verifier, another redirect_uri or client: invalid_grant, code kept', async () => {
    const { code, verifier } = await pkceCode();
    const other = await createOAuthClient(t, app.poolId);
    const before = await grants();
    const attempts: Record<string, string>[] = [
      { code_verifier: pkcePair().verifier },
      {},
      { code_verifier: verifier, redirect_uri: 'myapp://callback' },
      { code_verifier: verifier, client_id: other.clientId },
    ];
    for (const extra of attempts) {
      const { status, body } = await redeem(code, extra);
      assert.equal(status, 400, JSON.stringify(extra));
      assert.equal(body.error, 'invalid_grant', JSON.stringify(extra));
    }
    assert.equal(await grants(), before);
    const ok = await redeem(code, { code_verifier: verifier });
    assert.equal(ok.status, 200);
  });

  test('plain PKCE works; a verifier for a code made without a challenge is refused', async () => {
    const verifier = pkcePair().verifier;
    const { code } = await authorizationCode(app, cookie, {
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    assert.equal((await redeem(code, { code_verifier: verifier })).status, 200);
    const bare = await authorizationCode(app, cookie);
    const { body } = await redeem(bare.code, { code_verifier: verifier });
    assert.equal(body.error, 'invalid_grant');
  });

  test('client authentication: wrong secret, missing secret, both methods', async () => {
    const confidential = await createOAuthClient(t, app.poolId, { GenerateSecret: true });
    const { code } = await authorizationCode(
      { base: app.base, clientId: confidential.clientId },
      cookie,
    );
    const params = { grant_type: 'authorization_code', code, redirect_uri: OAUTH_CALLBACK };
    const basic = await tokenRequest(app.base, params, {
      id: confidential.clientId,
      secret: 'wrong',
    });
    assert.equal(basic.status, 401);
    assert.equal(basic.body.error, 'invalid_client');
    assert.match(basic.headers.get('www-authenticate') ?? '', /^Basic/);
    const post = await tokenRequest(app.base, {
      ...params,
      client_id: confidential.clientId,
      client_secret: 'wrong',
    });
    assert.equal(post.body.error, 'invalid_client');
    const missing = await tokenRequest(app.base, { ...params, client_id: confidential.clientId });
    assert.equal(missing.body.error, 'invalid_client');
    const both = await tokenRequest(
      app.base,
      { ...params, client_secret: confidential.clientSecret as string },
      { id: confidential.clientId, secret: confidential.clientSecret as string },
    );
    assert.equal(both.body.error, 'invalid_request');
    const unknown = await tokenRequest(app.base, { ...params, client_id: 'nosuchclient' });
    assert.equal(unknown.body.error, 'invalid_client');
    // The right secret, by Basic, still redeems the code.
    const ok = await tokenRequest(app.base, params, {
      id: confidential.clientId,
      secret: confidential.clientSecret as string,
    });
    assert.equal(ok.status, 200);
    assert.ok(ok.body.id_token);
  });

  test('unsupported grant types and missing parameters', async () => {
    const password = await tokenRequest(app.base, {
      grant_type: 'password',
      client_id: app.clientId,
      username: EMAIL,
      password: 'x',
    });
    assert.equal(password.status, 400);
    assert.equal(password.body.error, 'unsupported_grant_type');
    const none = await tokenRequest(app.base, { client_id: app.clientId });
    assert.equal(none.body.error, 'invalid_request');
    const noCode = await tokenRequest(app.base, {
      grant_type: 'authorization_code',
      client_id: app.clientId,
    });
    assert.equal(noCode.body.error, 'invalid_request');
    const json = await fetch(`${app.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');
    const publicCc = await tokenRequest(app.base, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
    });
    assert.equal(publicCc.body.error, 'unauthorized_client');
  });
});
