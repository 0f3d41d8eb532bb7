/**
 * The GetCredentialsForIdentity phase: an identity pool with guest access and both roles, made
 * through the admin API (AWS SDK), and guest identities (GetId) whose credentials the phase
 * asks for, one identity after the other.
 */
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import { type AdminEndpoint, eachLimited } from './flows.ts';
import type { IdpClient } from './load.ts';

export interface BenchIdentityPool {
  identityPoolId: string;
  identityIds: string[];
}

const IDENTITY_TARGET = 'AWSCognitoIdentityService';

/** An identity pool allowing guests, with roles, and `count` guest identities. */
export async function createIdentityPool(
  admin: AdminEndpoint,
  idp: IdpClient,
  count: number,
  concurrency: number,
): Promise<BenchIdentityPool> {
  const sdk = new CognitoIdentityClient({
    region: admin.region,
    endpoint: admin.url,
    credentials: admin.credentials,
  });
  try {
    const { IdentityPoolId } = await sdk.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: `bench_${Date.now()}`,
        AllowUnauthenticatedIdentities: true,
      }),
    );
    const identityPoolId = IdentityPoolId as string;
    await sdk.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: identityPoolId,
        Roles: {
          authenticated: 'arn:aws:iam::000000000000:role/BenchAuth',
          unauthenticated: 'arn:aws:iam::000000000000:role/BenchGuest',
        },
      }),
    );
    const identityIds: string[] = [];
    await eachLimited(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
      async () => {
        const { IdentityId } = await idp.call<{ IdentityId: string }>(
          'GetId',
          { IdentityPoolId: identityPoolId },
          IDENTITY_TARGET,
        );
        identityIds.push(IdentityId);
      },
    );
    return { identityPoolId, identityIds };
  } finally {
    sdk.destroy();
  }
}

/** One timed call: a guest's credentials, checked for their shape. */
export async function guestCredentials(idp: IdpClient, pool: BenchIdentityPool, i: number) {
  const res = await idp.call<{ Credentials?: { AccessKeyId?: string; SessionToken?: string } }>(
    'GetCredentialsForIdentity',
    { IdentityId: pool.identityIds[i % pool.identityIds.length] },
    IDENTITY_TARGET,
  );
  if (!res.Credentials?.AccessKeyId || !res.Credentials.SessionToken)
    throw new Error('GetCredentialsForIdentity: no credentials in the answer');
}
