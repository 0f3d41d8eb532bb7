// Parity: the same scenario through aws-amplify v5 and through @cognate/auth, against the same
// server, gives the same results, errors, Hub events and stored keys; and a session stored by
// one library is picked up by the other.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  codeFor,
  memoryStorage,
  PASSWORD,
  type TestStorage,
  unique,
} from '@cognate/server/testing';
import { Auth as AuthV5, Hub as HubV5 } from 'aws-amplify-v5';
import { Auth, Hub } from '../src/index.ts';
import { type Fixture, startFixture } from './support.ts';

// The two libraries share the API this test uses.
type AuthLike = typeof Auth;

interface Trace {
  results: unknown[];
  events: string[];
  keys: string[][];
}

/** Replaces the run's own values (emails, subs, tokens) with placeholders so runs compare. */
function normalize(value: unknown, names: Record<string, string>): unknown {
  let text = JSON.stringify(value ?? null);
  for (const [real, label] of Object.entries(names)) text = text.split(real).join(label);
  text = text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>');
  return JSON.parse(text);
}

function errorShape(err: unknown) {
  const e = err as { name?: string; code?: string; message?: string };
  return typeof err === 'string'
    ? { rejected: err }
    : { name: e.name, code: e.code, message: e.message };
}

describe('parity with aws-amplify v5', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f?.close();
  });

  function configure(auth: AuthLike, storage: TestStorage, flow = 'USER_SRP_AUTH') {
    auth.configure({
      region: 'us-east-1',
      userPoolId: f.poolId,
      userPoolWebClientId: f.clientId,
      authenticationFlowType: flow,
      endpoint: f.t.url,
      storage,
    } as never);
  }

  async function scenario(
    auth: AuthLike,
    hub: typeof Hub,
    flow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH',
  ): Promise<Trace> {
    const storage = memoryStorage();
    configure(auth, storage, flow);
    const trace: Trace = { results: [], events: [], keys: [] };
    const listener = ({ payload }: { payload: { event: string } }) =>
      trace.events.push(payload.event);
    hub.listen('auth', listener);
    const email = `${unique('par')}@example.com`;
    const record = async (step: () => Promise<unknown>) => {
      try {
        trace.results.push({ ok: await step() });
      } catch (err) {
        trace.results.push({ error: errorShape(err) });
      }
    };
    let sub = '';
    await record(async () => {
      const r = await auth.signUp({
        username: email,
        password: PASSWORD,
        attributes: { email, name: 'Ada', 'custom:tier': 'gold' },
      });
      sub = r.userSub;
      return { userConfirmed: r.userConfirmed, codeDeliveryDetails: r.codeDeliveryDetails };
    });
    await record(() => auth.signUp({ username: email, password: PASSWORD, attributes: { email } }));
    await record(() => auth.signIn(email, PASSWORD));
    await record(() => auth.confirmSignUp(email, '000000'));
    await record(() => auth.resendSignUp(email));
    await record(async () => auth.confirmSignUp(email, await codeFor(f.t, email)));
    await record(() => auth.signIn(email, 'Wrong-passw0rd'));
    await record(() => auth.currentAuthenticatedUser());
    await record(async () => {
      const user = await auth.signIn(email, PASSWORD);
      return {
        username: user.getUsername(),
        attributes: user.attributes,
        challenge: user.challengeName ?? null,
      };
    });
    trace.keys.push([...storage.items.keys()].sort());
    await record(async () => (await auth.currentSession()).isValid());
    await record(async () => {
      const user = await auth.currentAuthenticatedUser();
      return { username: user.username, attributes: user.attributes };
    });
    await record(async () =>
      auth.updateUserAttributes(await auth.currentAuthenticatedUser(), { name: 'Ada King' }),
    );
    await record(async () => {
      const list = await auth.userAttributes(await auth.currentAuthenticatedUser());
      return list.map((a) => [a.getName(), a.getValue()]).sort();
    });
    await record(async () =>
      auth.changePassword(await auth.currentAuthenticatedUser(), 'Nope-passw0rd1', 'X-passw0rd1'),
    );
    await record(() => auth.forgotPassword(email));
    await record(() => auth.forgotPasswordSubmit(email, '000000', 'R3set-passw0rd!'));
    await record(() => auth.signOut());
    trace.keys.push([...storage.items.keys()].sort());
    await record(() => auth.currentSession());
    await record(async () => (await auth.signIn(email, PASSWORD)).getUsername());
    await record(() => auth.signOut({ global: true }));
    trace.keys.push([...storage.items.keys()].sort());
    hub.remove('auth', listener as never);
    const normal = normalize(trace, {
      [email]: '<email>',
      [sub]: '<sub>',
      [f.clientId]: '<client>',
    }) as Trace;
    // Sorted after the placeholders, so the order does not depend on this run's sub.
    normal.keys = normal.keys.map((k) => k.sort());
    return normal;
  }

  for (const flow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
    test(`the same scenario gives the same results (${flow})`, async () => {
      const theirs = await scenario(
        AuthV5 as unknown as AuthLike,
        HubV5 as unknown as typeof Hub,
        flow,
      );
      const ours = await scenario(Auth, Hub, flow);
      for (const [i, r] of theirs.results.entries())
        assert.deepEqual(ours.results[i], r, `step ${i}`);
      assert.equal(ours.results.length, theirs.results.length);
      assert.deepEqual(ours.keys, theirs.keys);
      assert.deepEqual(ours.events, theirs.events);
    });
  }

  test('a session stored by aws-amplify v5 is read by @cognate/auth, and the other way round', async () => {
    const email = `${unique('swap')}@example.com`;
    const shared = memoryStorage();
    configure(Auth, shared);
    await Auth.signUp({ username: email, password: PASSWORD, attributes: { email } });
    await Auth.confirmSignUp(email, await codeFor(f.t, email));

    // aws-amplify v5 signs in; @cognate/auth picks the session up without a sign-in.
    configure(AuthV5 as unknown as AuthLike, shared);
    const theirUser = await AuthV5.signIn(email, PASSWORD);
    const theirSession = await AuthV5.currentSession();
    configure(Auth, shared);
    const ourSession = await Auth.currentSession();
    assert.equal(
      ourSession.getAccessToken().getJwtToken(),
      theirSession.getAccessToken().getJwtToken(),
    );
    const ourUser = await Auth.currentAuthenticatedUser();
    assert.equal(ourUser.username, theirUser.getUsername());
    assert.deepEqual(ourUser.attributes, theirUser.attributes);
    await Auth.signOut();
    assert.deepEqual([...shared.items.keys()], []);

    // @cognate/auth signs in; aws-amplify v5 picks the session up.
    await Auth.signIn(email, PASSWORD);
    const ours = await Auth.currentSession();
    configure(AuthV5 as unknown as AuthLike, shared);
    const theirs = await AuthV5.currentSession();
    assert.equal(theirs.getIdToken().getJwtToken(), ours.getIdToken().getJwtToken());
    const v5user = await AuthV5.currentAuthenticatedUser();
    assert.equal(v5user.attributes.email, email);
    await AuthV5.signOut();
    assert.deepEqual([...shared.items.keys()], []);
  });
});
