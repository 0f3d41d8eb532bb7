import { saveUser } from '../store/repositories/users.ts';
import { inTransaction } from '../store/transaction.ts';
import { recordAuthEvent } from './auth-events.ts';
import { passwordMatches, wrongPassword } from './auth-flow/password-checks.ts';
import { checkSecretHash, hidesExistence } from './client-auth.ts';
import {
  type CodeDeliveryDetails,
  decoyDelivery,
  deliveryAttribute,
  sendCode,
} from './code-delivery.ts';
import { consumeCode } from './codes.ts';
import type { Context } from './context.ts';
import {
  CodeMismatchException,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
} from './errors.ts';
import type { User, UserPool, UserPoolClient } from './model.ts';
import { checkPassword } from './password-policy.ts';
import { createVerifier } from './srp.ts';
import { resolveUser } from './user-lookup.ts';
import { migrateUser } from './user-migration.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'serverSecret' | 'delivery'>;

/** Replaces the user's password verifier and saves the user. */
export async function setPassword(
  ctx: Pick<Context, 'db' | 'clock'>,
  pool: UserPool,
  user: User,
  password: string,
  status: User['status'],
): Promise<void> {
  checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, password);
  const now = ctx.clock.now();
  user.srp = await createVerifier(pool.id, user.username, password);
  user.passwordChangedAt = now;
  user.status = status;
  user.updatedAt = new Date(now);
  await saveUser(ctx.db, user);
}

/** ChangePassword: the signed-in user proves the old password and sets a new one. */
export async function changePassword(
  ctx: Deps,
  caller: { pool: UserPool; user: User },
  previous: string,
  proposed: string,
): Promise<void> {
  if (!(await passwordMatches(caller.pool, caller.user, previous))) {
    await recordAuthEvent(ctx, caller.user, 'PasswordChange', 'Fail');
    // Kept: the failed attempt stays in the history although the operation fails.
    throw wrongPassword().keep();
  }
  await setPassword(ctx, caller.pool, caller.user, proposed, caller.user.status);
  await recordAuthEvent(ctx, caller.user, 'PasswordChange', 'Pass');
}

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
  checkSecretHash(client, [username], input.secretHash);
  // An unknown user may still be vouched for by the pool's UserMigration trigger. It may take
  // seconds, so it runs outside any transaction (one holds SQLite's write lock).
  const user =
    (await resolveUser(ctx, pool, username)) ??
    (await migrateUser(ctx, { pool, client, username, clientMetadata }));
  if (!user) {
    if (hidesExistence(client)) return decoyDelivery(input.username);
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  const attribute = resetCodeAttribute(pool, user);
  // ForgotPassword runs without the operation's transaction (see migrateUser): its writes share one.
  return inTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    await recordAuthEvent(tctx, user, 'ForgotPassword', 'Pass');
    return sendCode(tctx, pool, user, 'forgot', attribute);
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

/** ConfirmForgotPassword: checks the reset code and sets the new password. */
export async function confirmForgotPassword(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    code: string;
    password: string;
    secretHash?: string;
  },
): Promise<void> {
  const { pool, client } = input;
  checkSecretHash(client, [input.username], input.secretHash);
  const user = await resolveUser(ctx, pool, input.username);
  if (!user) {
    if (hidesExistence(client)) throw new CodeMismatchException();
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  // Check the new password first so a rejected one does not burn the code.
  checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, input.password);
  await consumeCode(ctx, user, 'forgot', input.code);
  const status =
    user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD'
      ? 'CONFIRMED'
      : user.status;
  await setPassword(ctx, pool, user, input.password, status);
}

/** AdminSetUserPassword: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD). */
export async function adminSetUserPassword(
  ctx: Deps,
  pool: UserPool,
  username: string,
  password: string,
  permanent: boolean,
): Promise<void> {
  const user = await resolveUser(ctx, pool, username);
  if (!user) throw new UserNotFoundException('User does not exist.');
  await setPassword(ctx, pool, user, password, permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD');
}
