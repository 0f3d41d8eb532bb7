// What the identity-pool credential tests share: a server on the store under test with a user
// pool, an app client, an identity pool trusting them (guests allowed, both roles set), a user, and
// a recorder of the Cognito Identity calls a library makes (which also aims aws-amplify v5's
// identity client, fixed on AWS's address, at the server).
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  createClient,
  createPgDatabase,
  emailPool,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '@cognate/server/testing';

export const AUTH_ROLE = 'arn:aws:iam::123456789012:role/app-signed-in';
export const GUEST_ROLE = 'arn:aws:iam::123456789012:role/app-guest';

/** The server and the ids the tests configure libraries with. */
export interface CredentialsFixture {
  t: TestServer;
  region: string;
  poolId: string;
  clientId: string;
  identityPoolId: string;
  identity: CognitoIdentityClient;
  close(): Promise<void>;
}

/** Starts a server on `store` (credentials living `ttlSeconds`) with the pools the tests use. */
export async function startCredentialsFixture(
  store: 'sqlite' | 'postgres',
  ttlSeconds?: number,
): Promise<CredentialsFixture> {
  const db = store === 'postgres' ? await createPgDatabase() : undefined;
  const t = await startTestServer({
    database: db?.url,
    config: ttlSeconds ? { credentialsTtlSeconds: ttlSeconds } : {},
  });
  const poolId = (await emailPool(t)).Id;
  const region = poolId.split('_')[0] as string;
  const { ClientId: clientId } = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const identity = new CognitoIdentityClient({
    region,
    endpoint: t.url,
    credentials: {
      accessKeyId: t.server.accessKey.accessKeyId,
      secretAccessKey: t.server.accessKey.secret,
    },
  });
  const pool = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [
        { ProviderName: `cognito-idp.${region}.amazonaws.com/${poolId}`, ClientId: clientId },
      ],
    }),
  );
  const identityPoolId = pool.IdentityPoolId as string;
  await identity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: identityPoolId,
      Roles: { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE },
    }),
  );
  return {
    t,
    region,
    poolId,
    clientId,
    identityPoolId,
    identity,
    async close() {
      identity.destroy();
      await t.close();
      await db?.drop();
    },
  };
}

/** A confirmed user of the fixture's pool: its email (the username) and sub. */
export async function credentialsUser(f: CredentialsFixture): Promise<string> {
  const email = `${unique('cred')}@example.com`;
  await signUpConfirmed(f.t, f.clientId, email, { email });
  return email;
}

/** The provider names DescribeIdentity lists for `identityId` (none for a guest). */
export async function loginsOf(f: CredentialsFixture, identityId: string): Promise<string[]> {
  const res = await f.identity.send(new DescribeIdentityCommand({ IdentityId: identityId }));
  return res.Logins ?? [];
}

/** One Cognito Identity call as sent: the operation and the JSON body. */
export interface IdentityCall {
  op: string;
  body: Record<string, unknown>;
}

/**
 * Records the Cognito Identity calls made through fetch until `restore`, sending those aimed at
 * AWS (`cognito-identity.<region>.amazonaws.com`) to `serverUrl` instead.
 */
export function recordIdentityCalls(serverUrl: string) {
  const calls: IdentityCall[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    let url = input instanceof Request ? input.url : String(input);
    const target = new Headers(init?.headers).get('x-amz-target') ?? '';
    if (target.startsWith('AWSCognitoIdentityService.')) {
      calls.push({
        op: target.slice('AWSCognitoIdentityService.'.length),
        body: JSON.parse(String(init?.body ?? '{}')),
      });
      if (/^https:\/\/cognito-identity\.[a-z0-9-]+\.amazonaws\.com/.test(url)) url = serverUrl;
    }
    return original(url, init);
  }) as typeof fetch;
  return {
    calls,
    restore() {
      globalThis.fetch = original;
    },
  };
}

/**
 * Gives each distinct value a stable label in order of appearance (`<identity 1>`, …), so two
 * libraries' runs, with their own ids and keys, compare equal when they behave alike.
 */
export function labeller(kind: string) {
  const seen = new Map<string, string>();
  return (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    let label = seen.get(value);
    if (!label) {
      label = `<${kind} ${seen.size + 1}>`;
      seen.set(value, label);
    }
    return label;
  };
}

/** `calls` with identity ids labelled, JWTs replaced by `<token>` and the pool id by `<pool>`. */
export function normalizeCalls(
  calls: IdentityCall[],
  identity: (id: string | undefined) => string | undefined,
  identityPoolId: string,
): unknown[] {
  const text = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    if (v === identityPoolId) return '<pool>';
    if (/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(v)) return '<token>';
    if (/^[a-z]{2}-[a-z]+-\d:[0-9a-f-]{36}$/.test(v)) return identity(v);
    return v;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return text(v);
  };
  return calls.map((c) => ({ op: c.op, body: walk(c.body) }));
}
