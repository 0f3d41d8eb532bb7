import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import {
  type AuthEventCursor,
  insertAuthEvent,
  listAuthEvents as listStoredEvents,
  type StoredAuthEvent,
} from '../../store/repositories/auth-events.ts';
import type { Context } from '../context.ts';
import { randomPooled } from '../crypto/random-pool.ts';
import { InvalidParameterException, UserPoolAddOnNotEnabledException } from '../errors.ts';

/** Cognito's EventType values (wire names). */
export type AuthEventType =
  | 'SignIn'
  | 'SignUp'
  | 'ForgotPassword'
  | 'PasswordChange'
  | 'ResendCode';

/** Cognito's EventResponse values (wire names). */
export type AuthEventResponse = 'Pass' | 'Fail' | 'InProgress';

/** Cognito's ChallengeResponseType: which check the attempt met and how it went. */
export interface ChallengeResult {
  ChallengeName: 'Password' | 'Mfa';
  ChallengeResponse: 'Success' | 'Failure';
}

let sequence = 0;

/**
 * A UUIDv7 event id: the time comes first and a per-process sequence follows, so ids of one
 * millisecond still sort in the order they were recorded (the list's tie-break).
 */
function eventId(now: number): string {
  sequence = (sequence + 1) % 4096;
  const hex = now.toString(16).padStart(12, '0').slice(-12);
  const rand = randomPooled(8);
  rand[0] = (rand[0] & 0x3f) | 0x80; // RFC 9562 variant
  const tail = rand.toString('hex');
  const seq = sequence.toString(16).padStart(3, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7${seq}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/**
 * Records one event in the user's history: one insert. Callers that then fail the operation
 * throw with `.keep()` so the event survives the rollback.
 */
export async function recordAuthEvent(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: Pick<User, 'id' | 'userPoolId'>,
  type: AuthEventType,
  response: AuthEventResponse,
  challenges: ChallengeResult[] = [],
): Promise<void> {
  const now = ctx.clock.now();
  await insertAuthEvent(ctx.db, {
    id: eventId(now),
    userPoolId: user.userPoolId,
    userId: user.id,
    eventType: type,
    eventResponse: response,
    challenges,
    createdAt: now,
  });
}

/** A sign-in attempt that got as far as the password: Pass, or Fail with how the password did. */
export function recordSignIn(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: Pick<User, 'id' | 'userPoolId'>,
  response: 'Pass' | 'Fail',
  password: 'Success' | 'Failure',
): Promise<void> {
  return recordAuthEvent(ctx, user, 'SignIn', response, [
    { ChallengeName: 'Password', ChallengeResponse: password },
  ]);
}

/**
 * The event `recordSignIn` stores, for a caller that writes it together with other rows in one
 * statement (a sign-in's refresh grant, services/tokens/grants.ts).
 */
export function signInEvent(
  ctx: Pick<Context, 'clock'>,
  user: Pick<User, 'id' | 'userPoolId'>,
  response: 'Pass' | 'Fail',
  password: 'Success' | 'Failure',
): StoredAuthEvent {
  const now = ctx.clock.now();
  return {
    id: eventId(now),
    userPoolId: user.userPoolId,
    userId: user.id,
    eventType: 'SignIn',
    eventResponse: response,
    challenges: [{ ChallengeName: 'Password', ChallengeResponse: password }],
    createdAt: now,
  };
}

/** Cognito's AuthEventType as AdminListUserAuthEvents returns it. */
export interface AuthEventView {
  EventId: string;
  EventType: AuthEventType;
  CreationDate: Date;
  EventResponse: AuthEventResponse;
  EventRisk: { RiskDecision: 'NoRisk'; CompromisedCredentialsDetected: false };
  ChallengeResponses: ChallengeResult[];
}

/** Most events one page holds, and what MaxResults 0 or absent means (Cognito's numbers). */
export const MAX_AUTH_EVENTS = 60;

function toView(e: StoredAuthEvent): AuthEventView {
  return {
    EventId: e.id,
    EventType: e.eventType as AuthEventType,
    CreationDate: new Date(e.createdAt),
    EventResponse: e.eventResponse as AuthEventResponse,
    // Without risk evaluation every event is what Cognito reports for a no-risk one: a decision
    // and the compromised-credentials flag, no RiskLevel.
    EventRisk: { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false },
    ChallengeResponses: e.challenges as ChallengeResult[],
  };
}

// NextToken is `<EventId>#<ISO date>` of the last event shown, the shape Cognito's tokens have.
function nextTokenOf(e: StoredAuthEvent): string {
  return `${e.id}#${new Date(e.createdAt).toISOString()}`;
}

function cursorOf(token: string): AuthEventCursor {
  const [id, date, extra] = token.split('#');
  const createdAt = Date.parse(date ?? '');
  if (!id || extra !== undefined || Number.isNaN(createdAt)) {
    throw new InvalidParameterException('Invalid pagination token.');
  }
  return { id, createdAt };
}

/**
 * AdminListUserAuthEvents: the user's sign-in history, newest first. Cognito keeps it only with
 * threat protection on; Cognate always keeps it and refuses only a pool that turns it OFF.
 */
export async function listAuthEvents(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  user: User,
  page: { maxResults?: number; nextToken?: string },
): Promise<{ events: AuthEventView[]; nextToken?: string }> {
  if (pool.settings.UserPoolAddOns?.AdvancedSecurityMode === 'OFF') {
    throw new UserPoolAddOnNotEnabledException();
  }
  const limit = page.maxResults || MAX_AUTH_EVENTS;
  const after = page.nextToken === undefined ? undefined : cursorOf(page.nextToken);
  // One extra row says whether another page follows.
  const rows = await listStoredEvents(ctx.db, user.id, limit + 1, after);
  const shown = rows.slice(0, limit);
  return {
    events: shown.map(toView),
    nextToken: rows.length > limit ? nextTokenOf(shown[shown.length - 1]) : undefined,
  };
}
