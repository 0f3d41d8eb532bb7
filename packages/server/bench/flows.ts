/**
 * What the bench does against a server: a pool, a client and confirmed users made through the
 * admin API (AWS SDK, works against Cognate and cognito-local alike), and the timed calls.
 */
import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdpClient } from './load.ts';
import { passwordClaim, type SrpUser, srpUser } from './srp-client.ts';

export interface BenchUser {
  username: string;
  password: string;
  srp: SrpUser;
  /** From this user's last password sign-in, for the refresh and JWT phases. */
  refreshToken?: string;
  accessToken?: string;
}

export interface BenchPool {
  userPoolId: string;
  clientId: string;
  users: BenchUser[];
}

export interface AdminEndpoint {
  url: string;
  region: string;
  /** cognito-local takes any. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const loop = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, loop));
}

/**
 * A pool with a simple password policy and no auto-verified attributes (so SignUp sends no
 * message), a public client allowing SRP, password and refresh sign-ins, and `count` confirmed
 * users with permanent passwords.
 */
export async function createPool(admin: AdminEndpoint, count: number): Promise<BenchPool> {
  const sdk = new CognitoIdentityProviderClient({
    region: admin.region,
    endpoint: admin.url,
    credentials: admin.credentials,
  });
  try {
    const { UserPool } = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'bench',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 8,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: false,
          },
        },
      }),
    );
    const userPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'bench',
        GenerateSecret: false,
        ExplicitAuthFlows: [
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
      }),
    );
    const users: BenchUser[] = Array.from({ length: count }, (_, i) => {
      const password = `Bench-${i}-Pass${randomBytes(3).toString('hex')}`;
      return { username: `bench-${i}`, password, srp: srpUser(userPoolId, password) };
    });
    await eachLimited(users, 8, async (u) => {
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: u.username,
          MessageAction: 'SUPPRESS',
        }),
      );
      await sdk.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: u.username,
          Password: u.password,
          Permanent: true,
        }),
      );
    });
    return { userPoolId, clientId: UserPoolClient?.ClientId as string, users };
  } finally {
    sdk.destroy();
  }
}

interface AuthResponse {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
}

function tokensOf(res: AuthResponse) {
  const result = res.AuthenticationResult;
  if (!result?.AccessToken || !result.IdToken) {
    throw new Error(`no tokens in response: ${JSON.stringify(res).slice(0, 300)}`);
  }
  return result;
}

/** USER_PASSWORD_AUTH; keeps the user's refresh and access token. */
export async function passwordSignIn(idp: IdpClient, clientId: string, user: BenchUser) {
  const res = await idp.call<AuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
  });
  const tokens = tokensOf(res);
  user.refreshToken = tokens.RefreshToken;
  user.accessToken = tokens.AccessToken;
}

/** USER_SRP_AUTH, then PASSWORD_VERIFIER. */
export async function srpSignIn(idp: IdpClient, clientId: string, user: BenchUser) {
  const challenge = await idp.call<AuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user.username, SRP_A: user.srp.A },
  });
  if (challenge.ChallengeName !== 'PASSWORD_VERIFIER' || !challenge.ChallengeParameters) {
    throw new Error(`expected PASSWORD_VERIFIER: ${JSON.stringify(challenge).slice(0, 300)}`);
  }
  const res = await idp.call<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: clientId,
    Session: challenge.Session,
    ChallengeResponses: passwordClaim(user.srp, challenge.ChallengeParameters),
  });
  tokensOf(res);
}

/** REFRESH_TOKEN_AUTH with the refresh token of the user's last password sign-in. */
export async function refreshSignIn(idp: IdpClient, clientId: string, user: BenchUser) {
  if (!user.refreshToken) throw new Error(`${user.username} has no refresh token`);
  const res = await idp.call<AuthResponse>('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: clientId,
    AuthParameters: { REFRESH_TOKEN: user.refreshToken },
  });
  tokensOf(res);
}

/** SignUp of a new user: `username` must be unique in the pool. */
export async function signUp(idp: IdpClient, clientId: string, username: string) {
  await idp.call('SignUp', { ClientId: clientId, Username: username, Password: 'Bench-SignUp-1' });
}
