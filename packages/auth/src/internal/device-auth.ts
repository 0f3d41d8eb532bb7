// Remembered devices during sign-in, loaded on first use: ConfirmDevice for a device the pool has
// just issued, and DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER for one it knows, as
// identity-js's CognitoUser (authenticateUserInternal, getDeviceResponse) does them.
import { fromHex, randomBytes, toBase64, toHex } from './bytes.ts';
import { loadDevice, userKey } from './cache.ts';
import { request } from './client.ts';
import { serviceError } from './errors.ts';
import { type AuthResponse, type FlowOutcome, handleResponse } from './flow.ts';
import {
  claimSignature,
  createSrpClient,
  hexHash,
  modPow,
  padHex,
  passwordAuthenticationKey,
  srpTimestamp,
  textHash,
} from './srp.ts';
import { getState } from './state.ts';
import type { CognitoUser } from './user.ts';

/**
 * A device's verifier for ConfirmDevice, as identity-js `generateHashDevice` makes it: a random
 * password (40 bytes, base64), x = H(salt | H(groupKey + deviceKey + ':' + password)),
 * verifier = g^x mod N in the user SRP group; salt and verifier base64.
 */
export async function deviceVerifier(
  deviceGroupKey: string,
  deviceKey: string,
): Promise<{ randomPassword: string; salt: string; verifier: string }> {
  const randomPassword = toBase64(randomBytes(40));
  const hashed = await textHash(`${deviceGroupKey}${deviceKey}:${randomPassword}`);
  const salt = padHex(BigInt(`0x${toHex(randomBytes(16))}`));
  const x = BigInt(`0x${await hexHash(salt + hashed)}`);
  return {
    randomPassword,
    salt: toBase64(fromHex(salt)),
    verifier: toBase64(fromHex(padHex(modPow(2n, x)))),
  };
}

/** Stores the user's device key, random password and group key. */
function cacheDevice(user: CognitoUser): void {
  const { storage } = getState();
  const c = user.pool.clientId;
  if (user.deviceKey) storage.setItem(userKey(c, user.username, 'deviceKey'), user.deviceKey);
  if (user.randomPassword)
    storage.setItem(userKey(c, user.username, 'randomPasswordKey'), user.randomPassword);
  if (user.deviceGroupKey)
    storage.setItem(userKey(c, user.username, 'deviceGroupKey'), user.deviceGroupKey);
}

/** The browser's user agent, as identity-js names the device; elsewhere the library's name. */
function deviceName(): string {
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  return nav?.userAgent || 'cognate-auth';
}

/**
 * ConfirmDevice for the device the pool just issued, with a fresh verifier; the device key,
 * group key and random password are then kept in storage under identity-js's keys. The user is
 * signed in either way: a device that cannot be confirmed is dropped, as aws-amplify v6 does,
 * rather than failing a sign-in whose tokens are already issued.
 */
export async function confirmDevice(
  user: CognitoUser,
  meta: { DeviceKey: string; DeviceGroupKey: string },
): Promise<FlowOutcome> {
  try {
    const v = await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
    const res = await request<{ UserConfirmationNecessary?: boolean }>('ConfirmDevice', {
      DeviceKey: meta.DeviceKey,
      AccessToken: user.signInUserSession?.getAccessToken().getJwtToken(),
      DeviceSecretVerifierConfig: { Salt: v.salt, PasswordVerifier: v.verifier },
      DeviceName: deviceName(),
    });
    user.deviceKey = meta.DeviceKey;
    user.deviceGroupKey = meta.DeviceGroupKey;
    user.randomPassword = v.randomPassword;
    cacheDevice(user);
    return res.UserConfirmationNecessary === true
      ? { kind: 'success', userConfirmationNecessary: true }
      : { kind: 'success' };
  } catch {
    return { kind: 'success' };
  }
}

/**
 * DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER: SRP with the device key as the user, the group
 * key as the pool and the stored random password. Without a stored device this fails with
 * aws-amplify v6's DeviceMetadataNotFoundException.
 */
export async function deviceAuth(
  user: CognitoUser,
  clientMetadata?: Record<string, string>,
): Promise<FlowOutcome> {
  if (!user.deviceKey) loadDevice(user);
  const { deviceKey, deviceGroupKey, randomPassword } = user;
  if (!deviceKey || !deviceGroupKey || !randomPassword) {
    throw serviceError(
      'DeviceMetadataNotFoundException',
      'Either deviceKey, deviceGroupKey or secretPassword were not found during the sign-in process.',
    );
  }
  const srp = createSrpClient();
  const first = await request<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'DEVICE_SRP_AUTH',
    ClientId: user.pool.clientId,
    ChallengeResponses: {
      USERNAME: user.username,
      DEVICE_KEY: deviceKey,
      SRP_A: srp.A.toString(16),
    },
    ClientMetadata: clientMetadata,
    Session: user.Session,
  });
  const cp = first.ChallengeParameters ?? {};
  const key = await passwordAuthenticationKey(
    srp,
    deviceGroupKey,
    deviceKey,
    randomPassword,
    cp.SRP_B ?? '',
    cp.SALT ?? '',
  );
  const timestamp = srpTimestamp();
  const secretBlock = cp.SECRET_BLOCK ?? '';
  const res = await request<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    ClientId: user.pool.clientId,
    ChallengeResponses: {
      USERNAME: cp.USERNAME ?? user.username,
      PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: await claimSignature(
        key,
        deviceGroupKey,
        deviceKey,
        secretBlock,
        timestamp,
      ),
      DEVICE_KEY: deviceKey,
    },
    ClientMetadata: clientMetadata,
    Session: first.Session,
  });
  return handleResponse(user, res, clientMetadata);
}
