// Sign-in through an upstream OpenID Connect provider (node-oidc-provider, started here) and
// through the Google preset pointed at the same provider by `providerEndpoints`:
// /oauth2/authorize?identity_provider=X → the provider → /oauth2/idpresponse → the app's
// callback with a code → tokens carrying `identities`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import {
  attrMap,
  createConfirmed,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import {
  authorize,
  createOAuthPool,
  OAUTH_CALLBACK,
  OAUTH_CLIENT,
  type OAuthApp,
  pkcePair,
  tokenRequest,
} from '../support/oauth.ts';
import { Browser, startOidcProvider, type TestOidcProvider } from './oidc-upstream.ts';

let t: TestServer;
let upstream: TestOidcProvider;
let app: OAuthApp;
let functionsDir: string;
const OIDC = 'Upstream';
const OIDC_CLIENT = { client_id: 'cognate-oidc', client_secret: 'upstream-secret-1' };
const GOOGLE_CLIENT = { client_id: 'cognate-google', client_secret: 'google-secret-1' };

// A PreSignUp function that records each event and refuses users from blocked.example.
const PRE_SIGN_UP = `
import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(new URL('./events.log', import.meta.url), JSON.stringify(event) + '\\n');
  if ((event.request.userAttributes.email ?? '').endsWith('@blocked.example')) {
    throw new Error('blocked');
  }
  return event;
};
`;

function preSignUpEvents(): { triggerSource: string; userName: string }[] {
  try {
    return readFileSync(path.join(functionsDir, 'events.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

before(async () => {
  // The provider's redirect URIs need the server's port, and the server's providerEndpoints
  // the provider's: the provider listens first and learns its clients last.
  functionsDir = mkdtempSync(path.join(tmpdir(), 'cognate-federation-'));
  writeFileSync(path.join(functionsDir, 'preSignUp.mjs'), PRE_SIGN_UP);
  const domain = unique('fed');
  upstream = await startOidcProvider();
  const issuer = upstream.issuer;
  t = await startTestServer({
    config: {
      functionsDir,
      providerEndpoints: {
        Google: {
          authorize_url: `${issuer}/auth`,
          token_url: `${issuer}/token`,
          attributes_url: `${issuer}/me`,
          jwks_uri: `${issuer}/jwks`,
          issuer,
        },
      },
    },
  });
  const redirect_uris = [`${t.url}/domains/${domain}/oauth2/idpresponse`];
  upstream.trust([
    { ...OIDC_CLIENT, redirect_uris },
    { ...GOOGLE_CLIENT, redirect_uris },
  ]);
  app = await createOAuthPool(t, {
    domain,
    pool: {
      LambdaConfig: {
        PreSignUp: `arn:aws:lambda:us-east-1:000000000000:function:preSignUp`,
      },
    },
  });
  await t.admin.send(
    new CreateIdentityProviderCommand({
      UserPoolId: app.poolId,
      ProviderName: OIDC,
      ProviderType: 'OIDC',
      ProviderDetails: {
        ...OIDC_CLIENT,
        attributes_request_method: 'GET',
        oidc_issuer: issuer,
        authorize_scopes: 'openid email profile',
      },
      AttributeMapping: { email: 'email', given_name: 'given_name' },
      IdpIdentifiers: ['upstream.example'],
    }),
  );
  await t.admin.send(
    new CreateIdentityProviderCommand({
      UserPoolId: app.poolId,
      ProviderName: 'Google',
      ProviderType: 'Google',
      ProviderDetails: { ...GOOGLE_CLIENT, authorize_scopes: 'openid email profile' },
      AttributeMapping: { email: 'email' },
    }),
  );
  await t.admin.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: app.poolId,
      ClientId: app.clientId,
      ...OAUTH_CLIENT,
      SupportedIdentityProviders: ['COGNITO', OIDC, 'Google'],
    }),
  );
});
after(async () => {
  await t?.close();
  await upstream?.close();
});

/** A whole sign-in at `provider` as `account`; returns the app's callback URL. */
async function signIn(
  params: Record<string, string>,
  account: { sub: string; email?: string; given_name?: string },
  browser = new Browser(),
) {
  upstream.signInAs(account);
  const pkce = pkcePair();
  const { res, location } = await authorize(app, {
    params: {
      scope: 'openid email profile aws.cognito.signin.user.admin',
      state: 'app-state',
      nonce: 'app-nonce',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      ...params,
    },
  });
  assert.equal(res.status, 302, await res.text());
  browser.keep(res);
  assert.ok(location?.startsWith(upstream.issuer), `sent to ${location}`);
  const end = await browser.follow(location as string, OAUTH_CALLBACK);
  assert.ok(end.location, `no callback: ${end.res.status} ${await end.res.text()}`);
  return { callback: new URL(end.location), verifier: pkce.verifier, browser };
}

async function tokensFor(callback: URL, verifier: string) {
  const code = callback.searchParams.get('code');
  assert.ok(code, `no code in ${callback}`);
  const { status, body } = await tokenRequest(app.base, {
    grant_type: 'authorization_code',
    client_id: app.clientId,
    redirect_uri: OAUTH_CALLBACK,
    code,
    code_verifier: verifier,
  });
  assert.equal(status, 200, JSON.stringify(body));
  return body as { id_token: string; access_token: string };
}

async function getUser(username: string) {
  return t.admin.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: username }));
}

