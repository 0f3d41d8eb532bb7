// What the MFA, device and custom-auth tests share: a server whose functions folder holds
// challenge triggers written as Lambda handlers, pools with MFA / device tracking / custom auth,
// users with a phone and an email, authenticator codes computed with otpauth at the server's
// time, the dev outbox, and the stores to run on (SQLite, and PostgreSQL when one answers).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminSetUserMFAPreferenceCommand,
  type CreateUserPoolRequest,
  type DeviceConfigurationType,
  type ExplicitAuthFlowsType,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createConfirmed,
  createPgDatabase,
  createPool,
  startTestServer,
  type TestServer,
  unique,
} from '@cognate/server/testing';
import { Secret, TOTP } from 'otpauth';

/** The answer the `create` trigger expects. */
export const ANSWER = 'tiger-lily-42';

const EVENTS = 'cognateAuthTestEvents';
const RECORD = `(globalThis.${EVENTS} ??= []).push(structuredClone(event));`;

// The documented state machine: SRP_A → PASSWORD_VERIFIER → CUSTOM_CHALLENGE until one answer
// is right (tokens) or three are wrong (failure).
const FUNCTIONS: Record<string, string> = {
  'define.mjs': `
    export const handler = async (event) => {
      ${RECORD}
      const session = event.request.session;
      const last = session.at(-1);
      const asked = session.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE').length;
      event.response.issueTokens = false;
      event.response.failAuthentication = false;
      if (last?.challengeName === 'SRP_A') {
        event.response.challengeName = 'PASSWORD_VERIFIER';
      } else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult === true) {
        event.response.issueTokens = true;
      } else if (asked >= 3) {
        event.response.failAuthentication = true;
      } else {
        event.response.challengeName = 'CUSTOM_CHALLENGE';
      }
      return event;
    };`,
  'create.mjs': `
    export const handler = async (event) => {
      ${RECORD}
      const round = event.request.session.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE').length + 1;
      event.response.publicChallengeParameters = { question: 'Password of the day?', round: String(round) };
      event.response.privateChallengeParameters = { answer: '${ANSWER}' };
      event.response.challengeMetadata = 'ROUND-' + round;
      return event;
    };`,
  'verify.mjs': `
    export const handler = async (event) => {
      ${RECORD}
      event.response.answerCorrect =
        event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
      return event;
    };`,
};

/** A recorded trigger event (the server runs the functions in this process). */
export interface TriggerEvent {
  triggerSource: string;
  userName: string;
  request: Record<string, unknown> & { session?: { challengeName: string }[] };
}

/** The trigger events of `userName` so far, oldest first. */
export function eventsOf(userName: string): TriggerEvent[] {
  const all = ((globalThis as Record<string, unknown>)[EVENTS] as TriggerEvent[]) ?? [];
  return all.filter((e) => e.userName === userName);
}

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/**
 * The stores to run on: both, always. PostgreSQL is part of the test setup (as for the server's
 * suite), so a missing one fails the PostgreSQL pass loudly rather than skipping it.
 */
export async function stores(): Promise<('sqlite' | 'postgres')[]> {
  return ['sqlite', 'postgres'];
}

/** A server on `store` whose functions folder holds the challenge triggers above. */
export async function startFlowsServer(store: 'sqlite' | 'postgres'): Promise<TestServer> {
  const functionsDir = mkdtempSync(path.join(tmpdir(), 'cognate-auth-fns-'));
  for (const [file, source] of Object.entries(FUNCTIONS)) {
    writeFileSync(path.join(functionsDir, file), source);
  }
  const db = store === 'postgres' ? await createPgDatabase() : undefined;
  const t = await startTestServer({ config: { functionsDir }, database: db?.url });
  const close = t.close.bind(t);
  t.close = async () => {
    await close();
    await db?.drop();
    rmSync(functionsDir, { recursive: true, force: true });
  };
  return t;
}

const FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_CUSTOM_AUTH',
];

/** Pool and client ids. */
export interface Ids {
  poolId: string;
  clientId: string;
}

/** Which second factors a pool offers, and how it treats devices. */
export interface PoolOptions {
  mfa?: 'ON' | 'OPTIONAL';
  sms?: boolean;
  totp?: boolean;
  email?: boolean;
  devices?: DeviceConfigurationType;
  custom?: boolean;
}

