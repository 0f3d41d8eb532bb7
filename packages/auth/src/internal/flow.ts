// The sign-in conversation with InitiateAuth / RespondToAuthChallenge, as identity-js's
// CognitoUser drives it (authenticateUserDefaultAuth, authenticateUserInternal, sendMFACode…).
import { cacheTokens, clearDevice, loadDevice } from './cache.ts';
import { request } from './client.ts';
import {
  claimSignature,
  createSrpClient,
  passwordAuthenticationKey,
  poolName,
  srpTimestamp,
} from './srp.ts';
import { sessionFromResult } from './tokens.ts';
import type { CognitoUser } from './user.ts';

/** A challenge the caller must answer, or success (the session is on the user). */
export type FlowOutcome =
  | { kind: 'success'; userConfirmationNecessary?: boolean }
  | { kind: 'challenge'; name: string; params: Record<string, unknown> };

/** What signIn was given. */
export interface SignInDetails {
  username: string;
  password?: string;
  validationData?: Record<string, string>;
  clientMetadata?: Record<string, string>;
}

/** InitiateAuth / RespondToAuthChallenge's answer. */
export interface AuthResponse {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: {
    IdToken?: string;
    AccessToken?: string;
    RefreshToken?: string;
    NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
  };
}

// identity-js sends validationData as ClientMetadata when there is any (a v5 quirk we keep).
function metadataOf(d: SignInDetails): Record<string, string> | undefined {
  return d.validationData && Object.keys(d.validationData).length > 0
    ? d.validationData
    : d.clientMetadata;
}

/** Signs in with the user's flow (SRP, password or custom); see identity-js authenticateUser. */
export async function authenticate(user: CognitoUser, d: SignInDetails): Promise<FlowOutcome> {
  const flow = user.authenticationFlowType;
  if (flow === 'USER_PASSWORD_AUTH') return passwordAuth(user, d);
  if (flow === 'USER_SRP_AUTH' || flow === 'CUSTOM_AUTH') return srpAuth(user, d);
  throw new Error('Authentication flow type is invalid.');
}

async function passwordAuth(user: CognitoUser, d: SignInDetails): Promise<FlowOutcome> {
  if (!d.password) throw new Error('PASSWORD parameter is required');
  loadDevice(user);
  const params: Record<string, string> = { USERNAME: user.username, PASSWORD: d.password };
  if (user.deviceKey) params.DEVICE_KEY = user.deviceKey;
  const res = await request<AuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: user.pool.clientId,
    AuthParameters: params,
    ClientMetadata: metadataOf(d),
  });
  return handleResponse(user, res, metadataOf(d));
}

async function srpAuth(user: CognitoUser, d: SignInDetails): Promise<FlowOutcome> {
  const srp = createSrpClient();
  const params: Record<string, string> = { USERNAME: user.username, SRP_A: srp.A.toString(16) };
  if (user.deviceKey) params.DEVICE_KEY = user.deviceKey;
  if (user.authenticationFlowType === 'CUSTOM_AUTH') params.CHALLENGE_NAME = 'SRP_A';
  const metadata = metadataOf(d);
  const init = await request<AuthResponse>('InitiateAuth', {
    AuthFlow: user.authenticationFlowType,
    ClientId: user.pool.clientId,
    AuthParameters: params,
    ClientMetadata: metadata,
  });
  // CUSTOM_AUTH may skip the password step (DefineAuthChallenge decides).
  if (init.ChallengeName !== 'PASSWORD_VERIFIER') return handleResponse(user, init, metadata);
  const cp = init.ChallengeParameters ?? {};
  // From here on the user is known by Cognito's id for SRP (the sub in alias pools).
  user.username = cp.USER_ID_FOR_SRP ?? user.username;
  loadDevice(user);
  const pool = poolName(user.pool.userPoolId);
  const key = await passwordAuthenticationKey(
    srp,
    pool,
    user.username,
    d.password ?? '',
    cp.SRP_B ?? '',
    cp.SALT ?? '',
  );
  const timestamp = srpTimestamp();
  const responses: Record<string, string | null> = {
    USERNAME: user.username,
    PASSWORD_CLAIM_SECRET_BLOCK: cp.SECRET_BLOCK ?? '',
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: await claimSignature(
      key,
      pool,
      user.username,
      cp.SECRET_BLOCK ?? '',
      timestamp,
    ),
  };
  if (user.deviceKey) responses.DEVICE_KEY = user.deviceKey;
  const body = {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: user.pool.clientId,
    ChallengeResponses: responses,
    Session: init.Session,
    ClientMetadata: metadata,
  };
  let res: AuthResponse;
  try {
    res = await request<AuthResponse>('RespondToAuthChallenge', body);
  } catch (err) {
    // A device the pool forgot: drop it and answer again without it (identity-js does).
    const e = err as { code?: string; message?: string };
    if (e.code !== 'ResourceNotFoundException' || !/device/i.test(e.message ?? '')) throw err;
    clearDevice(user);
    responses.DEVICE_KEY = null;
    res = await request<AuthResponse>('RespondToAuthChallenge', body);
  }
  return handleResponse(user, res, metadata);
}

/** CUSTOM_AUTH without a password (Amplify's signInWithoutPassword). */
export async function customAuth(user: CognitoUser, d: SignInDetails): Promise<FlowOutcome> {
  loadDevice(user);
  const params: Record<string, string> = { USERNAME: user.username };
  if (user.deviceKey) params.DEVICE_KEY = user.deviceKey;
  const res = await request<AuthResponse>('InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH',
    ClientId: user.pool.clientId,
    AuthParameters: params,
    ClientMetadata: metadataOf(d),
  });
  return handleResponse(user, res, metadataOf(d));
}

/**
 * Turns a sign-in response into a challenge or a session (identity-js authenticateUserInternal):
 * challenges keep their `Session`; tokens are cached; a new device is confirmed, and a
 * remembered one answers DEVICE_SRP_AUTH (both loaded on first use: most pools track no device).
 */
export async function handleResponse(
  user: CognitoUser,
  res: AuthResponse,
  clientMetadata?: Record<string, string>,
): Promise<FlowOutcome> {
  const name = res.ChallengeName;
  const params: Record<string, unknown> = { ...(res.ChallengeParameters ?? {}) };
  if (name) user.Session = res.Session ?? null;
  if (name === 'DEVICE_SRP_AUTH') {
    return (await import('../extras.ts')).deviceAuth(user, clientMetadata);
  }
  if (name === 'NEW_PASSWORD_REQUIRED') {
    // identity-js hands these over parsed, with the `userAttributes.` prefix stripped.
    const parse = (s: unknown) => (typeof s === 'string' ? JSON.parse(s) : null);
    const required = (parse(params.requiredAttributes) ?? []) as string[];
    return {
      kind: 'challenge',
      name,
      params: {
        userAttributes: parse(params.userAttributes),
        requiredAttributes: required.map((a) => a.slice('userAttributes.'.length)),
      },
    };
  }
  if (name) return { kind: 'challenge', name, params };
  const result = res.AuthenticationResult ?? {};
  user.signInUserSession = sessionFromResult(result);
  user.challengeName = undefined;
  cacheTokens(user);
  const meta = result.NewDeviceMetadata;
  if (!meta) return { kind: 'success' };
  return (await import('../extras.ts')).confirmDevice(user, meta);
}
