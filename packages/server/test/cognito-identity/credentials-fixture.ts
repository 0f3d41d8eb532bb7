// Shared by the identity-pool credentials tests: an identity pool over a user pool of the test
// server, signed-in users, STS clients, and raw GetCredentialsForIdentity calls.
import {
  CreateIdentityPoolCommand,
  type CreateIdentityPoolInput,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  SetIdentityPoolRolesCommand,
  type SetIdentityPoolRolesInput,
} from '@aws-sdk/client-cognito-identity';
import { STSClient } from '@aws-sdk/client-sts';
import { createConfirmed, signIn, type TestServer, unique } from '../support/index.ts';
import type { identityClients } from './pools-clients.ts';

/** Credentials as the AWS SDK takes them. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export const ACCOUNT = '000000000000';
export const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const AUTH_ROLE = role('IdentityAuth');
export const GUEST_ROLE = role('IdentityGuest');

type Clients = ReturnType<typeof identityClients>;

/** An identity pool over `poolId`'s client with the given roles (default: both roles). */
export async function identityPool(
  c: Clients,
  userPool: { poolId: string; clientId: string },
  opts: {
    pool?: Partial<CreateIdentityPoolInput>;
    roles?: Partial<SetIdentityPoolRolesInput>;
    serverSideTokenCheck?: boolean;
  } = {},
): Promise<string> {
  const created = await c.admin.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: unique('creds'),
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [
        {
          ProviderName: providerOf(userPool.poolId),
          ClientId: userPool.clientId,
          ServerSideTokenCheck: opts.serverSideTokenCheck ?? false,
        },
      ],
      ...opts.pool,
    }),
  );
  const id = created.IdentityPoolId as string;
  await c.admin.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: id,
      Roles: { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE },
      ...opts.roles,
    }),
  );
  return id;
}

/** The Logins key of a user pool as amazon-cognito-identity-js and aws-amplify v5 send it. */
export const providerOf = (poolId: string) => `cognito-idp.us-east-1.amazonaws.com/${poolId}`;

/** A confirmed user of the pool, signed in: their username and ID token. */
export async function signedInUser(t: TestServer, poolId: string, clientId: string) {
  const username = unique('cred');
  await createConfirmed(t, poolId, username);
  const tokens = await signIn(t, clientId, username);
  return { username, idToken: tokens.IdToken, tokens };
}

/** GetId then GetCredentialsForIdentity for a login map (empty: a guest). */
export async function credentialsFor(
  c: Clients,
  identityPoolId: string,
  logins: Record<string, string> = {},
  customRoleArn?: string,
) {
  const { IdentityId } = await c.anon.send(
    new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }),
  );
  const res = await c.anon.send(
    new GetCredentialsForIdentityCommand({
      IdentityId,
      Logins: logins,
      CustomRoleArn: customRoleArn,
    }),
  );
  const cr = res.Credentials;
  if (!cr?.AccessKeyId || !cr.SecretKey || !cr.SessionToken || !cr.Expiration)
    throw new Error('incomplete credentials');
  return {
    identityId: res.IdentityId as string,
    credentials: {
      accessKeyId: cr.AccessKeyId,
      secretAccessKey: cr.SecretKey,
      sessionToken: cr.SessionToken,
      expiration: cr.Expiration,
    } as Credentials,
  };
}

/** An STS client for the test server, signing with `credentials`, on the server's clock. */
export function sts(t: TestServer, credentials: Credentials | (() => Promise<Credentials>)) {
  const client = new STSClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials,
    maxAttempts: 1,
  });
  (client.config as unknown as { systemClockOffset: number }).systemClockOffset = t.clock.offset;
  return client;
}
