import { createHash, randomUUID } from 'node:crypto';
import type { User } from '../../model/user.ts';
import type { UserPoolClient } from '../../model/user-pool.ts';
import {
  type AuthSession,
  countSessionAttempt,
  findSession,
  insertSession,
  takeLiveSessionWithUser,
  takeSession,
} from '../../store/repositories/auth-sessions.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import {
  DEFAULT_SESSION_MINUTES,
  type FlowCarry,
  type FlowState,
  type FlowStep,
} from './states.ts';

/**
 * A flow loaded from its Session string: where it belongs, and the step (`challenge`) it waits on
 * with that step's data. `Flow<'PASSWORD_VERIFIER'>` is one waiting on that step.
 */
export type Flow<S extends FlowStep = FlowStep> = {
  id: string;
  userPoolId: string;
  clientId: string;
  userId: string;
  /** What the flow carries from step to step (device key, ClientMetadata, AuthFlow). */
  carry: FlowCarry;
  /** Already used up when it was read (`takeFlow`): `consumeFlow` has nothing left to do. */
  consumed?: boolean;
  /** The flow's user, read with it by `takeFlow` (null: it names none, or no longer exists). */
  user?: User | null;
} & FlowState<S>;

/** Key of the carry inside the stored state JSON; no step's data uses it. */
const CARRY = '$carry';

function idOf(session: string): string {
  return createHash('sha256').update(session).digest('hex');
}

/** Stores a flow waiting on `challenge`; returns the opaque Session string for the client. */
export async function startFlow<S extends FlowStep>(
  ctx: Pick<Context, 'db' | 'clock' | 'random'>,
  input: {
    userPoolId: string;
    client: UserPoolClient;
    userId: string;
    /** Passed on to the next step; `flow.carry` when storing the step after a flow's answer. */
    carry?: FlowCarry;
  } & FlowState<S>,
): Promise<string> {
  const session = ctx.random(48).toString('base64');
  const now = ctx.clock.now();
  const minutes = input.client.settings.AuthSessionValidity ?? DEFAULT_SESSION_MINUTES;
  await insertSession(
    ctx.db,
    {
      id: idOf(session),
      userPoolId: input.userPoolId,
      clientId: input.client.id,
      userId: input.userId || randomUUID(),
      challenge: input.challenge,
      state: { ...(input.state as Record<string, unknown>), [CARRY]: input.carry ?? {} },
      attempts: 0,
      expiresAt: now + minutes * 60 * 1000,
    },
    now,
  );
  return session;
}

/**
 * Reads the flow a Session string points at, for `clientId`. Unknown, expired or foreign
 * sessions answer as Cognito does. Reading does not use the session up: `consumeFlow` does.
 * Without `clientId` (AssociateSoftwareToken and VerifySoftwareToken name no client) any
 * client's flow is found: the Session string itself is the credential.
 */
export async function findFlow(
  ctx: Pick<Context, 'db' | 'clock'>,
  session: string,
  clientId: string | undefined,
): Promise<Flow> {
  const row = await findSession(ctx.db, idOf(session));
  if (!row || (clientId !== undefined && row.clientId !== clientId)) {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  if (row.expiresAt <= ctx.clock.now()) {
    throw new NotAuthorizedException('Invalid session for the user, session is expired.');
  }
  return toFlow(row);
}

function toFlow(row: AuthSession): Flow {
  // The row was written by startFlow from a FlowState, so its step and data belong together.
  const { [CARRY]: carry, ...state } = row.state;
  const step = { challenge: row.challenge, state } as FlowState;
  return {
    id: row.id,
    userPoolId: row.userPoolId,
    clientId: row.clientId,
    userId: row.userId,
    carry: (carry ?? {}) as FlowCarry,
    ...step,
  };
}

/**
 * Reads and uses up, in one statement, the flow a Session string points at when it is
 * `clientId`'s, live, and waiting on `challenge`: the read and the `consumeFlow` of an answer
 * that uses its session up whatever comes next. Undefined when it is not (unknown, expired,
 * foreign, another step), with the session untouched: `findFlow` then tells why.
 */
export async function takeFlow(
  ctx: Pick<Context, 'db' | 'clock'>,
  session: string,
  clientId: string,
  challenge: FlowStep,
): Promise<Flow | undefined> {
  const taken = await takeLiveSessionWithUser(
    ctx.db,
    idOf(session),
    clientId,
    challenge,
    ctx.clock.now(),
  );
  return taken && { ...toFlow(taken.session), consumed: true, user: taken.user ?? null };
}

/**
 * Uses a flow up: every session is good for one answer. Deleting is one statement, so of two
 * concurrent answers (on any instance) exactly one proceeds.
 */
export async function consumeFlow(ctx: Pick<Context, 'db'>, flow: Flow): Promise<void> {
  if (flow.consumed) return;
  if (!(await takeSession(ctx.db, flow.id))) {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
}

/**
 * Counts a wrong answer that leaves the flow open (a mistyped MFA code): Cognito lets a session
 * take a few tries. Once `max` wrong answers are counted the flow is used up and the answer is
 * refused as an invalid session; the caller throws its own error (CodeMismatchException) otherwise.
 */
export async function countWrongAnswer(
  ctx: Pick<Context, 'db'>,
  flow: Flow,
  max: number,
): Promise<void> {
  if (!(await countSessionAttempt(ctx.db, flow.id, max))) {
    await takeSession(ctx.db, flow.id);
    throw new NotAuthorizedException('Invalid session for the user.');
  }
}
