import { createHash, randomUUID } from 'node:crypto';
import {
  deleteSession,
  findSession,
  insertSession,
} from '../../store/repositories/auth-sessions.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import type { UserPoolClient } from '../model.ts';
import { type ChallengeName, type ChallengeStates, DEFAULT_SESSION_MINUTES } from './states.ts';

/** A flow loaded from its Session string. */
export interface Flow<C extends ChallengeName = ChallengeName> {
  id: string;
  userPoolId: string;
  clientId: string;
  userId: string;
  challenge: C;
  state: ChallengeStates[C];
}

function idOf(session: string): string {
  return createHash('sha256').update(session).digest('hex');
}

/** Stores a flow waiting on `challenge`; returns the opaque Session string for the client. */
export async function startFlow<C extends ChallengeName>(
  ctx: Pick<Context, 'db' | 'clock' | 'random'>,
  input: {
    userPoolId: string;
    client: UserPoolClient;
    userId: string;
    challenge: C;
    state: ChallengeStates[C];
  },
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
      state: input.state as Record<string, unknown>,
      attempts: 0,
      expiresAt: now + minutes * 60 * 1000,
    },
    now,
  );
  return session;
}

/**
 * Takes the flow a Session string points at, for `clientId`, and deletes it: every session is
 * good for one answer. Unknown, expired or foreign sessions answer as Cognito does.
 */
export async function takeFlow(
  ctx: Pick<Context, 'db' | 'clock'>,
  session: string,
  clientId: string,
): Promise<Flow> {
  const row = await findSession(ctx.db, idOf(session));
  if (!row || row.clientId !== clientId)
    throw new NotAuthorizedException('Invalid session for the user.');
  await deleteSession(ctx.db, row.id);
  if (row.expiresAt <= ctx.clock.now()) {
    throw new NotAuthorizedException('Invalid session for the user, session is expired.').keep();
  }
  return {
    id: row.id,
    userPoolId: row.userPoolId,
    clientId: row.clientId,
    userId: row.userId,
    challenge: row.challenge as ChallengeName,
    state: row.state as ChallengeStates[ChallengeName],
  };
}
