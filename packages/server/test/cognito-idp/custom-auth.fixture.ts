// What the custom authentication tests share: the challenge functions, written as one writes
// them for Lambda, a server that runs them, pools wired to them and the client calls.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminDisableUserCommand,
  type CreateUserPoolRequest,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createConfirmed,
  createPool,
  startTestServer,
  type TestServer,
  unique,
  verifiedEmail,
} from '../support/index.ts';

/** The answer the `create` function expects. */
export const ANSWER = 'tiger-lily-42';

const RECORD = '(globalThis.customAuthEvents ??= []).push(structuredClone(event));';

// `define` is the documentation's state machine: SRP_A → PASSWORD_VERIFIER → CUSTOM_CHALLENGE
// until one is answered right (tokens) or three are answered wrong (failure).
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
      event.response.publicChallengeParameters = { question: 'Password of the day?', round };
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
  'issuenow.mjs': `
    export const handler = async (event) => {
      ${RECORD}
      event.response.issueTokens = !event.request.userNotFound;
      event.response.failAuthentication = Boolean(event.request.userNotFound);
      return event;
    };`,
  'askpassword.mjs': `
    export const handler = async (event) => {
      event.response.challengeName = 'PASSWORD_VERIFIER';
      event.response.issueTokens = false;
      event.response.failAuthentication = false;
      return event;
    };`,
  'throws.cjs': `
    exports.handler = (event, context, callback) => callback(new Error('Challenge service down'));`,
  'hangs.mjs': `export const handler = () => new Promise(() => {});`,
  'undecided.mjs': `export const handler = async (event) => event;`,
  'notevent.mjs': `export const handler = async () => 'nope';`,
  'maybe.mjs': `
    export const handler = async (event) => {
      event.response.answerCorrect = 'maybe';
      return event;
    };`,
};

/** Every event the functions received, oldest first (the server runs in this process). */
export function events(): TriggerEvent[] {
  return ((globalThis as Record<string, unknown>).customAuthEvents as TriggerEvent[]) ?? [];
}

/** A recorded trigger event. */
export interface TriggerEvent {
  triggerSource: string;
  userName: string;
  userPoolId: string;
  request: Record<string, unknown> & { session?: unknown[] };
  response: Record<string, unknown>;
  [key: string]: unknown;
}

/** The events of `userName` recorded since `mark` (an `events().length`). */
export function eventsSince(mark: number, userName?: string): TriggerEvent[] {
  return events()
    .slice(mark)
    .filter((e) => userName === undefined || e.userName === userName);
}

/** The `session` arrays DefineAuthChallenge received since `mark`. */
export function defineSessions(mark: number, userName?: string): unknown[][] {
  return eventsSince(mark, userName)
    .filter((e) => e.triggerSource === 'DefineAuthChallenge_Authentication')
    .map((e) => e.request.session as unknown[]);
}

export const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** A server whose functions folder holds the functions above. */
export async function startCustomAuthServer(): Promise<TestServer> {
  const functionsDir = mkdtempSync(path.join(tmpdir(), 'cognate-custom-auth-'));
  for (const [file, source] of Object.entries(FUNCTIONS)) {
    writeFileSync(path.join(functionsDir, file), source);
  }
  const t = await startTestServer({ config: { functionsDir } });
  const close = t.close.bind(t);
  t.close = async () => {
    await close();
    rmSync(functionsDir, { recursive: true, force: true });
  };
  return t;
}

const FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];

/** A pool with the three challenge triggers, a client, a client hiding user existence. */
export async function customPool(
  t: TestServer,
  fns: { define?: string; create?: string; verify?: string } = {},
  settings: Partial<CreateUserPoolRequest> = {},
) {
  const names = { define: 'define', create: 'create', verify: 'verify', ...fns };
  const pool = await createPool(t, {
    ...settings,
    LambdaConfig: {
      DefineAuthChallenge: arn(names.define),
      CreateAuthChallenge: arn(names.create),
      VerifyAuthChallengeResponse: arn(names.verify),
    },
  });
  const client = await createClient(t, pool.Id, { ExplicitAuthFlows: FLOWS });
  const hiding = await createClient(t, pool.Id, {
    ExplicitAuthFlows: FLOWS,
    PreventUserExistenceErrors: 'ENABLED',
  });
  return { poolId: pool.Id, clientId: client.ClientId, hidingId: hiding.ClientId };
}

/** A confirmed user with a verified email, in `poolId`. */
export async function customUser(t: TestServer, poolId: string, prefix = 'custom') {
  const username = unique(prefix);
  await createConfirmed(t, poolId, username, {
    attributes: verifiedEmail(`${username}@example.com`),
  });
  return username;
}

export function disable(t: TestServer, poolId: string, username: string) {
  return t.admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
}

/** InitiateAuth CUSTOM_AUTH. */
export function initiate(
  t: TestServer,
  clientId: string,
  username: string,
  extra: Record<string, string> = {},
  metadata?: Record<string, string>,
) {
  return t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: username, ...extra },
      ClientMetadata: metadata,
    }),
  );
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE. */
export function answer(
  t: TestServer,
  clientId: string,
  session: string | undefined,
  responses: Record<string, string>,
  metadata?: Record<string, string>,
) {
  return t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: session,
      ChallengeResponses: responses,
      ClientMetadata: metadata,
    }),
  );
}

// The SRP side of the client, from amazon-cognito-identity-js (its internals have no types).
interface ClientBigInteger {
  toString(radix: number): string;
}
interface ClientHelper {
  getLargeAValue(cb: (err: unknown, A: ClientBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: ClientBigInteger,
    salt: ClientBigInteger,
    cb: (err: unknown, hkdf: Buffer) => void,
  ): void;
}
const require = createRequire(import.meta.url);
const AuthenticationHelper: new (poolName: string) => ClientHelper =
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger: new (s: string, radix: number) => ClientBigInteger =
  require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const DateHelper: new () => { getNowString(): string } =
  require('amazon-cognito-identity-js/lib/DateHelper.js').default;

/** The client half of SRP for one sign-in: `A` now, the PASSWORD_VERIFIER answer later. */
export async function srpClient(poolId: string) {
  const poolName = poolId.split('_')[1];
  const helper = new AuthenticationHelper(poolName);
  const A = await new Promise<ClientBigInteger>((resolve, reject) =>
    helper.getLargeAValue((err, a) => (err ? reject(err) : resolve(a))),
  );
  return {
    A: A.toString(16),
    /** The ChallengeResponses proving `password` for PASSWORD_VERIFIER's parameters. */
    async claim(params: Record<string, string>, password: string) {
      const username = params.USER_ID_FOR_SRP;
      assert.ok(username && params.SRP_B && params.SALT && params.SECRET_BLOCK);
      const hkdf = await new Promise<Buffer>((resolve, reject) =>
        helper.getPasswordAuthenticationKey(
          username,
          password,
          new BigInteger(params.SRP_B, 16),
          new BigInteger(params.SALT, 16),
          (err, key) => (err ? reject(err) : resolve(key)),
        ),
      );
      const timestamp = new DateHelper().getNowString();
      const signature = createHmac('sha256', hkdf)
        .update(
          Buffer.concat([
            Buffer.from(poolName),
            Buffer.from(username),
            Buffer.from(params.SECRET_BLOCK, 'base64'),
            Buffer.from(timestamp),
          ]),
        )
        .digest('base64');
      return {
        USERNAME: username,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      };
    },
  };
}
