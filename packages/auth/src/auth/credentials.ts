// Identity-pool credentials: Cognito Identity's GetId and GetCredentialsForIdentity (JSON 1.1,
// unsigned), as aws-amplify v5's Credentials class and v6's credentials provider call them. The two
// differ on the wire and in storage, and each API here does as its own Amplify does, so a page
// moving from aws-amplify keeps its guest identity:
//
// |                       | v5 (`Auth.currentCredentials`)            | v6 (`fetchAuthSession`)                   |
// |-----------------------|-------------------------------------------|-------------------------------------------|
// | guest id kept under   | `CognitoIdentityId-<identityPoolId>`      | `com.amplify.Cognito.<identityPoolId>.identityId` |
// | user-pool Logins key  | `cognito-idp.<region>.amazonaws.com/<id>` | the ID token's `iss` without the scheme   |
// | guest GetId           | `{ IdentityPoolId }`                      | `{ IdentityPoolId, Logins: {} }`          |
//
// Both send a kept guest identity id with the user's Logins after sign-in, so the service links the
// guest identity to the user, and then forget it; the user's identity id stays in memory.
import { request } from '../internal/client.ts';
import { serviceError } from '../internal/errors.ts';
import { getState, type ICredentials } from '../internal/state.ts';
import { CognitoIdToken } from '../internal/tokens.ts';
import { currentSession } from './session.ts';

/** Which Amplify the call imitates: v5 (`Auth.currentCredentials`) or v6 (`fetchAuthSession`). */
export type CredentialsApi = 'v5' | 'v6';

/**
 * The storage key of the guest identity id. Wire names shared with aws-amplify: never rename.
 */
export function guestIdentityKey(api: CredentialsApi, identityPoolId: string): string {
  return api === 'v5'
    ? `CognitoIdentityId-${identityPoolId}`
    : `com.amplify.Cognito.${identityPoolId}.identityId`;
}

/**
 * The Logins map for a user-pool ID token: v5 names the pool `cognito-idp.<region>.amazonaws.com/<userPoolId>`,
 * v6 by the token's issuer without its scheme (`127.0.0.1:9229/<userPoolId>` on Cognate).
 */
