// Sign-in with a SAML 2.0 identity provider started by the test (samlify's IdentityProvider with
// a self-signed certificate): /oauth2/authorize?identity_provider=<SAML provider> → the IdP's
// SingleSignOnService (HTTP-Redirect AuthnRequest) → its auto-posting form → /saml2/idpresponse
// → the app's callback with a code, driven with fetch as a browser would.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  ListUsersCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import {
  advanceClock,
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
import { readPostForm, SAML_ATTRIBUTES, startSamlIdp, type TestSamlIdp } from './saml-idp.ts';

let t: TestServer;
let idp: TestSamlIdp;
let app: OAuthApp;
const PROVIDER = 'Corp';

function newUser() {
  const id = unique('emp');
  return { nameId: id, email: `${id}@corp.example`, givenName: 'Ada' };
}

before(async () => {
  t = await startTestServer();
  idp = await startSamlIdp({ user: newUser() });
  app = await createOAuthPool(t);
  idp.trust(`urn:amazon:cognito:sp:${app.poolId}`, `${app.base}/saml2/idpresponse`);
  await t.admin.send(
    new CreateIdentityProviderCommand({
      UserPoolId: app.poolId,
      ProviderName: PROVIDER,
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: idp.metadata(), IDPSignout: 'false' },
      AttributeMapping: { email: SAML_ATTRIBUTES.email, given_name: SAML_ATTRIBUTES.givenName },
    }),
  );
  await t.admin.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: app.poolId,
      ClientId: app.clientId,
      ...OAUTH_CLIENT,
      SupportedIdentityProviders: ['COGNITO', PROVIDER],
    }),
  );
});
after(async () => {
  await idp?.close();
  await t?.close();
});

/** One browser: its cookies, kept across requests to the server. */
class Browser {
  private jar = new Map<string, string>();
  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair as string).indexOf('=');
      const name = (pair as string).slice(0, eq);
      const value = (pair as string).slice(eq + 1);
      if (/Max-Age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
}

/** /oauth2/authorize with identity_provider=Corp: the redirect to the IdP, cookies kept. */
async function startAt(browser: Browser, params: Record<string, string> = {}) {
  const { res, location } = await authorize(app, {
    params: {
      identity_provider: PROVIDER,
      scope: 'openid email profile',
      state: 'st-1',
      ...params,
    },
  });
  assert.equal(res.status, 302, await res.text());
  assert.ok(location, 'no redirect');
  browser.keep(res);
  return new URL(location);
}

/** The IdP's answer to the AuthnRequest (its auto-posting form). */
async function atIdp(sso: URL) {
  const res = await fetch(sso);
  const page = await res.text();
  assert.equal(res.status, 200, page);
  const form = readPostForm(page);
  return { action: form.action, fields: form.fields };
}

async function post(browser: Browser, action: string, fields: Record<string, string>) {
  const res = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.header() },
    body: new URLSearchParams(fields),
  });
  browser.keep(res);
  return res;
}

async function userExists(username: string): Promise<boolean> {
  const list = await t.admin.send(
    new ListUsersCommand({ UserPoolId: app.poolId, Filter: `username = "${username}"` }),
  );
  return (list.Users ?? []).length > 0;
}

/** A whole round trip whose Response the IdP bends; returns the ACS's answer. */
async function roundTrip(tweak: Parameters<TestSamlIdp['tweakNext']>[0]) {
  const user = newUser();
  idp.setUser(user);
  const browser = new Browser();
  const sso = await startAt(browser);
  idp.tweakNext(tweak);
  const { action, fields } = await atIdp(sso);
  const res = await post(browser, action, fields);
  return { res, user, location: res.headers.get('location') };
}

