// The hosted-UI redirect, side by side with aws-amplify: the same configuration through
// aws-amplify v5 `Auth.federatedSignIn` and @cognate/auth's builds the same
// `https://<domain>/oauth2/authorize` URL (parameters, order, encoding; state and PKCE of the
// same form), keeps state and verifier under the same keys, exchanges the returned code with the
// same request, stores the session under the same keys and dispatches the same Hub events; and
// the same for aws-amplify v6 `signInWithRedirect`. The domain is Cognate's form, a host with a
// path. No server: the token endpoint is a stub that records what it is sent.
//
// aws-amplify reads `window`; this file gives it one (each test file runs in its own process).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, mock, test } from 'node:test';

/** A Storage-like map (the server's test helper has one; this file needs no server). */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    setItem: (k: string, v: string) => void items.set(k, String(v)),
    getItem: (k: string) => items.get(k) ?? null,
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
    key: (i: number) => [...items.keys()][i] ?? null,
    get length() {
      return items.size;
    },
  };
}
type TestStorage = ReturnType<typeof memoryStorage>;

const DOMAIN = 'localhost:9229/domains/myapp';
const BASE = `https://${DOMAIN}`;
const CLIENT = 'client123';
const POOL = 'us-east-1_Pool1';
const REDIRECT = 'http://localhost:3000/';
const REDIRECT_OUT = 'http://localhost:3000/signed-out';
const SCOPES = ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'];

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token shaped like Cognito's (the clients only decode them). */
function jwt(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'RS256', kid: 'k' })}.${b64url({ iat: now, exp: now + 3600, ...claims })}.c2ln`;
}
const SUB = '6a5b4c3d-0000-4000-8000-000000000001';
const TOKENS = {
  access_token: jwt({
    sub: SUB,
    username: 'ada',
    token_use: 'access',
    client_id: CLIENT,
    scope: 'openid email',
  }),
  id_token: jwt({ sub: SUB, 'cognito:username': 'ada', token_use: 'id', aud: CLIENT }),
  refresh_token: 'opaque-refresh-token',
  token_type: 'Bearer',
  expires_in: 3600,
};

// aws-amplify's window (the two libraries get separate storages so they cannot read each other's).
const amplifyLocal = memoryStorage();
const amplifySession = memoryStorage();
const amplifyLocation = {
  origin: 'http://localhost:3000',
  pathname: '/',
  hostname: 'localhost',
  host: 'localhost:3000',
  protocol: 'http:',
  href: REDIRECT,
};
Object.assign(globalThis, {
  window: {
    localStorage: amplifyLocal,
    sessionStorage: amplifySession,
    location: amplifyLocation,
    crypto: globalThis.crypto,
    addEventListener() {},
    removeEventListener() {},
  },
});
// @cognate/auth's globals.
const ourSession = memoryStorage();
const ourLocal = memoryStorage();
Object.assign(globalThis, { sessionStorage: ourSession, localStorage: ourLocal });

const ours = await import('../src/index.ts');
const extras = await import('../src/extras.ts');
const v5 = await import('aws-amplify-v5');
const { Amplify: AmplifyV6 } = await import('aws-amplify');
const { Hub: HubV6 } = await import('aws-amplify/utils');
const v6 = await import('aws-amplify/auth');

/** Records the token endpoint's requests and answers with TOKENS. */
function stubTokenEndpoint() {
  const bodies: string[] = [];
  const urls: string[] = [];
  mock.method(globalThis, 'fetch', async (url: string, init: RequestInit) => {
    urls.push(String(url));
    bodies.push(String(init.body));
    return Response.json(TOKENS);
  });
  return { bodies, urls };
}

/** The URL with its random parts (state's random half, PKCE challenge) replaced by names. */
function shape(url: string, verifier: string | null): string {
  const state = new URL(url).searchParams.get('state') ?? '';
  const [random] = state.split('-');
  assert.match(random, /^[A-Za-z0-9]{32}$/, 'state: 32 letters and digits');
  let out = url.split(random).join('<random>');
  const challenge = new URL(url).searchParams.get('code_challenge');
  if (challenge) {
    assert.ok(verifier, 'a PKCE verifier is stored');
    assert.match(verifier, /^[A-Za-z0-9]{128}$/, 'the verifier: 128 letters and digits');
    assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
    out = out.split(challenge).join('<S256(verifier)>');
  }
  return out;
}

function record(hub: { listen: (c: string, cb: (d: { payload: unknown }) => void) => unknown }) {
  const events: { event: string; data?: unknown; message?: string }[] = [];
  const stop = hub.listen('auth', ({ payload }) => {
    events.push(payload as (typeof events)[number]);
  });
  return { events, stop: stop as () => void };
}

const keys = (s: TestStorage) => [...s.items.keys()].sort();

describe('Auth.federatedSignIn, next to aws-amplify v5', () => {
  const opened = { ours: [] as string[], theirs: [] as string[] };
  const ourStore = memoryStorage();
  const theirStore = memoryStorage();

  function configure(responseType: 'code' | 'token') {
    const oauth = (sink: string[]) => ({
      domain: DOMAIN,
      scope: SCOPES,
      redirectSignIn: REDIRECT,
      redirectSignOut: REDIRECT_OUT,
      responseType,
      urlOpener: async (url: string) => {
        sink.push(url);
      },
    });
    const base = { region: 'us-east-1', userPoolId: POOL, userPoolWebClientId: CLIENT };
    ours.Auth.configure({ ...base, storage: ourStore, oauth: oauth(opened.ours) });
    v5.Auth.configure({ ...base, storage: theirStore, oauth: oauth(opened.theirs) });
  }

  after(() => mock.restoreAll());

  const cases: [string, 'code' | 'token', Parameters<typeof ours.Auth.federatedSignIn>[0]][] = [
    ['the hosted sign-in page', 'code', undefined],
    ['a provider by name', 'code', { provider: ours.CognitoHostedUIIdentityProvider.Google }],
    [
      'Apple, with a custom state',
      'code',
      { provider: 'SignInWithApple', customState: 'to /a?b=c&d' },
    ],
    ['a custom provider', 'code', { customProvider: 'Corp OIDC', customState: 'x-y' }],
    ['the implicit flow', 'token', { provider: 'Facebook' }],
  ];
  for (const [name, responseType, options] of cases) {
    test(`${name}: the same authorize URL (${responseType})`, async () => {
      configure(responseType);
      opened.ours.length = opened.theirs.length = 0;
      await ours.Auth.federatedSignIn(options);
      await v5.Auth.federatedSignIn(options as never);
      const [mine] = opened.ours;
      const [theirs] = opened.theirs;
      assert.ok(mine.startsWith(`${BASE}/oauth2/authorize?`), mine);
      // aws-amplify v5 stores a verifier even for the implicit flow; only the code flow sends it.
      assert.equal(
        shape(mine, ourSession.getItem('ouath_pkce_key')),
        shape(theirs, amplifySession.getItem('ouath_pkce_key')),
      );
      assert.equal(new URL(mine).searchParams.get('state'), ourSession.getItem('oauth_state'));
      assert.equal(
        new URL(theirs).searchParams.get('state'),
        amplifySession.getItem('oauth_state'),
      );
    });
  }

  test('the return: the same token request, Hub events, stored keys; signOut goes to /logout', async () => {
    configure('code');
    opened.ours.length = opened.theirs.length = 0;
    ourStore.items.clear();
    theirStore.items.clear();
    const customState = 'back to /orders?id=7';
    await ours.Auth.federatedSignIn({ provider: 'Google', customState });
    await v5.Auth.federatedSignIn({ provider: 'Google', customState } as never);
    const back = (url: string) =>
      `${REDIRECT}?code=the-code&state=${new URL(url).searchParams.get('state')}`;
    const verifiers = [
      ourSession.getItem('ouath_pkce_key'),
      amplifySession.getItem('ouath_pkce_key'),
    ];

    const endpoint = stubTokenEndpoint();
    const mineHub = record(ours.Hub);
    const theirHub = record(v5.Hub);
    try {
      const user = await extras.handleAuthResponse(back(opened.ours[0]));
      await (
        v5.Auth as unknown as { _handleAuthResponse(u: string): Promise<void> }
      )._handleAuthResponse(back(opened.theirs[0]));
      assert.equal(user?.getUsername(), 'ada');
    } finally {
      mineHub.stop();
      theirHub.stop();
      mock.restoreAll();
    }
    assert.deepEqual(endpoint.urls, [`${BASE}/oauth2/token`, `${BASE}/oauth2/token`]);
    assert.equal(
      endpoint.bodies[0].replace(verifiers[0] as string, '<verifier>'),
      endpoint.bodies[1].replace(verifiers[1] as string, '<verifier>'),
    );
    assert.match(
      endpoint.bodies[0],
      /^grant_type=authorization_code&code=the-code&client_id=client123&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2F&code_verifier=[A-Za-z0-9]{128}$/,
    );
    const view = (events: { event: string; data?: unknown; message?: string }[]) =>
      events.map((e) => [e.event, e.message, e.event === 'customOAuthState' ? e.data : undefined]);
    assert.deepEqual(view(mineHub.events), view(theirHub.events));
    assert.deepEqual(
      mineHub.events.map((e) => e.event),
      ['parsingCallbackUrl', 'codeFlow', 'signIn', 'cognitoHostedUI', 'customOAuthState'],
    );
    assert.equal(mineHub.events.at(-1)?.data, customState);
    assert.deepEqual(keys(ourStore), keys(theirStore));
    for (const k of keys(ourStore).filter((k) => !k.endsWith('clockDrift'))) {
      assert.equal(ourStore.getItem(k), theirStore.getItem(k), k);
    }
    // The flow's keys are spent.
    assert.equal(ourSession.getItem('oauth_state'), null);
    assert.equal(ourSession.getItem('ouath_pkce_key'), null);

    // Each library reads the session the other stored.
    assert.equal(
      (await ours.Auth.currentSession()).getAccessToken().getJwtToken(),
      TOKENS.access_token,
    );

    await ours.Auth.signOut();
    await v5.Auth.signOut();
    assert.equal(opened.ours[1], opened.theirs[1]);
    assert.equal(
      opened.ours[1],
      `${BASE}/logout?client_id=${CLIENT}&logout_uri=${encodeURIComponent(REDIRECT_OUT)}`,
    );
    assert.deepEqual(keys(ourStore), keys(theirStore));
  });

  test('a forged or replayed state is refused, with the failure events', async () => {
    configure('code');
    opened.ours.length = 0;
    await ours.Auth.federatedSignIn();
    const endpoint = stubTokenEndpoint();
    const hub = record(ours.Hub);
    try {
      await assert.rejects(extras.handleAuthResponse(`${REDIRECT}?code=c&state=forged`), {
        message: 'Invalid state in OAuth flow',
      });
      // The saved state was used up by that attempt: the genuine one no longer matches either.
      const state = new URL(opened.ours[0]).searchParams.get('state');
      await assert.rejects(extras.handleAuthResponse(`${REDIRECT}?code=c&state=${state}`), {
        message: 'Invalid state in OAuth flow',
      });
      await assert.rejects(
        extras.handleAuthResponse(`${REDIRECT}?error=access_denied&error_description=Nope`),
        { message: 'Nope' },
      );
    } finally {
      hub.stop();
      mock.restoreAll();
    }
    assert.deepEqual(endpoint.bodies, [], 'no code was exchanged');
    assert.deepEqual(
      hub.events.map((e) => e.event).filter((e) => e !== 'parsingCallbackUrl'),
      Array(3).fill(['signIn_failure', 'cognitoHostedUI_failure', 'customState_failure']).flat(),
    );
    assert.equal(await extras.handleAuthResponse(`${REDIRECT}?other=1`), undefined);
  });
});

describe('signInWithRedirect, next to aws-amplify v6', () => {
  const oauth = {
    domain: DOMAIN,
    scopes: SCOPES,
    redirectSignIn: [REDIRECT, 'myapp://callback/'],
    redirectSignOut: [REDIRECT_OUT],
    responseType: 'code' as const,
  };
  let opened: string[] = [];
  before(() => {
    // @cognate/auth's page, at the same address as aws-amplify's.
    Object.assign(globalThis, {
      location: { ...amplifyLocation, assign: (u: string) => opened.push(u) },
      // aws-amplify's framework detection queries it.
      document: { querySelector: () => null, querySelectorAll: () => [] },
    });
    const config = {
      Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, loginWith: { oauth } } },
    };
    AmplifyV6.configure(config);
    // The token storage of the tests above gives way to the default one, localStorage.
    ours.Auth.configure({ storage: ourLocal });
    ours.Amplify.configure(config);
  });
  after(() => {
    mock.restoreAll();
    Reflect.deleteProperty(globalThis, 'location');
    Reflect.deleteProperty(globalThis, 'document');
  });

  test('the same authorize URL, state, keys; the return gives the same session, keys and events', async () => {
    const input = {
      provider: 'Google' as const,
      customState: 'v6 state/é',
      options: { lang: 'fr', loginHint: 'ada@example.com' },
    };
    opened = [];
    await ours.signInWithRedirect(input);
    let theirs = '';
    const endpoint = stubTokenEndpoint();
    const theirHub = record(HubV6 as never);
    const mineHub = record(ours.Hub);
    const back = (url: string) =>
      `${REDIRECT}?code=the-code&state=${new URL(url).searchParams.get('state')}`;
    const prefix = `CognitoIdentityServiceProvider.${CLIENT}.`;
    let ourFlowKeys: string[] = [];
    let theirVerifier: string | null = null;
    let theirState: string | null = null;
    try {
      await v6.signInWithRedirect({
        ...input,
        options: {
          ...input.options,
          // As React Native's opener: the flow completes with the URL it returns.
          authSessionOpener: async (url: string) => {
            theirs = url;
            theirVerifier = amplifyLocal.getItem(`${prefix}oauthPKCE`);
            theirState = amplifyLocal.getItem(`${prefix}oauthState`);
            return { type: 'success', url: back(url) };
          },
        },
      } as never);
      const [mine] = opened;
      assert.ok(mine.startsWith(`${BASE}/oauth2/authorize?`), mine);
      assert.equal(
        shape(mine, ourLocal.getItem(`${prefix}oauthPKCE`)),
        shape(theirs, theirVerifier),
      );
      assert.equal(
        new URL(mine).searchParams.get('state'),
        ourLocal.getItem(`${prefix}oauthState`),
      );
      assert.equal(new URL(theirs).searchParams.get('state'), theirState);
      // In flight in a browser page (aws-amplify writes these two only when it sees a document).
      assert.equal(ourLocal.getItem(`${prefix}inflightOAuth`), 'true');
      assert.ok(Number(ourLocal.getItem(`${prefix}inflightOAuthDeadline`)) > Date.now());
      ourFlowKeys = keys(ourLocal);
      // Back on the page: configure completes the flow.
      (globalThis as unknown as { location: { href: string } }).location.href = back(mine);
      ours.Amplify.configure({
        Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, loginWith: { oauth } } },
      });
      await waitFor(() => mineHub.events.some((e) => e.event === 'signedIn'));
    } finally {
      theirHub.stop();
      mineHub.stop();
      mock.restoreAll();
    }
    assert.deepEqual(ourFlowKeys, [
      `${prefix}inflightOAuth`,
      `${prefix}inflightOAuthDeadline`,
      `${prefix}oauthPKCE`,
      `${prefix}oauthState`,
    ]);
    assert.equal(endpoint.bodies.length, 2);
    assert.equal(
      endpoint.bodies[0].replace(/code_verifier=\w+/, ''),
      endpoint.bodies[1].replace(/code_verifier=\w+/, ''),
    );
    const view = (events: { event: string; data?: unknown }[]) =>
      events
        .filter((e) => ['customOAuthState', 'signInWithRedirect', 'signedIn'].includes(e.event))
        .map((e) => [e.event, e.data]);
    assert.deepEqual(view(mineHub.events), view(theirHub.events));
    assert.deepEqual(view(mineHub.events), [
      ['customOAuthState', 'v6 state/é'],
      ['signInWithRedirect', undefined],
      ['signedIn', { username: 'ada', userId: SUB }],
    ]);
    const tokenKeys = (s: TestStorage) => keys(s).filter((k) => !k.endsWith('.signInDetails'));
    assert.deepEqual(tokenKeys(ourLocal), tokenKeys(amplifyLocal));
    for (const k of [
      'LastAuthUser',
      'ada.accessToken',
      'ada.idToken',
      'ada.refreshToken',
      'ada.oauthMetadata',
      'oauthSignIn',
    ]) {
      assert.equal(ourLocal.getItem(prefix + k), amplifyLocal.getItem(prefix + k), k);
    }
    const session = await ours.fetchAuthSession();
    assert.equal(session.tokens?.accessToken.toString(), TOKENS.access_token);

    await assert.rejects(ours.signInWithRedirect(), { name: 'UserAlreadyAuthenticatedException' });

    // Signing out leaves through the hosted UI's /logout, as v6 does.
    opened = [];
    await ours.signOut();
    await v6.signOut();
    const logout = `${BASE}/logout?client_id=${CLIENT}&logout_uri=${encodeURIComponent(REDIRECT_OUT)}`;
    assert.deepEqual(opened, [logout]);
    assert.equal(amplifyLocation.href, logout);
    // aws-amplify v6 clears its tokens without waiting for the storage.
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(tokenKeys(ourLocal), tokenKeys(amplifyLocal));
  });

  test('a redirect list without this page; a return with a forged state', async () => {
    const location = globalThis.location as unknown as { origin: string; hostname: string };
    Object.assign(location, { origin: 'http://elsewhere.test', hostname: 'elsewhere.test' });
    try {
      await assert.rejects(ours.signInWithRedirect(), { name: 'InvalidOriginException' });
    } finally {
      Object.assign(location, {
        origin: amplifyLocation.origin,
        hostname: amplifyLocation.hostname,
      });
    }
    opened = [];
    await ours.signInWithRedirect({ provider: { custom: 'Corp OIDC' } });
    assert.equal(new URL(opened[0]).searchParams.get('identity_provider'), 'Corp OIDC');
    const hub = record(ours.Hub);
    const prefix = `CognitoIdentityServiceProvider.${CLIENT}.`;
    try {
      await extras.completeRedirect(`${REDIRECT}?code=c&state=forged`);
    } finally {
      hub.stop();
    }
    const failure = hub.events.find((e) => e.event === 'signInWithRedirect_failure');
    assert.ok(failure, 'signInWithRedirect_failure');
    assert.equal((failure.data as { error: Error }).error.name, 'oauthSignInError');
    assert.equal(ourLocal.getItem(`${prefix}inflightOAuth`), null, 'the flow is over');
    assert.equal(ourLocal.getItem(`${prefix}oauthState`), null);
  });
});

async function waitFor(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
