// Shared setup for the @cognate/auth tests: a real Cognate server (the server package's own
// test harness), a pool with an email-as-username schema, and clients for it.
import assert from 'node:assert/strict';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD, startTestServer, type TestServer, unique } from '../../server/test/harness.ts';
import { Hub, type HubCapsule } from '../src/index.ts';

export { PASSWORD, type TestServer, unique };

/** A started server with one pool and two clients (revocation on / off). */
export interface Fixture {
  t: TestServer;
  poolId: string;
  /** Client with token revocation, PreventUserExistenceErrors LEGACY, SRP + password flows. */
  clientId: string;
  close(): Promise<void>;
}

const FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_CUSTOM_AUTH',
];

/** Starts a server and creates the pool and client the tests use. */
export async function startFixture(): Promise<Fixture> {
  const t = await startTestServer();
  const pool = await t.admin.send(
    new CreateUserPoolCommand({
      PoolName: unique('authpool'),
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'tier', AttributeDataType: 'String', Mutable: true },
      ],
    }),
  );
  const poolId = pool.UserPool?.Id as string;
  const client = await t.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      ExplicitAuthFlows: FLOWS,
      PreventUserExistenceErrors: 'LEGACY',
      EnableTokenRevocation: true,
    }),
  );
  return { t, poolId, clientId: client.UserPoolClient?.ClientId as string, close: () => t.close() };
}

/** An in-memory storage that exposes its items (Amplify's storage contract). */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    setItem: (key: string, value: string) => {
      items.set(key, value);
      return value;
    },
    getItem: (key: string) => items.get(key) ?? null,
    removeItem: (key: string) => items.delete(key),
    clear: () => {
      items.clear();
      return {};
    },
    items,
  };
}
export type TestStorage = ReturnType<typeof memoryStorage>;

/** Latest code the server "sent" to `username` (dev outbox). */
export async function codeFor(t: TestServer, username: string): Promise<string> {
  const message = await t.outbox(username);
  assert.ok(message?.code, `a code was sent to ${username}`);
  return message.code;
}

/** Records `auth` Hub events until stopped. */
export function recordHub() {
  const events: HubCapsule['payload'][] = [];
  const stop = Hub.listen('auth', ({ payload }) => events.push(payload));
  return { events, names: () => events.map((e) => e.event), stop, clear: () => events.splice(0) };
}

/** Expects a rejection whose `code` and `name` are `code` (and optionally the message). */
export async function rejectsWith(promise: Promise<unknown>, code: string, message?: string) {
  await assert.rejects(promise, (err: Error & { code?: string }) => {
    assert.equal(err.name, code, `expected ${code}, got ${err.name}: ${err.message}`);
    assert.equal(err.code, code);
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}
