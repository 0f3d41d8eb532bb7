// Setup of the @cognate/auth tests: a real Cognate server (from the server package's test
// support, @cognate/server/testing, which also has the users, storage and error helpers), a pool
// with an email-as-username schema, and clients for it; Hub recording.
import {
  CreateUserPoolClientCommand,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { emailPool, startTestServer, type TestServer } from '@cognate/server/testing';
import { Hub, type HubCapsule } from '../src/index.ts';

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
  // No per-client or per-pool request limits: tests move the in-process server's clock hours
  // ahead and back again (Date.now mocked for the client), and a token bucket filled in the
  // future stays empty until real time catches up. The other limits are the defaults.
  const t = await startTestServer({
    config: {
      rateLimits: {
        enabled: true,
        perIp: '20/s',
        perClient: '0',
        perPool: '0',
        codesPerUser: '5/h',
        codesPerIp: '100/h',
        exemptLoopback: true,
      },
    },
  });
  const poolId = (await emailPool(t)).Id;
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

/** Records `auth` Hub events until stopped. */
export function recordHub() {
  const events: HubCapsule['payload'][] = [];
  const stop = Hub.listen('auth', ({ payload }) => events.push(payload));
  return { events, names: () => events.map((e) => e.event), stop, clear: () => events.splice(0) };
}