/** The ACS refused the Response: back to the app with Cognito's error, no code, no user. */
async function assertRefused(r: Awaited<ReturnType<typeof roundTrip>>) {
  assert.equal(r.res.status, 302, await r.res.text());
  assert.ok(r.location?.startsWith(OAUTH_CALLBACK), `went to ${r.location}`);
  const back = new URL(r.location as string);
  assert.equal(back.searchParams.get('error'), 'invalid_request');
  assert.equal(
    back.searchParams.get('error_description'),
    'Invalid samlResponse or relayState from identity provider',
  );
  assert.equal(back.searchParams.get('state'), 'st-1');
  assert.equal(back.searchParams.get('code'), null);
  assert.equal(await userExists(`${PROVIDER}_${r.user.nameId}`), false, 'a user was created');
}

test('DescribeIdentityProvider shows the SAML metadata and the SSO/SLO URLs read from it', async () => {
  const { IdentityProvider: p } = await t.admin.send(
    new DescribeIdentityProviderCommand({ UserPoolId: app.poolId, ProviderName: PROVIDER }),
  );
  assert.equal(p?.ProviderType, 'SAML');
  assert.equal(p?.ProviderDetails?.MetadataFile, idp.metadata());
  assert.equal(p?.ProviderDetails?.SSORedirectBindingURI, idp.ssoUrl);
  assert.equal(p?.ProviderDetails?.SLORedirectBindingURI, idp.ssoUrl.replace(/sso$/, 'slo'));
  assert.equal(p?.ProviderDetails?.IDPSignout, 'false');
});

test('a MetadataURL is fetched when the provider is saved', async () => {
  const name = 'CorpUrl';
  await t.admin.send(
    new CreateIdentityProviderCommand({
      UserPoolId: app.poolId,
      ProviderName: name,
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: idp.metadataUrl },
    }),
  );
  const { IdentityProvider: p } = await t.admin.send(
    new DescribeIdentityProviderCommand({ UserPoolId: app.poolId, ProviderName: name }),
  );
  assert.equal(p?.ProviderDetails?.MetadataURL, idp.metadataUrl);
  assert.equal(p?.ProviderDetails?.SSORedirectBindingURI, idp.ssoUrl);
});

test('metadata that is not an IdP’s, or cannot be fetched, is refused', async () => {
  const create = (details: Record<string, string>) =>
    t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: app.poolId,
        ProviderName: unique('Bad').slice(0, 30),
        ProviderType: 'SAML',
        ProviderDetails: details,
      }),
    );
  await rejects(create({ MetadataFile: '<not-xml' }), 'InvalidParameterException');
  await rejects(
    create({
      MetadataFile: idp.metadata().replace(/<ds:X509Certificate>[^<]*/g, '<ds:X509Certificate>'),
    }),
    'InvalidParameterException',
  );
  await rejects(create({ MetadataURL: `${idp.origin}/missing` }), 'InvalidParameterException');
  await rejects(create({}), 'InvalidParameterException');
  // Encryption and request signing need a pool certificate this server does not make yet.
  await rejects(
    create({ MetadataFile: idp.metadata(), EncryptedResponses: 'true' }),
    'InvalidParameterException',
    'EncryptedResponses is not supported yet.',
  );
  await rejects(
    create({ MetadataFile: idp.metadata(), RequestSigningAlgorithm: 'rsa-sha256' }),
    'InvalidParameterException',
    'RequestSigningAlgorithm is not supported yet.',
  );
});

