import { request } from '../internal/client.ts';
import { getSession, storedUser } from '../internal/session.ts';
import { getState, type ICredentials } from '../internal/state.ts';

const identityKey = (poolId: string) => `CognitoIdentityId-${poolId}`;

/** The Logins map for the signed-in user's ID token, keyed as Cognito Identity expects. */
function loginsFor(idToken: string): Record<string, string> {
  const { config } = getState();
  const region = config.region || config.userPoolId?.split('_')[0];
  return { [`cognito-idp.${region}.amazonaws.com/${config.userPoolId}`]: idToken };
}

/** The Cognito Identity endpoint. */
function identityPoolEndpoint(): string {
  const { config } = getState();
  if (config.identityPoolEndpoint) return config.identityPoolEndpoint;
  if (config.endpoint) return config.endpoint;
  const region = config.identityPoolRegion || config.region || config.identityPoolId?.split(':')[0];
  return `https://cognito-identity.${region}.amazonaws.com/`;
}

async function fetchCredentials(logins?: Record<string, string>): Promise<ICredentials> {
  const { config, storage } = getState();
  const poolId = config.identityPoolId;
  if (!poolId) throw new Error('No Cognito Identity pool provided for unauthenticated access');
  const service = 'AWSCognitoIdentityService' as const;
  const url = identityPoolEndpoint();
  // A guest keeps its identity id across reloads; a signed-in user gets theirs from GetId.
  let identityId = logins ? undefined : (storage.getItem(identityKey(poolId)) ?? undefined);
  if (!identityId) {
    const res = await request<{ IdentityId: string }>(
      'GetId',
      { IdentityPoolId: poolId, Logins: logins },
      service,
      url,
    );
    identityId = res.IdentityId;
  }
  const res = await request<{
    IdentityId: string;
    Credentials: {
      AccessKeyId: string;
      SecretKey: string;
      SessionToken: string;
      Expiration: number;
    };
  }>('GetCredentialsForIdentity', { IdentityId: identityId, Logins: logins }, service, url);
  storage.setItem(identityKey(poolId), res.IdentityId);
  const state = getState();
  state.credentials = {
    accessKeyId: res.Credentials.AccessKeyId,
    secretAccessKey: res.Credentials.SecretKey,
    sessionToken: res.Credentials.SessionToken,
    identityId: res.IdentityId,
    authenticated: !!logins,
    expiration: new Date(Number(res.Credentials.Expiration) * 1000),
  };
  return state.credentials;
}

/**
 * AWS credentials from the configured identity pool (Amplify v5 `Auth.currentCredentials`):
 * the signed-in user's (GetId + GetCredentialsForIdentity with the ID token), else a guest's
 * unless `mandatorySignIn`. Cached until five minutes before they expire.
 */
export async function currentCredentials(): Promise<ICredentials> {
  const cached = getState().credentials;
  if (cached?.expiration && cached.expiration.getTime() - 5 * 60_000 > Date.now()) return cached;
  const { config, storage } = getState();
  const federated = storage.getItem('aws-amplify-federatedInfo');
  if (federated) {
    const info = JSON.parse(federated) as { provider: string; token: string };
    return fetchCredentials({ [info.provider]: info.token });
  }
  const user = config.userPoolId && config.userPoolWebClientId ? storedUser() : null;
  if (user) {
    const session = await getSession(user).catch(() => null);
    if (session) return fetchCredentials(loginsFor(session.getIdToken().getJwtToken()));
  }
  if (config.mandatorySignIn) {
    throw new Error('cannot get guest credentials when mandatory signin enabled');
  }
  return fetchCredentials();
}

/** Alias of currentCredentials, re-reading the session (Amplify v5 `Auth.currentUserCredentials`). */
export async function currentUserCredentials(): Promise<ICredentials> {
  getState().credentials = undefined;
  return currentCredentials();
}

/** Stores a federated identity (token from a social SDK) and gets its credentials. */
export async function setFederated(info: {
  provider: string;
  token: string;
  identity_id?: string;
  user?: unknown;
  expires_at?: number;
}): Promise<ICredentials> {
  const state = getState();
  state.storage.setItem('aws-amplify-federatedInfo', JSON.stringify(info));
  state.credentials = undefined;
  return fetchCredentials({ [info.provider]: info.token });
}