test('OIDC sign-in: the callback gets a code, the tokens carry identities, the user is <Provider>_<sub>', async () => {
  const sub = unique('sub');
  const email = `${sub}@upstream.example`;
  const { callback, verifier } = await signIn(
    { identity_provider: OIDC },
    { sub, email, given_name: 'Ada' },
  );
  assert.equal(callback.searchParams.get('state'), 'app-state');
  const tokens = await tokensFor(callback, verifier);
  const id = decodeJwt(tokens.id_token);
  assert.equal(id['cognito:username'], `${OIDC}_${sub}`);
  assert.equal(id.email, email);
  assert.equal(id.nonce, 'app-nonce');
  const identities = id.identities as Record<string, unknown>[];
  assert.equal(identities.length, 1);
  assert.equal(identities[0].userId, sub);
  assert.equal(identities[0].providerName, OIDC);
  assert.equal(identities[0].providerType, 'OIDC');
  assert.equal(identities[0].primary, 'true');

  const user = await getUser(`${OIDC}_${sub}`);
  assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
  const attrs = attrMap(user.UserAttributes);
  assert.equal(attrs.email, email);
  assert.equal(attrs.given_name, 'Ada');
  assert.ok(attrs.identities);

  const event = preSignUpEvents().find((e) => e.userName === `${OIDC}_${sub}`);
  assert.equal(event?.triggerSource, 'PreSignUp_ExternalProvider');

  // The next sign-in maps the attributes again, and runs no PreSignUp.
  const again = await signIn({ identity_provider: OIDC }, { sub, email, given_name: 'Grace' });
  await tokensFor(again.callback, again.verifier);
  const updated = attrMap((await getUser(`${OIDC}_${sub}`)).UserAttributes);
  assert.equal(updated.given_name, 'Grace');
  assert.equal(preSignUpEvents().filter((e) => e.userName === `${OIDC}_${sub}`).length, 1);
});

test('idp_identifier picks the provider, and the hosted session then serves the app directly', async () => {
  const sub = unique('sub');
  const { callback, browser } = await signIn(
    { idp_identifier: 'upstream.example' },
    { sub, email: `${sub}@upstream.example` },
  );
  assert.ok(callback.searchParams.get('code'));
  const { res, location } = await authorize(app, {
    cookie: browser.header(),
    params: { scope: 'openid' },
  });
  assert.equal(res.status, 302);
  assert.ok(location?.startsWith(OAUTH_CALLBACK), `went to ${location}`);
});

