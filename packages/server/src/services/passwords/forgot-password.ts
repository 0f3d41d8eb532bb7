// ForgotPassword and ConfirmForgotPassword: where a reset code may go, and the reset itself.
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { inTransaction } from '../../store/transaction.ts';
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
import { migrateUser } from '../triggers/user-migration.ts';
import { checkSecretHash, hidesExistence } from '../user-pools/client-auth.ts';
import { holdForExistence } from '../user-pools/existence-timing.ts';
import { recordAuthEvent } from '../users/auth-events.ts';
import { resolveUser } from '../users/lookup.ts';
import { setPassword } from './change-password.ts';
import { checkPassword } from './password-policy.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'serverSecret' | 'delivery'> &
  Partial<Pick<Context, 'rateLimits'>>;

/**
 * ForgotPassword: sends a reset code to the user's verified email or phone. With existence
 * errors hidden, an unknown user gets a plausible answer and nothing is sent.
 */
export async function forgotPassword(
  ctx: Deps & Pick<Context, 'region' | 'functions' | 'log'>,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    secretHash?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<CodeDeliveryDetails> {
  const { pool, client, username, clientMetadata } = input;
  holdForExistence(ctx, client);
  checkSecretHash(client, [username], input.secretHash);
  // An unknown user may still be vouched for by the pool's UserMigration trigger. It may take
  // seconds, so it runs outside any transaction (one holds SQLite's write lock).
  const user =
    (await resolveUser(ctx, pool, username)) ??
    (await migrateUser(ctx, { pool, client, username, clientMetadata }));
  if (!user) {
    // The same limits, writes and answer as for a real user (sendDecoyCode).
    if (hidesExistence(client)) return sendDecoyCode(ctx, pool, username, 'forgot');
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  const attribute = resetCodeAttribute(pool, user);
  // ForgotPassword runs without the operation's transaction (see migrateUser): its writes share one.
  return inTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    await recordAuthEvent(tctx, user, 'ForgotPassword', 'Pass');
    return sendCode(tctx, pool, user, 'forgot', attribute, {
      source: 'ForgotPassword',
      clientId: client.id,
      clientMetadata,
    });
  });
}

/**
 * Where a password reset code goes (ForgotPassword, AdminResetUserPassword): the verified email,
 * else phone. A user still on a temporary password signs in with it instead, and one without a
 * verified address has nowhere to get the code: both are refused with Cognito's messages.
 */
export function resetCodeAttribute(pool: UserPool, user: User): 'email' | 'phone_number' {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    throw new NotAuthorizedException('User password cannot be reset in the current state.');
  }
  const attribute = deliveryAttribute(pool, user, 'forgot');
  if (!attribute) {
    throw new InvalidParameterException(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    );
  }
  return attribute;
}

/**
 * ConfirmForgotPassword: checks the reset code and sets the new password, then runs the pool's
 * PostConfirmation trigger (PostConfirmation_ConfirmForgotPassword). Runs without the router's
 * transaction: the reset commits first (a wrong code still counts its try), the trigger after it.
 */
export async function confirmForgotPassword(
  ctx: Deps & Pick<Context, 'region' | 'functions' | 'log'>,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    code: string;
    password: string;
    secretHash?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<void> {
  const { pool, client } = input;
  checkSecretHash(client, [input.username], input.secretHash);
  const user = await commitOwnTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    const found = await resolveUser(tctx, pool, input.username);
    if (!found) {
      if (!hidesExistence(client)) {
        throw new UserNotFoundException('Username/client id combination not found.');
      }
      // Guesses at an unknown user's decoy code count and run out like a real user's.
      checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, input.password);
      return guessDecoyCode(tctx, pool, input.username, 'forgot', input.code);
    }
    // Check the new password first so a rejected one does not burn the code.
    checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, input.password);
    await consumeCode(tctx, found, 'forgot', input.code);
    const status =
      found.status === 'RESET_REQUIRED' || found.status === 'FORCE_CHANGE_PASSWORD'
        ? 'CONFIRMED'
        : found.status;
    await setPassword(tctx, pool, found, input.password, status);
    return found;
  });
  await runPostConfirmation(ctx, {
    pool,
    clientId: client.id,
    user,
    source: 'ConfirmForgotPassword',
    clientMetadata: input.clientMetadata,
  });
}
