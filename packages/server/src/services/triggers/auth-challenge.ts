/**
 * The custom authentication triggers, DefineAuthChallenge, CreateAuthChallenge and
 * VerifyAuthChallengeResponse: their events in Cognito's shapes and their answers read as
 * Cognito reads them.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html
 */
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';
import { hidesExistence } from '../user-pools/client-auth.ts';
import { identifiersOf } from '../users/lookup.ts';
import { invokeTrigger, triggerEvent, unrecognizable } from './invoke.ts';

type Deps = Pick<Context, 'region' | 'functions'>;

/**
 * One element of the triggers' `session` array: a challenge of this sign-in and how it went.
 * Wire names (a handler reads them): never change them.
 */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  /** What CreateAuthChallenge named a CUSTOM_CHALLENGE; null for every other challenge. */
  challengeMetadata: string | null;
}

/** Who a custom sign-in is for, as the triggers are told. */
export interface ChallengeSubject {
  pool: UserPool;
  client: UserPoolClient;
  /** The user; undefined when nobody has the name and the client hides that (`userNotFound`). */
  user?: User;
  /** The name the client sent: the event's `userName` when there is no user. */
  username: string;
  /** ClientMetadata of the request being answered; InitiateAuth's is never passed on. */
  clientMetadata?: Record<string, string>;
}

/** What DefineAuthChallenge decided. */
export type DefineDecision =
  | { kind: 'fail' }
  | { kind: 'tokens' }
  | { kind: 'challenge'; name: string };

/** What CreateAuthChallenge made. */
export interface CreatedChallenge {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata: string | null;
}

/** Alias attributes Cognito shows the triggers as `cognito:<name>_alias`. */
const ALIASES = ['email', 'phone_number'];

/**
 * `request.userAttributes` as Cognito fills it for these triggers: `sub`, the user's status as
 * `cognito:user_status`, the email / phone number the user signs in with as
 * `cognito:email_alias` / `cognito:phone_number_alias`, then every attribute. Empty for nobody.
 */
export function triggerUserAttributes(pool: UserPool, user: User | undefined) {
  if (!user) return {};
  const { sub, ...rest } = user.attributes;
  const aliases = identifiersOf(pool, user)
    .filter((i) => ALIASES.includes(i.kind) && user.attributes[i.kind])
    .map((i) => [`cognito:${i.kind}_alias`, user.attributes[i.kind]]);
  return {
    sub: sub ?? user.id,
    'cognito:user_status': user.status,
    ...Object.fromEntries(aliases),
    ...rest,
  };
}

/**
 * The request members every challenge trigger gets after its own: `clientMetadata` when the
 * request sent some, `userNotFound` only when the client hides user existence (as on Cognito).
 */
function tail(s: ChallengeSubject) {
  const metadata = s.clientMetadata && Object.keys(s.clientMetadata).length > 0;
  return {
    ...(metadata && { clientMetadata: s.clientMetadata }),
    ...(hidesExistence(s.client) && { userNotFound: !s.user }),
  };
}

function event<Req, Res>(ctx: Deps, s: ChallengeSubject, source: string, req: Req, res: Res) {
  return triggerEvent(ctx, {
    triggerSource: source,
    userPoolId: s.pool.id,
    userName: s.user?.username ?? s.username,
    clientId: s.client.id,
    request: req,
    response: res,
  });
}

type ChallengeTrigger =
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse';

function arnOf(pool: UserPool, name: ChallengeTrigger): string | undefined {
  return pool.settings.LambdaConfig?.[name];
}

/** True when the pool has the trigger that starts a custom sign-in. */
export function hasCustomAuth(pool: UserPool): boolean {
  return Boolean(arnOf(pool, 'DefineAuthChallenge'));
}

/**
 * Runs DefineAuthChallenge (`DefineAuthChallenge_Authentication`) on the session so far. Its
 * answer, in Cognito's order: `failAuthentication` ends the sign-in, `issueTokens` finishes it,
 * `challengeName` names the next challenge; an answer with none of them is
 * InvalidLambdaResponseException.
 */
