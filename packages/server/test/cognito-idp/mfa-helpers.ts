// What the MFA tests share: pools with MFA, users with a phone and an email, authenticator codes
// computed with otpauth at the server's time, and the sign-in calls through the AWS SDK.
import assert from 'node:assert/strict';
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AssociateSoftwareTokenCommand,
  type ChallengeNameType,
  type CreateUserPoolRequest,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  type SetUserPoolMfaConfigRequest,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import {
  createClient,
  createConfirmed,
  createPool,
  PASSWORD,
  signIn,
  type TestServer,
  unique,
} from '../support/index.ts';

/** An SMS configuration Cognito accepts for SMS MFA. */
export const SMS_CONFIGURATION = {
  SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms',
  ExternalId: 'cognate-test',
};

/** Which factors a test pool offers. */
export interface MfaPoolOptions {
  mode?: 'ON' | 'OPTIONAL';
  sms?: boolean;
  totp?: boolean;
  email?: boolean;
  smsMessage?: string;
  pool?: Partial<CreateUserPoolRequest>;
}

/** The SetUserPoolMfaConfig request for `opts` (without the pool id). */
export function mfaConfig(opts: MfaPoolOptions): Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'> {
  return {
    MfaConfiguration: opts.mode ?? 'OPTIONAL',
    ...(opts.sms && {
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: opts.smsMessage,
        SmsConfiguration: SMS_CONFIGURATION,
      },
    }),
    SoftwareTokenMfaConfiguration: { Enabled: Boolean(opts.totp) },
    ...(opts.email && { EmailMfaConfiguration: { Subject: 'Your code', Message: 'Code: {####}' } }),
  };
}

/**
 * A pool with MFA as `opts` says and a client allowing every sign-in flow this server speaks
 * (password, SRP, admin, refresh).
 */
export async function mfaPool(t: TestServer, opts: MfaPoolOptions = { totp: true }) {
  const pool = await createPool(t, opts.pool);
  await t.admin.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, ...mfaConfig(opts) }));
  const client = await createClient(t, pool.Id, {
    ExplicitAuthFlows: [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
  });
  return { poolId: pool.Id, clientId: client.ClientId };
}

/** A phone number unique to this run, as Cognito stores them. */
export function uniquePhone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

/** A confirmed user (PASSWORD) with a phone number and an email address unless told otherwise. */
export async function mfaUser(
  t: TestServer,
  poolId: string,
  opts: { phone?: string | false; email?: string | false } = {},
) {
  const username = unique('mfa');
  const phone = opts.phone === false ? undefined : (opts.phone ?? uniquePhone());
  const email = opts.email === false ? undefined : (opts.email ?? `${username}@example.com`);
  const attributes = [
    ...(phone ? [{ Name: 'phone_number', Value: phone }] : []),
    ...(email ? [{ Name: 'email', Value: email }] : []),
  ];
  await createConfirmed(t, poolId, username, { attributes });
  return { username, phone, email };
}

/** The server's clock now (tests may have moved it). */
export function serverNow(t: TestServer): number {
  return t.clock.now();
}

/** An authenticator's code for `secret` at the server's time, `steps` periods of 30 s later. */
export function totpCode(t: TestServer, secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6 });
  return totp.generate({ timestamp: serverNow(t) + steps * 30_000 });
}

/** A six-digit code that is not `secret`'s at any time near now. */
export function wrongTotp(t: TestServer, secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((s) => totpCode(t, secret, s)));
  let code = '000000';
  for (let n = 0; near.has(code); n++) code = String(n).padStart(6, '0');
  return code;
}

/** USER_PASSWORD_AUTH through the AWS SDK: tokens or a challenge. */
export function passwordAuth(
  t: TestServer,
  clientId: string,
  username: string,
  password = PASSWORD,
): Promise<InitiateAuthCommandOutput> {
  return t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
}

/** RespondToAuthChallenge through the AWS SDK. */
export function respond(
  t: TestServer,
  clientId: string,
  challengeName: string,
  session: string | undefined,
  responses: Record<string, string>,
) {
  return t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: challengeName as ChallengeNameType,
      Session: session,
      ChallengeResponses: responses,
    }),
  );
}

/** ADMIN_USER_PASSWORD_AUTH through the AWS SDK. */
export function adminPasswordAuth(
  t: TestServer,
  poolId: string,
  clientId: string,
  username: string,
) {
  return t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
}

/** AdminRespondToAuthChallenge through the AWS SDK. */
export function adminRespond(
  t: TestServer,
  poolId: string,
  clientId: string,
  challengeName: string,
  session: string | undefined,
  responses: Record<string, string>,
) {
  return t.admin.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      ChallengeName: challengeName as ChallengeNameType,
      Session: session,
      ChallengeResponses: responses,
    }),
  );
}

/**
 * Gives a signed-in user (no MFA asked yet) a verified authenticator app: AssociateSoftwareToken
 * and VerifySoftwareToken with the access token. The code of the current step is used up, so a
 * sign-in right after needs `totpCode(t, secret, 1)`.
 */
export async function verifiedTotp(t: TestServer, clientId: string, username: string) {
  const { AccessToken } = await signIn(t, clientId, username);
  const { SecretCode } = await t.anon.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  assert.ok(SecretCode);
  const res = await t.anon.send(
    new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(t, SecretCode) }),
  );
  assert.equal(res.Status, 'SUCCESS');
  return { secret: SecretCode, accessToken: AccessToken };
}

/** The latest message the dev outbox holds for `to` (username, address or phone number). */
export async function lastMessage(t: TestServer, to: string) {
  const res = await fetch(`${t.url}/_dev/outbox?username=${encodeURIComponent(to)}`);
  const { messages } = (await res.json()) as {
    messages: {
      channel: string;
      destination: string;
      subject?: string;
      body: string;
      code?: string;
    }[];
  };
  return messages[0];
}

/** How many messages the dev outbox holds for `to`. */
export async function messageCount(t: TestServer, to: string): Promise<number> {
  const res = await fetch(`${t.url}/_dev/outbox?username=${encodeURIComponent(to)}&limit=500`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}