test('authorize → IdP → /saml2/idpresponse → callback with a code; the user is Corp_<NameID>', async () => {
  const user = newUser();
  idp.setUser(user);
  const browser = new Browser();
  const { verifier, challenge } = pkcePair();
  const sso = await startAt(browser, { code_challenge: challenge, code_challenge_method: 'S256' });

  // The AuthnRequest: HTTP-Redirect binding to the metadata's SSO URL, from the pool's entity id,
  // asking for the pool domain's ACS.
  assert.equal(`${sso.origin}${sso.pathname}`, idp.ssoUrl);
  const relayState = sso.searchParams.get('RelayState');
  assert.ok(relayState && relayState.length >= 32, 'an opaque RelayState');
  const request = inflateRawSync(
    Buffer.from(sso.searchParams.get('SAMLRequest') as string, 'base64'),
  ).toString();
  assert.match(request, /<samlp:AuthnRequest/);
  assert.ok(request.includes(`urn:amazon:cognito:sp:${app.poolId}`), request);
  assert.ok(request.includes(`AssertionConsumerServiceURL="${app.base}/saml2/idpresponse"`));
  assert.ok(request.includes(`Destination="${idp.ssoUrl}"`));
  assert.ok(browser.header().includes(`cognate-${app.poolId}-upstream=`), 'the upstream cookie');

  const { action, fields } = await atIdp(sso);
  assert.equal(action, `${app.base}/saml2/idpresponse`);
  assert.equal(fields.RelayState, relayState);
  const res = await post(browser, action, fields);
  assert.equal(res.status, 302, await res.text());
  const back = new URL(res.headers.get('location') as string);
  assert.equal(`${back.origin}${back.pathname}`, OAUTH_CALLBACK);
  assert.equal(back.searchParams.get('state'), 'st-1');
  const code = back.searchParams.get('code');
  assert.ok(code, `no code: ${back}`);
  assert.ok(browser.header().includes(`cognate-${app.poolId}-session=`), 'a hosted session');
  assert.ok(!browser.header().includes(`cognate-${app.poolId}-upstream=`), 'upstream cleared');

  const token = await tokenRequest(app.base, {
    grant_type: 'authorization_code',
    client_id: app.clientId,
    redirect_uri: OAUTH_CALLBACK,
    code,
    code_verifier: verifier,
  });
  assert.equal(token.status, 200, JSON.stringify(token.body));
  const id = decodeJwt(token.body.id_token as string);
  assert.equal(id['cognito:username'], `${PROVIDER}_${user.nameId}`);
  assert.equal(id.email, user.email);
  assert.equal(id.given_name, user.givenName);
  const identities = id.identities as {
    userId: string;
    providerName: string;
    providerType: string;
    issuer: string;
  }[];
  assert.equal(identities[0]?.userId, user.nameId);
  assert.equal(identities[0]?.providerName, PROVIDER);
  assert.equal(identities[0]?.providerType, 'SAML');
  assert.equal(identities[0]?.issuer, idp.entityID);

  const got = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: app.poolId, Username: `${PROVIDER}_${user.nameId}` }),
  );
  assert.equal(got.UserStatus, 'EXTERNAL_PROVIDER');

  // A second sign-in of the same person maps the attributes again onto the same user.
  idp.setUser({ ...user, givenName: 'Grace' });
  const again = new Browser();
  const sso2 = await startAt(again);
  const second = await atIdp(sso2);
  const res2 = await post(again, second.action, second.fields);
  assert.equal(res2.status, 302);
  assert.ok(new URL(res2.headers.get('location') as string).searchParams.get('code'));
  const updated = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: app.poolId, Username: `${PROVIDER}_${user.nameId}` }),
  );
  const attrs = Object.fromEntries((updated.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
  assert.equal(attrs.given_name, 'Grace');
});

test('an unsigned Response is refused', async () => {
  await assertRefused(await roundTrip({ unsigned: true }));
});

test('a Response signed with a key that is not in the metadata is refused', async () => {
  await assertRefused(await roundTrip({ foreignKey: true }));
});

test('a Response for another audience is refused', async () => {
  await assertRefused(await roundTrip({ audience: 'urn:amazon:cognito:sp:us-east-1_other' }));
});

test('an expired assertion is refused', async () => {
  await assertRefused(await roundTrip({ notOnOrAfter: new Date(Date.now() - 10 * 60_000) }));
});

test('a Response from another issuer is refused', async () => {
  await assertRefused(await roundTrip({ issuer: 'https://evil.example/idp' }));
});

test('a Response addressed to another ACS is refused', async () => {
  await assertRefused(await roundTrip({ destination: 'https://evil.example/saml2/idpresponse' }));
});

test('a Response to another AuthnRequest is refused', async () => {
  await assertRefused(await roundTrip({ inResponseTo: `_${randomBytes(20).toString('hex')}` }));
});