export async function defineAuthChallenge(
  ctx: Deps,
  s: ChallengeSubject,
  session: ChallengeResult[],
): Promise<DefineDecision> {
  const arn = arnOf(s.pool, 'DefineAuthChallenge') as string;
  const request = {
    userAttributes: triggerUserAttributes(s.pool, s.user),
    session,
    ...tail(s),
  };
  const response = { challengeName: null, issueTokens: null, failAuthentication: null };
  const answer = await invokeTrigger(
    ctx,
    'DefineAuthChallenge',
    arn,
    event(ctx, s, 'DefineAuthChallenge_Authentication', request, response),
  );
  const r = answer.response as Record<string, unknown>;
  if (readFlag(r.failAuthentication)) return { kind: 'fail' };
  if (readFlag(r.issueTokens)) return { kind: 'tokens' };
  const name = readString(r.challengeName);
  if (!name) throw unrecognizable();
  return { kind: 'challenge', name };
}

/**
 * Runs CreateAuthChallenge (`CreateAuthChallenge_Authentication`) for challenge `name`. Missing
 * parameters are empty; scalar values are taken as strings, as Cognito's string maps take them.
 */
export async function createAuthChallenge(
  ctx: Deps,
  s: ChallengeSubject,
  session: ChallengeResult[],
  name: string,
): Promise<CreatedChallenge> {
  const arn = arnOf(s.pool, 'CreateAuthChallenge');
  if (!arn) throw notConfigured();
  const request = {
    userAttributes: triggerUserAttributes(s.pool, s.user),
    challengeName: name,
    session,
    ...tail(s),
  };
  const response = {
    publicChallengeParameters: null,
    privateChallengeParameters: null,
    challengeMetadata: null,
  };
  const answer = await invokeTrigger(
    ctx,
    'CreateAuthChallenge',
    arn,
    event(ctx, s, 'CreateAuthChallenge_Authentication', request, response),
  );
  const r = answer.response as Record<string, unknown>;
  return {
    publicChallengeParameters: readMap(r.publicChallengeParameters),
    privateChallengeParameters: readMap(r.privateChallengeParameters),
    challengeMetadata: readString(r.challengeMetadata) ?? null,
  };
}

/**
 * Runs VerifyAuthChallengeResponse (`VerifyAuthChallengeResponse_Authentication`) on the
 * client's ANSWER: true only when the function says `answerCorrect: true`.
 */
export async function verifyAuthChallengeResponse(
  ctx: Deps,
  s: ChallengeSubject,
  privateChallengeParameters: Record<string, string>,
  challengeAnswer: string,
): Promise<boolean> {
  const arn = arnOf(s.pool, 'VerifyAuthChallengeResponse');
  if (!arn) throw notConfigured();
  const request = {
    userAttributes: triggerUserAttributes(s.pool, s.user),
    privateChallengeParameters,
    challengeAnswer,
    ...tail(s),
  };
  const answer = await invokeTrigger(
    ctx,
    'VerifyAuthChallengeResponse',
    arn,
    event(ctx, s, 'VerifyAuthChallengeResponse_Authentication', request, { answerCorrect: null }),
  );
  return readFlag((answer.response as Record<string, unknown>).answerCorrect);
}

/** Cognito's answer to a custom sign-in on a pool without its triggers. */
export function notConfigured() {
  return new InvalidParameterException(
    'Custom auth lambda trigger is not configured for the user pool.',
  );
}

/** A boolean member: true, false or absent; JSON strings "true" / "false" count as Cognito reads them. */
function readFlag(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw unrecognizable();
}

/** A scalar as the string Cognito's string members take it; null and absent are undefined. */
function readScalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw unrecognizable();
}

/** A string member; empty counts as absent. */
function readString(value: unknown): string | undefined {
  return readScalar(value) || undefined;
}

/** A map of strings; null members are left out, nested objects are refused. */
function readMap(value: unknown): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw unrecognizable();
  const out: Record<string, string> = {};
  for (const [key, member] of Object.entries(value)) {
    const text = readScalar(member);
    if (text !== undefined) out[key] = text;
  }
  return out;
}
