import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { deviceChallenge, signInDevice } from '../devices/sign-in-step.ts';
import { NotAuthorizedException } from '../errors.ts';
import { issueSignInTokens } from '../tokens/grants.ts';
import { runPostAuthentication } from '../triggers/authentication.ts';
import { signInTokenTrigger } from '../triggers/pre-token-generation.ts';
import { recordSignIn, signInEvent } from '../users/auth-events.ts';
import type { PendingRelease } from './lockout.ts';
import { mfaChallenge } from './mfa-step.ts';
import { assertMaySignIn, temporaryPasswordExpired } from './password-checks.ts';
import { startFlow } from './session-store.ts';
import type { FlowCarry } from './states.ts';
import type { AuthOutcome, SignInDeps } from './step-types.ts';

/** Attributes the NEW_PASSWORD_REQUIRED challenge shows (Cognito leaves out `sub`). */
function visibleAttributes(user: User): Record<string, string> {
  const { sub: _sub, ...rest } = user.attributes;
  return rest;
}

/** Required schema attributes the user still lacks, as `userAttributes.<name>`. */
function missingRequired(pool: UserPool, user: User): string[] {
  return (pool.settings.SchemaAttributes ?? [])
    .filter(
      (a: { Required?: boolean; Name?: string }) =>
        a.Required && a.Name && !user.attributes[a.Name],
    )
    .map((a: { Name?: string }) => `userAttributes.${a.Name}`);
}

/** Why a user with the right password may still not sign in, or undefined. */
function refusal(pool: UserPool, user: User, now: number): Error | undefined {
  try {
    assertMaySignIn(user);
  } catch (err) {
    return err as Error;
  }
  if (user.status === 'FORCE_CHANGE_PASSWORD' && temporaryPasswordExpired(pool, user, now)) {
    return new NotAuthorizedException(
      'Temporary password has expired and must be reset by an administrator.',
    );
  }
  return undefined;
}

/**
 * After the password is proven: refuse disabled, unconfirmed or reset-bound users, ask for a
 * new password after a temporary one, or go on to the device and MFA steps. Refusals are
 * recorded in the user's sign-in history.
 */
export async function finishPasswordStep(
  ctx: SignInDeps,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
  carry: FlowCarry = {},
  /** The password check's release, which the sign-in's grant may take along (lockout.ts). */
  pending?: PendingRelease,
): Promise<AuthOutcome> {
  const refused = refusal(pool, user, ctx.clock.now());
  if (refused) {
    await recordSignIn(ctx, user, 'Fail', 'Success');
    throw refused;
  }
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = await startFlow(ctx, {
      userPoolId: pool.id,
      client,
      userId: user.id,
      carry,
      challenge: 'NEW_PASSWORD_REQUIRED',
      state: {},
    });
    return {
      kind: 'challenge',
      name: 'NEW_PASSWORD_REQUIRED',
      session,
      params: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(missingRequired(pool, user)),
        userAttributes: JSON.stringify(visibleAttributes(user)),
      },
    };
  }
  return afterFirstFactor(ctx, pool, client, user, carry, pending);
}

/**
 * Once the user is known to hold the password (or passed NEW_PASSWORD_REQUIRED): prove a
 * remembered device the client names (DEVICE_SRP_AUTH), then the second factor (skipped for that
 * device), then tokens (any other device the client names proves itself just before them). Each
 * step answers undefined when it has nothing to ask.
 */
export async function afterFirstFactor(
  ctx: SignInDeps,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
  carry: FlowCarry,
  pending?: PendingRelease,
): Promise<AuthOutcome> {
  const next =
    (await deviceChallenge(ctx, pool, client, user, carry)) ??
    (await mfaChallenge(ctx, pool, client, user, carry));
  return next ?? finishSignIn(ctx, pool, client, user, carry, pending);
}

/**
 * The last step of every successful sign-in: tokens (and the device this sign-in creates), the
 * sign-in recorded with them in one commit (sign-in is benchmarked: one fsync per sign-in). A
 * hosted-page sign-in ends `authenticated` instead (see finishHostedSignIn).
 */
export async function finishSignIn(
  ctx: SignInDeps,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
  carry: FlowCarry,
  pending?: PendingRelease,
): Promise<AuthOutcome> {
  if (carry.hosted) return finishHostedSignIn(ctx, pool, client, user, carry);
  // A device the client names and has not proven yet proves itself last, after any MFA, as on
  // Cognito: clients expect tokens once they answer DEVICE_PASSWORD_VERIFIER.
  const deviceStep = await deviceChallenge(ctx, pool, client, user, carry, 'beforeTokens');
  if (deviceStep) return deviceStep;
  const device = await signInDevice(ctx, pool, user, carry);
  // PostAuthentication, then PreTokenGeneration (in issueSignInTokens), both before anything of
  // the sign-in is stored: a failing function ends it with no tokens and nothing recorded.
  await runPostAuthentication(ctx, {
    pool,
    client,
    user,
    newDeviceUsed: Boolean(device?.newDevice),
    clientMetadata: carry.answerMetadata,
  });
  const result = await issueSignInTokens(
    ctx,
    pool,
    client,
    user,
    // Without a device to save, the grant and the event are one statement on PostgreSQL.
    device
      ? async (db, grantId) => {
          await recordSignIn({ ...ctx, db }, user, 'Pass', 'Success');
          await device.save(db, grantId);
        }
      : {
          event: () => signInEvent(ctx, user, 'Pass', 'Success'),
          release: pending && !pending.settled ? pending.check : undefined,
        },
    signInTokenTrigger(carry),
  );
  // Made with the grant; were the grant refused, withPendingRelease would still make it.
  if (pending && !device) pending.settled = true;
  const newDevice = device?.newDevice;
  return { kind: 'tokens', result, user, ...(newDevice && { newDevice }) };
}

/**
 * The end of a hosted-page sign-in: PostAuthentication runs and the sign-in is recorded, as for
 * any sign-in, but no tokens are made here (the token endpoint makes them from the authorization
 * code) and no device is tracked (the hosted UI remembers none, as on Cognito).
 */
async function finishHostedSignIn(
  ctx: SignInDeps,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
  carry: FlowCarry,
): Promise<AuthOutcome> {
  await runPostAuthentication(ctx, {
    pool,
    client,
    user,
    newDeviceUsed: false,
    clientMetadata: carry.answerMetadata,
  });
  await recordSignIn(ctx, user, 'Pass', 'Success');
  return { kind: 'authenticated', user, authTime: ctx.clock.now() };
}
