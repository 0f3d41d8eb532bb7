// openid-client (v6) as the relying party against a pool's domain: discovery from the issuer,
// authorization code with PKCE through a hosted session, ID token validation, userInfo, refresh
// with the grant's scopes, revocation, and the access token's reach into the user-pool API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import {
  claims,
  createConfirmed,
  rejects,
  startTestServer,
  type TestServer,
  verifiedEmail,
} from '../support/index.ts';
import {
  authorize,
  createOAuthPool,
  hostedSessionCookie,
  OAUTH_CALLBACK,
  type OAuthApp,
} from '../support/oauth.ts';

const EMAIL = 'ann@example.com';

describe('openid-client against a pool domain', () => {
  let t: TestServer;
  let app: OAuthApp;
  let config: oidc.Configuration;
  let cookie: string;
  let sub: string;

  before(async () => {
    t = await startTestServer();
    app = await createOAuthPool(t);
    const created = await createConfirmed(t, app.poolId, EMAIL, {
      attributes: [...verifiedEmail(EMAIL), { Name: 'name', Value: 'Ann Example' }],
    });
    sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value as string;
    cookie = await hostedSessionCookie(t, app.poolId, EMAIL);
    config = await oidc.discovery(new URL(app.issuer), app.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
  });
  after(() => t.close());

  /** A full code + PKCE round, returning openid-client's token response. */
  async function signIn(scope: string) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: OAUTH_CALLBACK,
      scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const res = await fetch(url, { redirect: 'manual', headers: { cookie } });
    assert.equal(res.status, 302);
    const location = res.headers.get('location') as string;
    assert.ok(location.startsWith(`${OAUTH_CALLBACK}?`), location);
    const openid = scope.split(' ').includes('openid');
    return oidc.authorizationCodeGrant(config, new URL(location), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      // Without openid there is no ID token to carry the nonce.
      ...(openid && { expectedNonce: nonce }),
      idTokenExpected: openid,
    });
  }

  test('discovery lists the domain endpoints next to the issuer', () => {
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, app.issuer);
    assert.equal(meta.authorization_endpoint, `${app.base}/oauth2/authorize`);
    assert.equal(meta.token_endpoint, `${app.base}/oauth2/token`);
    assert.equal(meta.userinfo_endpoint, `${app.base}/oauth2/userInfo`);
    assert.equal(meta.revocation_endpoint, `${app.base}/oauth2/revoke`);
  });

  test('code + PKCE: validated ID token with nonce, scopes in the access token, userInfo', async () => {
    const tokens = await signIn('openid email profile aws.cognito.signin.user.admin');
    const id = tokens.claims();
    assert.ok(id);
    assert.equal(id.sub, sub);
    assert.equal(id.aud, app.clientId);
    assert.equal(id.email, EMAIL);
    assert.equal(id.email_verified, true);
    assert.equal(id['cognito:username'], sub);
    assert.equal(id.token_use, 'id');
    assert.ok(tokens.refresh_token);
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    const access = claims(tokens.access_token);
    assert.equal(access.scope, 'openid email profile aws.cognito.signin.user.admin');
    assert.equal(access.client_id, app.clientId);
    assert.equal(access.token_use, 'access');
    assert.equal(access.origin_jti, id.origin_jti);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    assert.equal(info.sub, sub);
    assert.equal(info.email, EMAIL);
    assert.equal(info.email_verified, 'true');
    assert.equal(info.name, 'Ann Example');
    assert.equal(info.username, sub);

    // With aws.cognito.signin.user.admin the access token serves the user-pool API.
    const user = await t.anon.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    assert.equal(user.Username, sub);
  });

  test('userInfo gives only what the scopes open', async () => {
    const tokens = await signIn('openid email');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    assert.deepEqual(Object.keys(info).sort(), ['email', 'email_verified', 'sub', 'username']);
  });

  test('an access token without aws.cognito.signin.user.admin cannot call GetUser', async () => {
    const tokens = await signIn('openid email');
    await rejects(
      t.anon.send(new GetUserCommand({ AccessToken: tokens.access_token })),
      'NotAuthorizedException',
      'Access Token does not have required scopes',
    );
  });

  test('no openid: no ID token, and userInfo refuses the access token', async () => {
    const tokens = await signIn('aws.cognito.signin.user.admin');
    assert.equal(tokens.id_token, undefined);
    const res = await fetch(`${app.base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /invalid_token/);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_token');
  });

  test('refresh keeps the scopes; revocation ends the refresh token and its access tokens', async () => {
    const tokens = await signIn('openid email');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    assert.equal(claims(refreshed.access_token).scope, 'openid email');
    assert.ok(refreshed.id_token);
    assert.equal(refreshed.claims()?.sub, sub);
    // userInfo over POST works too.
    const post = await fetch(`${app.base}/oauth2/userInfo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    assert.equal(post.status, 200);

    await oidc.tokenRevocation(config, tokens.refresh_token as string);
    await assert.rejects(
      oidc.refreshTokenGrant(config, tokens.refresh_token as string),
      (err: oidc.ResponseBodyError) => err.error === 'invalid_grant',
    );
    await assert.rejects(
      oidc.fetchUserInfo(config, refreshed.access_token, sub),
      (err: Error & { status?: number }) => err instanceof Error,
    );
  });

  test('a second authorize within the hosted session goes straight to the callback with state', async () => {
    const { res, location } = await authorize(app, {
      cookie,
      params: { state: 'xyz', scope: 'openid' },
    });
    assert.equal(res.status, 302);
    const callback = new URL(location as string);
    assert.equal(callback.searchParams.get('state'), 'xyz');
    assert.ok(callback.searchParams.get('code'));
  });

  test('implicit flow: tokens in the fragment, no refresh token', async () => {
    const { location } = await authorize(app, {
      cookie,
      params: { response_type: 'token', scope: 'openid email', state: 's1', nonce: 'n1' },
    });
    const url = new URL(location as string);
    assert.equal(url.search, '');
    const fragment = new URLSearchParams(url.hash.slice(1));
    assert.equal(fragment.get('state'), 's1');
    assert.equal(fragment.get('token_type'), 'Bearer');
    assert.equal(fragment.get('refresh_token'), null);
    assert.equal(claims(fragment.get('id_token') as string).nonce, 'n1');
    assert.equal(claims(fragment.get('access_token') as string).scope, 'openid email');
  });
});
