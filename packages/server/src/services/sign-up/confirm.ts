// ConfirmSignUp, AdminConfirmSignUp and ResendConfirmationCode: confirming a signed-up user.
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { saveUser } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import {
  type CodeDeliveryDetails,
  deliveryAttribute,
  sendCode,
  sendDecoyCode,
} from '../delivery/code-delivery.ts';
import { consumeCode, guessDecoyCode } from '../delivery/codes.ts';
import {
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
} from '../errors.ts';
import { commitOwnTransaction } from '../triggers/committed.ts';
import { runPostConfirmation } from '../triggers/post-confirmation.ts';
import { checkSecretHash, hidesExistence } from '../user-pools/client-auth.ts';
import { holdForExistence } from '../user-pools/existence-timing.ts';
import { recordAuthEvent } from '../users/auth-events.ts';
import { resolveUser, syncIdentifiers } from '../users/lookup.ts';
import { identifierTaken } from './sign-up.ts';

type Deps = Pick<
  Context,
  'db' | 'clock' | 'serverSecret' | 'delivery' | 'region' | 'functions' | 'log' | 'publicUrl'
> &
  Partial<Pick<Context, 'rateLimits'>>;

/**
 * The user a code operation names; undefined for an unknown user when the client hides user
 * existence (the caller then answers as if the user existed), else UserNotFoundException.
 */
async function findForCode(
  ctx: Pick<Context, 'db'>,
  input: { pool: UserPool; client: UserPoolClient; username: string },
): Promise<User | undefined> {
  const user = await resolveUser(ctx, input.pool, input.username);
  if (user || hidesExistence(input.client)) return user;
  throw new UserNotFoundException('Username/client id combination not found.');
}

/** Marks a user confirmed, verifying the attribute the code went to. */
async function markConfirmed(
  ctx: Pick<Context, 'db' | 'clock'>,
  pool: UserPool,
  user: User,
  verified?: string,
  opts: { forceAliasCreation?: boolean } = {},
) {
  user.status = 'CONFIRMED';
  if (verified) user.attributes[`${verified}_verified`] = 'true';
  user.updatedAt = new Date(ctx.clock.now());
  await syncIdentifiers(ctx, pool, user, identifierTaken(pool), opts);
  await saveUser(ctx.db, user);
}

/**
 * ConfirmSignUp: checks the code and confirms the user, then runs PostConfirmation. Runs without
 * the router's transaction: the confirmation commits first (a wrong code still counts its try),
 * and the trigger after it (see triggers/post-confirmation.ts).
 */
export async function confirmSignUp(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    code: string;
    secretHash?: string;
    /** Move an email/phone alias another user holds to this user instead of failing. */
    forceAliasCreation?: boolean;
    clientMetadata?: Record<string, string>;
  },
): Promise<void> {
  const { pool, client } = input;
  checkSecretHash(client, [input.username], input.secretHash);
  const user = await commitOwnTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    const found = await findForCode(tctx, input);
    // An unknown user's guesses count against its decoy code, as a real user's do.
    if (!found) return guessDecoyCode(tctx, pool, input.username, 'signup', input.code);
    if (found.status !== 'UNCONFIRMED') {
      throw new NotAuthorizedException(
        `User cannot be confirmed. Current status is ${found.status}`,
      );
    }
    await consumeCode(tctx, found, 'signup', input.code);
    await markConfirmed(tctx, pool, found, deliveryAttribute(pool, found, 'signup'), {
      forceAliasCreation: input.forceAliasCreation,
    });
    return found;
  });
  await runPostConfirmation(ctx, {
    pool,
    clientId: client.id,
    user,
    source: 'ConfirmSignUp',
    clientMetadata: input.clientMetadata,
  });
}

/** AdminConfirmSignUp: confirms without a code, then runs PostConfirmation (as ConfirmSignUp). */
export async function adminConfirmSignUp(
  ctx: Deps,
  pool: UserPool,
  username: string,
  clientMetadata?: Record<string, string>,
) {
  const user = await commitOwnTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    const found = await resolveUser(tctx, pool, username);
    if (!found) throw new UserNotFoundException();
    if (found.status !== 'UNCONFIRMED') {
      throw new NotAuthorizedException(
        `User cannot be confirmed. Current status is ${found.status}`,
      );
    }
    await markConfirmed(tctx, pool, found);
    return found;
  });
  await runPostConfirmation(ctx, { pool, user, source: 'ConfirmSignUp', clientMetadata });
}

/** ResendConfirmationCode: a fresh code for an unconfirmed user. */
export async function resendConfirmationCode(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    secretHash?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<CodeDeliveryDetails> {
  holdForExistence(ctx, input.client);
  checkSecretHash(input.client, [input.username], input.secretHash);
  const user = await findForCode(ctx, input);
  // The same limits, writes and answer as for a real user (sendDecoyCode).
  if (!user) return sendDecoyCode(ctx, input.pool, input.username, 'signup');
  if (user.status !== 'UNCONFIRMED') {
    throw new InvalidParameterException('User is already confirmed.');
  }
  const attribute = deliveryAttribute(input.pool, user, 'signup');
  if (!attribute) {
    throw new InvalidParameterException('Auto verification not turned on.');
  }
  await recordAuthEvent(ctx, user, 'ResendCode', 'Pass');
  return sendCode(ctx, input.pool, user, 'signup', attribute, {
    source: 'ResendCode',
    clientId: input.client.id,
    clientMetadata: input.clientMetadata,
  });
}
