// client_credentials with a resource server (openid-client as the client), and /logout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateResourceServerCommand,
  GetUserCommand,
  UpdateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
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
  createOAuthClient,
  createOAuthPool,
  hostedSessionCookie,
  OAUTH_CALLBACK,
  OAUTH_LOGOUT,
  type OAuthApp,
  tokenRequest,
} from '../support/oauth.ts';

const API = 'https://api.example.com';

describe('client_credentials and logout', () => {
  let t: TestServer;
  let app: OAuthApp;
  let machine: { clientId: string; clientSecret?: string };

  before(async () => {
    t = await startTestServer();
    app = await createOAuthPool(t);
    await t.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: app.poolId,
        Identifier: API,
        Name: 'api',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'read' },
          { ScopeName: 'write', ScopeDescription: 'write' },
        ],
      }),
    );
    machine = await createOAuthClient(t, app.poolId, {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [`${API}/read`, `${API}/write`],
      CallbackURLs: undefined,
      LogoutURLs: undefined,
    });
  });
  after(() => t.close());

  test('openid-client gets an access token for the client alone', async () => {
    const config = await oidc.discovery(
      new URL(app.issuer),
      machine.clientId,
      undefined,
      oidc.ClientSecretBasic(machine.clientSecret as string),
      { execute: [oidc.allowInsecureRequests] },
    );
    const tokens = await oidc.clientCredentialsGrant(config, { scope: `${API}/read` });
    assert.equal(tokens.id_token, undefined);
    assert.equal(tokens.refresh_token, undefined);
    const access = claims(tokens.access_token);
    assert.equal(access.sub, machine.clientId);
    assert.equal(access.client_id, machine.clientId);
    assert.equal(access.scope, `${API}/read`);
    assert.equal(access.token_use, 'access');
    assert.equal(access.username, undefined);
    assert.equal(access.iss, app.issuer);
    // A machine's token is no user's: the user-pool API refuses it.
    await rejects(
      t.anon.send(new GetUserCommand({ AccessToken: tokens.access_token })),
      'NotAuthorizedException',
    );
  });

  test('no scope asked: every custom scope of the client; client_secret_post works', async () => {
    const { status, body } = await tokenRequest(app.base, {
      grant_type: 'client_credentials',
      client_id: machine.clientId,
      client_secret: machine.clientSecret as string,
    });
    assert.equal(status, 200);
    assert.equal(claims(body.access_token as string).scope, `${API}/read ${API}/write`);
  });

  test('scopes outside the client, or not custom, are invalid_scope', async () => {
    for (const scope of ['openid', `${API}/admin`, 'https://other.example.com/read']) {
      const { status, body } = await tokenRequest(
        app.base,
        { grant_type: 'client_credentials', scope },
        { id: machine.clientId, secret: machine.clientSecret as string },
      );
      assert.equal(status, 400, scope);
      assert.equal(body.error, 'invalid_scope', scope);
    }
  });

  test('a machine client cannot use the code flow', async () => {
    const { res, location } = await authorize({ base: app.base, clientId: machine.clientId });
    assert.equal(res.status, 400);
    assert.equal(location, null);
  });

  test('/logout ends the hosted session and goes to a registered logout_uri only', async () => {
    const email = 'cat@example.com';
    await createConfirmed(t, app.poolId, email, { attributes: verifiedEmail(email) });
    const cookie = await hostedSessionCookie(t, app.poolId, email);
    const logout = (params: Record<string, string>) =>
      fetch(`${app.base}/logout?${new URLSearchParams(params)}`, {
        redirect: 'manual',
        headers: { cookie },
      });
    const bad = await logout({ client_id: app.clientId, logout_uri: 'https://evil.example.com/' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('location'), null);
    // The session survived the refused logout.
    assert.ok((await authorize(app, { cookie })).location?.startsWith(OAUTH_CALLBACK));

    const res = await logout({ client_id: app.clientId, logout_uri: OAUTH_LOGOUT });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), OAUTH_LOGOUT);
    assert.match(res.headers.get('set-cookie') ?? '', /session=;.*Max-Age=0/);
    // The old cookie no longer signs in: authorize goes to the sign-in page.
    assert.match((await authorize(app, { cookie })).location as string, /^\.\.\/login\?/);

    const again = await logout({
      client_id: app.clientId,
      redirect_uri: OAUTH_CALLBACK,
      response_type: 'code',
      state: 'st',
    });
    assert.equal(again.status, 302);
    const login = new URL(again.headers.get('location') as string, `${app.base}/logout`);
    assert.equal(login.pathname, `${new URL(app.base).pathname}/login`);
    assert.equal(login.searchParams.get('state'), 'st');
    const unregistered = await logout({
      client_id: app.clientId,
      redirect_uri: 'https://evil.example.com/',
      response_type: 'code',
    });
    assert.equal(unregistered.status, 400);
    assert.equal(unregistered.headers.get('location'), null);
  });

  test('a scope its resource server no longer has is granted to no one', async () => {
    await t.admin.send(
      new UpdateResourceServerCommand({
        UserPoolId: app.poolId,
        Identifier: API,
        Name: 'api',
        Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }],
      }),
    );
    const auth = { id: machine.clientId, secret: machine.clientSecret as string };
    const write = await tokenRequest(
      app.base,
      { grant_type: 'client_credentials', scope: `${API}/write` },
      auth,
    );
    assert.equal(write.status, 400);
    assert.equal(write.body.error, 'invalid_scope');
    const all = await tokenRequest(app.base, { grant_type: 'client_credentials' }, auth);
    assert.equal(all.status, 200);
    assert.equal(claims(all.body.access_token as string).scope, `${API}/read`);
  });
});