export function userPoolLogins(api: CredentialsApi, idToken: string): Record<string, string> {
  if (api === 'v6') {
    const iss = new CognitoIdToken({ IdToken: idToken }).decodePayload().iss;
    if (typeof iss !== 'string' || !iss) {
      throw Object.assign(new Error('Invalid Idtoken.'), { name: 'InvalidIdTokenException' });
    }
    return { [iss.replace(/(^\w+:|^)\/\//, '')]: idToken };
  }
  const { region, userPoolId } = getState().config;
  const r = region || userPoolId?.split('_')[0];
  return { [`cognito-idp.${r}.amazonaws.com/${userPoolId}`]: idToken };
}

/**
 * The Cognito Identity endpoint: `identityPoolEndpoint`, else the user pool's `endpoint` (a Cognate
 * server serves both APIs), else AWS's for the identity pool's region.
 */
export function identityPoolEndpoint(): string {
  const { config } = getState();
  if (config.identityPoolEndpoint) return config.identityPoolEndpoint;
  if (config.endpoint) return config.endpoint;
  const region = config.identityPoolRegion || config.identityPoolId?.split(':')[0] || config.region;
  return `https://cognito-identity.${region}.amazonaws.com/`;
}

/** Amplify's credentials TTL: both versions ask again fifty minutes after getting an hour's worth. */
const TTL_MS = 50 * 60_000;

/**
 * When credentials got now and expiring at `expiration` are asked for again: after Amplify's fifty
 * minutes, or five sixths of their lifetime when that is shorter (a server handing out
 * credentials for less than an hour), so they are never handed out expired.
 */
export function refreshPoint(expiration: Date, now: number = Date.now()): number {
  return now + Math.min(TTL_MS, ((expiration.getTime() - now) * 5) / 6);
}

interface GetCredentialsResponse {
  IdentityId?: string;
  Credentials?: {
    AccessKeyId?: string;
    SecretKey?: string;
    SessionToken?: string;
    Expiration?: number;
  };
}

const call = <T>(operation: string, body: Record<string, unknown>) =>
  request<T>(operation, body, 'AWSCognitoIdentityService', identityPoolEndpoint());

/** What one credentials request is for. */
interface Want {
  api: CredentialsApi;
  /** The Logins map; absent for a guest. */
  logins?: Record<string, string>;
  /** The user-pool ID token the logins carry, which the credentials then belong to. */
  idToken?: string;
  /** A known identity id (a federated sign-in's `identity_id`): then no GetId. */
  identityId?: string;
  /** Send the kept guest identity id with the logins so the service links it (user pools). */
  link?: boolean;
}

/**
 * GetId (unless an identity id is known) then GetCredentialsForIdentity, and keeps the result.
 * A guest's identity id is kept in storage; a user's Logins go with the kept guest identity id,
 * which the service then links to the user, and the user's identity id is kept in memory.
 */
async function obtain(want: Want): Promise<ICredentials> {
  const state = getState();
  const { config, storage } = state;
  const poolId = config.identityPoolId as string;
  const key = guestIdentityKey(want.api, poolId);
  const { logins } = want;
  const link = !!logins && !!want.link;
  await state.storageSync;
  const guestId = logins && !link ? undefined : (storage.getItem(key) ?? undefined);
  // v6 keeps the user's identity id in memory; v5 asks GetId again each time.
  const primary = link && want.api === 'v6' ? state.primaryIdentityId : undefined;
  const known = want.identityId ?? guestId ?? primary;
  // v6 sends `Logins: {}` for a guest; v5 sends none.
  const getId = async () =>
    (
      await call<{ IdentityId: string }>('GetId', {
        IdentityPoolId: poolId,
        Logins: logins ?? (want.api === 'v6' ? {} : undefined),
      })
    ).IdentityId;
  const getCredentials = (IdentityId: string) =>
    call<GetCredentialsResponse>('GetCredentialsForIdentity', { IdentityId, Logins: logins });
  let res: GetCredentialsResponse;
  try {
    res = await getCredentials(known ?? (await getId()));
  } catch (err) {
    // A kept identity that no longer exists (deleted, the pool recreated): start over, as v5
    // does for a guest.
    if (
      !known ||
      want.identityId ||
      (err as { code?: string }).code !== 'ResourceNotFoundException'
    )
      throw err;
    storage.removeItem(key);
    state.primaryIdentityId = undefined;
    res = await getCredentials(await getId());
  }
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretKey) {
    throw serviceError(
      'CredentialsException',
      'Cognito did not respond with either Credentials, AccessKeyId or SecretKey.',
    );
  }
  const identityId = res.IdentityId as string;
  if (!logins) storage.setItem(key, identityId);
  else if (link) {
    // The guest identity is the user's now (or merged into it): never a guest's again.
    if (guestId) storage.removeItem(key);
    state.primaryIdentityId = identityId;
  }
  const expiration = new Date(Number(c.Expiration) * 1000);
  state.credentials = {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretKey,
    sessionToken: c.SessionToken as string,
    identityId,
    authenticated: !!logins,
    expiration,
  };
  state.credentialsRefreshAt = refreshPoint(expiration);
  state.credentialsToken = want.idToken;
  return state.credentials;
}

// One request at a time per kind, however many callers ask (Amplify v5's _gettingCredPromise):
// two guests asking at once must not make two identities.
const inflight = new Map<string, Promise<ICredentials>>();

function once(want: Want): Promise<ICredentials> {
  const id = `${want.api} ${want.idToken ?? (want.logins ? JSON.stringify(want.logins) : '')}`;
  let p = inflight.get(id);
  if (!p) {
    p = obtain(want).finally(() => inflight.delete(id));
    inflight.set(id, p);
  }
  return p;
}

/** The kept credentials when they are of this kind (and ID token) and not due for refresh. */
function kept(authenticated: boolean, idToken?: string): ICredentials | undefined {
  const s = getState();
  const c = s.credentials;
  if (!c || c.authenticated !== authenticated || Date.now() >= (s.credentialsRefreshAt ?? 0)) {
    return undefined;
  }
  return !idToken || s.credentialsToken === idToken ? c : undefined;
}

/** Guest credentials, unless guest access is off (v5 rejects with these strings). */
function guestCredentials(api: CredentialsApi): Promise<ICredentials> {
  const { config } = getState();
  if (config.mandatorySignIn) {
    return Promise.reject('cannot get guest credentials when mandatory signin enabled');
  }
  if (!config.identityPoolId) {
    return Promise.reject('No Cognito Identity pool provided for unauthenticated access');
  }
  return once({ api });
}

/**
 * Credentials for aws-amplify v6's fetchAuthSession: the signed-in user's for `idToken`, else a
 * guest's when guest access is allowed (`allowGuestAccess`), else undefined; kept until they are
 * due for refresh or the ID token changes, asked again with `forceRefresh`.
 */
export async function sessionCredentials(
  idToken: string | undefined,
  forceRefresh = false,
): Promise<ICredentials | undefined> {
  const { config } = getState();
  if (!config.identityPoolId) return undefined;
  if (!idToken && config.mandatorySignIn) return undefined;
  const hit = forceRefresh ? undefined : kept(!!idToken, idToken);
  if (hit) return hit;
  if (!idToken) return once({ api: 'v6' });
  return once({ api: 'v6', logins: userPoolLogins('v6', idToken), idToken, link: true });
}

/**
 * AWS credentials from the identity pool (Amplify v5 `Auth.currentCredentials`): the kept ones
 * until they are due for refresh (fifty minutes of an hour's credentials), else
 * {@link currentUserCredentials}.
 *
 * @example
 * const credentials = Auth.essentialCredentials(await Auth.currentCredentials());
 * const s3 = new S3Client({ region, credentials });
 */
export async function currentCredentials(): Promise<ICredentials> {
  const s = getState();
  if (s.credentials && Date.now() < (s.credentialsRefreshAt ?? 0)) return s.credentials;
  return currentUserCredentials();
}

interface FederatedInfo {
  provider: string;
  token: string;
  identity_id?: string;
  user?: unknown;
  expires_at?: number;
}

/**
 * New credentials from the identity pool (Amplify v5 `Auth.currentUserCredentials`): for a
 * federated sign-in its token's; for a signed-in user their ID token's (a kept guest identity is
 * linked to them); otherwise, or when that fails, a guest's unless `mandatorySignIn`.
 */
export async function currentUserCredentials(): Promise<ICredentials> {
  const state = getState();
  await state.storageSync;
  let federated: FederatedInfo | null = null;
  try {
    federated = JSON.parse(state.storage.getItem('aws-amplify-federatedInfo') ?? 'null');
  } catch {
    federated = null;
  }
  if (federated) return federatedCredentials(federated);
  return currentSession()
    .then((session) => {
      if (!state.config.identityPoolId) {
        return Promise.reject('No Cognito Federated Identity pool provided');
      }
      const idToken = session.getIdToken().getJwtToken();
      return once({ api: 'v5', logins: userPoolLogins('v5', idToken), idToken, link: true });
    })
    .catch(() => guestCredentials('v5'));
}

/** Amplify v5's Logins names for the social providers it knows. */
const DOMAINS: Record<string, string> = {
  google: 'accounts.google.com',
  facebook: 'graph.facebook.com',
  amazon: 'www.amazon.com',
  developer: 'cognito-identity.amazonaws.com',
};

/** A federated sign-in's credentials while its token lasts (v5 has no refresh without a handler). */
function federatedCredentials(info: FederatedInfo): Promise<ICredentials> {
  if (!info.expires_at || info.expires_at <= Date.now()) {
    clearFederated();
    return Promise.reject('no refresh handler for provider');
  }
  if (!getState().config.identityPoolId) {
    return Promise.reject('No Cognito Federated Identity pool provided');
  }
  return federate(info);
}

async function federate(info: FederatedInfo): Promise<ICredentials> {
  const logins = { [DOMAINS[info.provider] ?? info.provider]: info.token };
  const credentials = await once({ api: 'v5', logins, identityId: info.identity_id });
  // v5 keeps the sign-in with the identity id as the user's `id`.
  const user = { id: credentials.identityId, ...(info.user as object | undefined) };
  getState().storage.setItem('aws-amplify-federatedInfo', JSON.stringify({ ...info, user }));
  return credentials;
}

function clearFederated(): void {
  const state = getState();
  state.credentials = undefined;
  state.storage.removeItem('aws-amplify-federatedInfo');
}

/** Stores a federated identity (a token from a social SDK) and gets its credentials. */
export async function setFederated(info: FederatedInfo): Promise<ICredentials> {
  getState().credentials = undefined;
  if (!getState().config.identityPoolId) {
    return Promise.reject('No Cognito Federated Identity pool provided');
  }
  return federate(info);
}

/**
 * After a v5 sign-in, credentials for the new ID token (Amplify v5's Credentials.set after
 * sign-in). A v6 app asks for them with fetchAuthSession instead, so its guest identity is linked
 * with v6's Logins.
 */
export async function credentialsAfterSignIn(): Promise<void> {
  const state = getState();
  state.credentials = undefined;
  state.primaryIdentityId = undefined;
  if (!state.config.identityPoolId || state.api === 'v6') return;
  await currentUserCredentials().catch(() => undefined);
}