test('an assertion altered after signing is refused', async () => {
  const user = newUser();
  idp.setUser(user);
  const browser = new Browser();
  const sso = await startAt(browser);
  const { action, fields } = await atIdp(sso);
  const xml = Buffer.from(fields.SAMLResponse as string, 'base64').toString();
  const altered = xml.replace(user.email, 'ceo@corp.example');
  assert.notEqual(altered, xml);
  const res = await post(browser, action, {
    ...fields,
    SAMLResponse: Buffer.from(altered).toString('base64'),
  });
  await assertRefused({ res, user, location: res.headers.get('location') });
});

test('a replayed Response is refused: the sign-in it answered is gone', async () => {
  const user = newUser();
  idp.setUser(user);
  const browser = new Browser();
  const sso = await startAt(browser);
  const { action, fields } = await atIdp(sso);
  const cookie = browser.header();
  const first = await post(browser, action, fields);
  assert.equal(first.status, 302);
  assert.ok(new URL(first.headers.get('location') as string).searchParams.get('code'));
  // The same post again, with the cookie the first one carried.
  const replay = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields),
  });
  assert.equal(replay.status, 400);
  assert.equal(replay.headers.get('location'), null);
  assert.match(await replay.text(), /Invalid samlResponse or relayState/);
});

test('a forged RelayState, or one from another browser, leads nowhere and creates nothing', async () => {
  const user = newUser();
  idp.setUser(user);
  const browser = new Browser();
  const sso = await startAt(browser);
  const { action, fields } = await atIdp(sso);

  const forged = await post(browser, action, {
    ...fields,
    RelayState: randomBytes(32).toString('base64url'),
  });
  assert.equal(forged.status, 400);
  assert.equal(forged.headers.get('location'), null);

  // The right RelayState without this browser's upstream cookie (a login CSRF attempt): the
  // page that posts it again from our origin (for SameSite=Lax) still finds no cookie.
  const other = new Browser();
  const bounce = await post(other, action, fields);
  assert.equal(bounce.status, 200);
  const again = readPostForm(await bounce.text());
  assert.equal(again.fields._repost, '1');
  const elsewhere = await post(other, action, again.fields);
  assert.equal(elsewhere.status, 400);
  assert.equal(elsewhere.headers.get('location'), null);

  const missing = await post(browser, action, { SAMLResponse: fields.SAMLResponse as string });
  assert.equal(missing.status, 400);
  assert.equal(await userExists(`${PROVIDER}_${user.nameId}`), false);

  // Neither attempt burnt the sign-in: the real browser still finishes it.
  const real = await post(browser, action, fields);
  assert.equal(real.status, 302);
  assert.ok(new URL(real.headers.get('location') as string).searchParams.get('code'));
});

test('an assertion that expired on the server’s clock is refused', async () => {
  const user = newUser();
  idp.setUser(user);
  const browser = new Browser();
  const sso = await startAt(browser);
  const { action, fields } = await atIdp(sso);
  advanceClock(t, 6 * 60_000); // past the assertion's 5 minutes, within the sign-in's 15
  try {
    const res = await post(browser, action, fields);
    await assertRefused({ res, user, location: res.headers.get('location') });
  } finally {
    advanceClock(t, -6 * 60_000);
  }
});

test('a Response posted cross-site without the SameSite=Lax cookie is posted again from our origin, with it', async () => {
  const user = newUser();
  idp.setUser(user);
  const browser = new Browser();
  const sso = await startAt(browser);
  const { action, fields } = await atIdp(sso);
  // A browser sends no Lax cookie with the IdP's cross-site POST …
  const first = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  assert.equal(first.status, 200);
  assert.match(first.headers.get('content-security-policy') ?? '', /script-src 'sha256-/);
  const page = await first.text();
  const form = readPostForm(page);
  assert.equal(form.action, 'idpresponse');
  assert.equal(form.fields.RelayState, fields.RelayState);
  // … and does with our page's same-site POST.
  const res = await post(browser, new URL(form.action, action).toString(), form.fields);
  assert.equal(res.status, 302);
  assert.ok(new URL(res.headers.get('location') as string).searchParams.get('code'));
  assert.equal(await userExists(`${PROVIDER}_${user.nameId}`), true);
});
