/**
 * Sign-in with an authenticator app: USER_SRP_AUTH, PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA (three
 * round trips). The phase has a pool of its own (MFA OPTIONAL, TOTP on), so the other phases
 * keep measuring pools without MFA, and users whose app is verified, turned on and preferred.
 *
 * The server takes a code once per user: a 30 s step signs a user in once, never twice and never
 * after a later one. A user therefore has at most three codes usable at once (the previous, the
 * current and the next step) and one more every 30 s; the phase reserves a step per sign-in,
 * user after user, and makes enough users for the sign-ins the crypto bound allows.
 */

import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { type AdminEndpoint, type BenchUser, eachLimited } from './flows.ts';
import type { IdpClient } from './load.ts';
import { passwordClaim, srpUser } from './srp-client.ts';

const PERIOD_MS = 30_000;
/** Steps a user can sign in with at once: the previous, the current and the next. */
export const CODES_PER_USER = 3;

export interface TotpUser extends BenchUser {
  totp: TOTP;
  /** The last step this user signed in with (or verified the app with). */
  lastStep: number;
}

export interface TotpPool {
  userPoolId: string;
  clientId: string;
  users: TotpUser[];
  /** Where the next reservation starts looking. */
  cursor: number;
}

interface AuthResponse {
  AuthenticationResult?: { AccessToken?: string };
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
}

/** A pool with TOTP MFA (OPTIONAL) and a public client allowing SRP and password sign-ins. */
export async function createTotpPool(
  admin: AdminEndpoint,
  idp: IdpClient,
  count: number,
): Promise<TotpPool> {
  const sdk = sdkOf(admin);
  try {
    const { UserPool } = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'bench-totp',
        Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
      }),
    );
    const userPoolId = UserPool?.Id as string;
    await sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'bench-totp',
        ExplicitAuthFlows: [
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
      }),
    );
    const pool = { userPoolId, clientId: UserPoolClient?.ClientId as string, users: [], cursor: 0 };
    await addTotpUsers(admin, idp, pool, count);
    return pool;
  } finally {
    sdk.destroy();
  }
}

function sdkOf(admin: AdminEndpoint) {
  return new CognitoIdentityProviderClient({
    region: admin.region,
    endpoint: admin.url,
    credentials: admin.credentials,
  });
}

const stepOf = (ms: number) => Math.floor(ms / PERIOD_MS);

/**
 * Adds `count` users with a verified, enabled and preferred authenticator app: created by the
 * administrator, then signed in once with the password to associate and verify the app.
 */
export async function addTotpUsers(
  admin: AdminEndpoint,
  idp: IdpClient,
  pool: TotpPool,
  count: number,
): Promise<void> {
  const sdk = sdkOf(admin);
  const first = pool.users.length;
  try {
    const batch = Array.from({ length: count }, (_, i) => {
      const password = `Bench-${first + i}-Totp${randomBytes(3).toString('hex')}`;
      return { username: `bench-totp-${first + i}`, password };
    });
    await eachLimited(batch, 8, async ({ username, password }) => {
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.userPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
        }),
      );
      await sdk.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: pool.userPoolId,
          Username: username,
          Password: password,
          Permanent: true,
        }),
      );
      const signedIn = await idp.call<AuthResponse>('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: pool.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      });
      const AccessToken = signedIn.AuthenticationResult?.AccessToken;
      const { SecretCode } = await idp.call<{ SecretCode: string }>('AssociateSoftwareToken', {
        AccessToken,
      });
      const totp = new TOTP({
        secret: Secret.fromBase32(SecretCode),
        algorithm: 'SHA1',
        digits: 6,
      });
      const now = Date.now();
      await idp.call('VerifySoftwareToken', {
        AccessToken,
        UserCode: totp.generate({ timestamp: now }),
      });
      await idp.call('SetUserMFAPreference', {
        AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      });
      pool.users.push({
        username,
        password,
        srp: srpUser(pool.userPoolId, password),
        totp,
        lastStep: stepOf(now),
      });
    });
  } finally {
    sdk.destroy();
  }
}

/** The steps `user` may still sign in with at `now`, as [from, to] (empty when from > to). */
function openSteps(user: TotpUser, now: number): [number, number] {
  const current = stepOf(now);
  // The previous step only while it has some life left: a sign-in takes a few round trips.
  const lowest = now - current * PERIOD_MS < PERIOD_MS - 2000 ? current - 1 : current;
  return [Math.max(user.lastStep + 1, lowest), current + 1];
}

/** How many sign-ins the users can still make right now. */
export function openCodes(pool: TotpPool, now = Date.now()): number {
  return pool.users.reduce((n, u) => {
    const [from, to] = openSteps(u, now);
    return n + Math.max(0, to - from + 1);
  }, 0);
}

/** Reserves the next user's next step: who signs in, and with which code. */
function reserve(pool: TotpPool, now: number): { user: TotpUser; code: string } {
  for (let tried = 0; tried < pool.users.length; tried++) {
    const user = pool.users[pool.cursor++ % pool.users.length];
    const [from, to] = openSteps(user, now);
    if (from <= to) {
      user.lastStep = from;
      return { user, code: user.totp.generate({ timestamp: from * PERIOD_MS }) };
    }
  }
  throw new Error(
    `every one of the ${pool.users.length} TOTP users signed in with all their codes of this 30 s window`,
  );
}

/** USER_SRP_AUTH, PASSWORD_VERIFIER, then SOFTWARE_TOKEN_MFA with the app's code. */
export async function totpSignIn(idp: IdpClient, pool: TotpPool) {
  const { user, code } = reserve(pool, Date.now());
  const challenge = await idp.call<AuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: user.username, SRP_A: user.srp.A },
  });
  if (challenge.ChallengeName !== 'PASSWORD_VERIFIER' || !challenge.ChallengeParameters) {
    throw new Error(`expected PASSWORD_VERIFIER: ${JSON.stringify(challenge).slice(0, 300)}`);
  }
  const mfa = await idp.call<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: pool.clientId,
    Session: challenge.Session,
    ChallengeResponses: passwordClaim(user.srp, challenge.ChallengeParameters),
  });
  if (mfa.ChallengeName !== 'SOFTWARE_TOKEN_MFA') {
    throw new Error(`expected SOFTWARE_TOKEN_MFA: ${JSON.stringify(mfa).slice(0, 300)}`);
  }
  const res = await idp.call<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    ClientId: pool.clientId,
    Session: mfa.Session,
    ChallengeResponses: { USERNAME: user.username, SOFTWARE_TOKEN_MFA_CODE: code },
  });
  if (!res.AuthenticationResult?.AccessToken) {
    throw new Error(`no tokens in response: ${JSON.stringify(res).slice(0, 300)}`);
  }
}