/** A pool as `opts` says, and a client allowing SRP, password, refresh and custom sign-ins. */
export async function flowsPool(t: TestServer, opts: PoolOptions): Promise<Ids> {
  const settings: Partial<CreateUserPoolRequest> = {};
  if (opts.devices) settings.DeviceConfiguration = opts.devices;
  if (opts.custom) {
    settings.LambdaConfig = {
      DefineAuthChallenge: arn('define'),
      CreateAuthChallenge: arn('create'),
      VerifyAuthChallengeResponse: arn('verify'),
    };
  }
  const pool = await createPool(t, settings);
  if (opts.mfa) {
    await t.admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: pool.Id,
        MfaConfiguration: opts.mfa,
        ...(opts.sms && {
          SmsMfaConfiguration: {
            SmsConfiguration: {
              SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms',
              ExternalId: 'cognate-auth-test',
            },
          },
        }),
        SoftwareTokenMfaConfiguration: { Enabled: Boolean(opts.totp) },
        ...(opts.email && {
          EmailMfaConfiguration: { Subject: 'Your code', Message: 'Code: {####}' },
        }),
      }),
    );
  }
  const client = await createClient(t, pool.Id, { ExplicitAuthFlows: FLOWS });
  return { poolId: pool.Id, clientId: client.ClientId };
}

/** A phone number unique to this run. */
export function uniquePhone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

/** A confirmed user with a verified phone number and email unless told otherwise. */
export async function flowsUser(
  t: TestServer,
  poolId: string,
  opts: { phone?: boolean; email?: boolean } = {},
) {
  const username = unique('flow');
  const phone = opts.phone === false ? undefined : uniquePhone();
  const email = opts.email === false ? undefined : `${username}@example.com`;
  const attributes = [
    ...(phone
      ? [
          { Name: 'phone_number', Value: phone },
          { Name: 'phone_number_verified', Value: 'true' },
        ]
      : []),
    ...(email
      ? [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ]
      : []),
  ];
  await createConfirmed(t, poolId, username, { attributes });
  return { username, phone, email };
}

/** Turns factors on for a user (AdminSetUserMFAPreference); none preferred unless told. */
export async function enableFactors(
  t: TestServer,
  poolId: string,
  username: string,
  factors: { sms?: boolean; totp?: boolean; email?: boolean; preferred?: 'sms' | 'totp' },
): Promise<void> {
  const setting = (on?: boolean, name?: string) =>
    on === undefined ? undefined : { Enabled: on, PreferredMfa: factors.preferred === name };
  await t.admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: username,
      SMSMfaSettings: setting(factors.sms, 'sms'),
      SoftwareTokenMfaSettings: setting(factors.totp, 'totp'),
      EmailMfaSettings: setting(factors.email, 'email'),
    }),
  );
}

/** An authenticator's code for `secret` at the server's time, `steps` periods of 30 s later. */
export function totpCode(t: TestServer, secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6 });
  return totp.generate({ timestamp: t.clock.now() + steps * 30_000 });
}

/** A six-digit code that is not `secret`'s near now. */
export function wrongTotp(t: TestServer, secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((s) => totpCode(t, secret, s)));
  let n = 0;
  while (near.has(String(n).padStart(6, '0'))) n++;
  return String(n).padStart(6, '0');
}

/** The code of the latest message the dev outbox holds for `to`. */
export async function outboxCode(t: TestServer, to: string): Promise<string> {
  const message = await t.outbox(to);
  assert.ok(message?.code, `a code was sent to ${to}`);
  return message.code;
}

/**
 * Replaces a run's own values (usernames, subs, codes, secrets, keys, JWTs) with placeholders
 * so that two libraries' runs compare.
 */
export function normalize(value: unknown, names: Record<string, string>): unknown {
  let text = JSON.stringify(value ?? null);
  for (const [real, label] of Object.entries(names)) {
    if (real) text = text.split(real).join(label);
  }
  text = text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>');
  return JSON.parse(text);
}

/** An error's comparable shape: Amplify v5 rejects some calls with a bare string. */
export function errorShape(err: unknown) {
  const e = err as { name?: string; code?: string; message?: string };
  return typeof err === 'string' ? { rejected: err } : { name: e.name, message: e.message };
}

/** Runs `step` and records its result or error shape. */
export async function outcome<T>(step: () => Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  try {
    return { ok: await step() };
  } catch (err) {
    return { error: errorShape(err) };
  }
}