test('Google preset: endpoints from providerEndpoints, Describe shows them, sign-in works', async () => {
  const described = await t.admin.send(
    new DescribeIdentityProviderCommand({ UserPoolId: app.poolId, ProviderName: 'Google' }),
  );
  const details = described.IdentityProvider?.ProviderDetails ?? {};
  assert.equal(details.authorize_url, `${upstream.issuer}/auth`);
  assert.equal(details.oidc_issuer, upstream.issuer);
  assert.equal(details.client_secret, GOOGLE_CLIENT.client_secret);
  assert.equal(details.token_request_method, 'POST');
  assert.deepEqual(described.IdentityProvider?.AttributeMapping, {
    email: 'email',
    username: 'sub',
  });
  const sub = unique('g');
  const { callback, verifier } = await signIn(
    { identity_provider: 'Google' },
    { sub, email: `${sub}@gmail.example` },
  );
  const id = decodeJwt((await tokensFor(callback, verifier)).id_token);
  assert.equal(id['cognito:username'], `Google_${sub}`);
  assert.equal((id.identities as { providerType: string }[])[0].providerType, 'Google');
});

test('PreSignUp refusing the user: the app gets the error, nothing is created', async () => {
  const sub = unique('blocked');
  const { callback } = await signIn(
    { identity_provider: OIDC },
    { sub, email: `${sub}@blocked.example` },
  );
  assert.equal(callback.searchParams.get('code'), null);
  assert.equal(callback.searchParams.get('error'), 'invalid_request');
  assert.match(callback.searchParams.get('error_description') ?? '', /PreSignUp failed/);
  assert.equal(callback.searchParams.get('state'), 'app-state');
  await rejects(getUser(`${OIDC}_${sub}`), 'UserNotFoundException');
});

test('a linked identity lands on the native user; disabling the link undoes it', async () => {
  const email = `${unique('native')}@example.com`;
  await createConfirmed(t, app.poolId, email);
  const native = await getUser(email);
  const sub = unique('linked');
  await t.admin.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: app.poolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: native.Username },
      SourceUser: {
        ProviderName: OIDC,
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: sub,
      },
    }),
  );
  const linked = await signIn(
    { identity_provider: OIDC },
    { sub, email: `${sub}@upstream.example` },
  );
  const id = decodeJwt((await tokensFor(linked.callback, linked.verifier)).id_token);
  assert.equal(id.sub, native.Username);
  assert.equal(id.email, email);
  await rejects(getUser(`${OIDC}_${sub}`), 'UserNotFoundException');

  await t.admin.send(
    new AdminDisableProviderForUserCommand({
      UserPoolId: app.poolId,
      User: {
        ProviderName: OIDC,
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: sub,
      },
    }),
  );
  const unlinked = await signIn(
    { identity_provider: OIDC },
    { sub, email: `${sub}@upstream.example` },
  );
  const id2 = decodeJwt((await tokensFor(unlinked.callback, unlinked.verifier)).id_token);
  assert.equal(id2['cognito:username'], `${OIDC}_${sub}`);
  assert.notEqual(id2.sub, native.Username);
});

test('the provider refusing (access_denied) goes back to the app, as Cognito does', async () => {
  const browser = new Browser();
  const { res, location } = await authorize(app, {
    params: { identity_provider: OIDC, scope: 'openid', state: 'deny-state' },
  });
  browser.keep(res);
  const state = new URL(location as string).searchParams.get('state') as string;
  const back = await browser.get(
    `${app.base}/oauth2/idpresponse?${new URLSearchParams({ error: 'access_denied', error_description: 'User said no', state })}`,
  );
  assert.equal(back.status, 302);
  const callback = new URL(back.headers.get('location') as string);
  assert.ok(callback.toString().startsWith(OAUTH_CALLBACK));
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  assert.equal(callback.searchParams.get('error_description'), 'User said no');
  assert.equal(callback.searchParams.get('state'), 'deny-state');
});
