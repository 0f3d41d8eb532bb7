import { randomUUID } from 'node:crypto';
import type { Attributes, User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import { insertUser, saveUser } from '../../store/repositories/users.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import {
  type CodeDeliveryDetails,
  decoyDelivery,
  deliveryAttribute,
  sendCode,
} from '../delivery/code-delivery.ts';
import { consumeCode } from '../delivery/codes.ts';
import {
  AliasExistsException,
  CodeMismatchException,
  type CognateError,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
  UsernameExistsException,
} from '../errors.ts';
import { checkPassword } from '../passwords/password-policy.ts';
import { createVerifier } from '../sign-in/srp.ts';
import { checkSecretHash, hidesExistence } from '../user-pools/client-auth.ts';
import { assertWritable, validateAttributes } from '../users/attributes.ts';
import { recordAuthEvent } from '../users/auth-events.ts';
import { lookupKey, resolveUser, syncIdentifiers } from '../users/lookup.ts';
import { isEmail, isPhoneNumber } from '../validation/identifiers.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'serverSecret' | 'delivery'>;

/**
 * With UsernameAttributes the typed username is an email or phone number: it becomes that
 * attribute, and the stored username is the user's sub (Cognito's behaviour).
 */
function usernameAttributeFor(pool: UserPool, username: string): 'email' | 'phone_number' {
  const kinds = pool.settings.UsernameAttributes ?? [];
  if (kinds.includes('email') && isEmail(username)) return 'email';
  if (kinds.includes('phone_number') && isPhoneNumber(username)) return 'phone_number';
  if (kinds.length === 2) {
    throw new InvalidParameterException('Username should be either an email or a phone number.');
  }
  throw new InvalidParameterException(
    kinds[0] === 'email' ? 'Username should be an email.' : 'Username should be a phone number.',
  );
}

function existsError(kind: string): CognateError {
  return new UsernameExistsException(
    kind === 'phone_number'
      ? 'An account with the given phone_number already exists.'
      : `An account with the given ${kind} already exists.`,
  );
}

/**
 * The error for an identifier another user holds. A verified email or phone alias
 * (AliasAttributes) is AliasExistsException, as Cognito answers ConfirmSignUp and AdminCreateUser
 * without ForceAliasCreation; username attributes are UsernameExistsException.
 */
function identifierTaken(pool: UserPool): (kind: string) => CognateError {
  const aliases: string[] = pool.settings.AliasAttributes ?? [];
  return (kind) =>
    (kind === 'email' || kind === 'phone_number') && aliases.includes(kind)
      ? new AliasExistsException(`An account with the given ${kind} already exists.`)
      : existsError(kind);
}

/** Builds a new user record (not yet stored) with a password verifier. */
export async function newUser(
  ctx: Pick<Context, 'clock'>,
  pool: UserPool,
  input: { username: string; password?: string; attributes: Attributes; status: User['status'] },
): Promise<User> {
  const sub = randomUUID();
  const attributes: Attributes = { ...input.attributes, sub };
  let username = input.username;
  if (pool.settings.UsernameAttributes?.length) {
    const kind = usernameAttributeFor(pool, username);
    if (attributes[kind] && attributes[kind] !== username) {
      throw new InvalidParameterException(
        `${kind} attribute does not match the username, which is an ${kind}.`,
      );
    }
    attributes[kind] = username;
    username = sub;
  } else if (
    (pool.settings.AliasAttributes ?? []).some(
      (a: string) =>
        (a === 'email' && isEmail(username)) || (a === 'phone_number' && isPhoneNumber(username)),
    )
  ) {
    throw new InvalidParameterException(
      'Username cannot be of email format, since user pool is configured for email alias.',
    );
  }
  const now = ctx.clock.now();
  return {
    id: sub,
    userPoolId: pool.id,
    username,
    status: input.status,
    enabled: true,
    attributes,
    srp: input.password ? await createVerifier(pool.id, username, input.password) : undefined,
    passwordChangedAt: input.password ? now : undefined,
    tokensValidAfter: 0,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  };
}

/**
 * Stores a new user, turning a lost uniqueness race into UsernameExistsException.
 * `forceAliasCreation` moves a verified email/phone alias another user holds to this one.
 */
export async function storeNewUser(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  user: User,
  opts: { forceAliasCreation?: boolean } = {},
) {
  if (await resolveUser(ctx, pool, user.username)) throw new UsernameExistsException();
  try {
    await insertUser(ctx.db, user, lookupKey(pool, user.username));
  } catch (err) {
    if (isUniqueViolation(err)) throw new UsernameExistsException();
    throw err;
  }
  await syncIdentifiers(ctx, pool, user, identifierTaken(pool), opts);
}

/**
 * The attributes a sign-up will store, for validation: with UsernameAttributes an email or phone
 * number typed as the username fills that attribute, so a required `email` may be left out
 * (Cognito populates it from the username). A bad username is refused later, by `newUser`.
 */
function withUsernameAttribute(pool: UserPool, username: string, attributes: Attributes) {
  const kinds: string[] = pool.settings.UsernameAttributes ?? [];
  const kind =
    kinds.includes('email') && isEmail(username)
      ? 'email'
      : kinds.includes('phone_number') && isPhoneNumber(username)
        ? 'phone_number'
        : undefined;
  return kind && attributes[kind] === undefined ? { ...attributes, [kind]: username } : attributes;
}

/** SignUp: creates an UNCONFIRMED user and sends a confirmation code when the pool verifies. */
export async function signUp(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    password: string;
    attributes: Attributes;
    secretHash?: string;
  },
): Promise<{ user: User; delivery?: CodeDeliveryDetails }> {
  const { pool, client } = input;
  checkSecretHash(client, [input.username], input.secretHash);
  assertWritable(Object.keys(input.attributes), client.settings.WriteAttributes);
  validateAttributes(
    pool.settings.SchemaAttributes ?? [],
    withUsernameAttribute(pool, input.username, input.attributes),
    'signUp',
  );
  checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, input.password);
  // The verifier's modexp runs before the transaction: on SQLite a transaction holds the one
  // connection, and every other request would wait out the crypto with it.
  const user = await newUser(ctx, pool, {
    username: input.username,
    password: input.password,
    attributes: input.attributes,
    status: 'UNCONFIRMED',
  });
  return inTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    await storeNewUser(tctx, pool, user);
    await recordAuthEvent(tctx, user, 'SignUp', 'Pass');
    const attribute = deliveryAttribute(pool, user, 'signup');
    const delivery = attribute ? await sendCode(tctx, pool, user, 'signup', attribute) : undefined;
    return { user, delivery };
  });
}

/**
 * The user a code operation names; undefined for an unknown user when the client hides user
 * existence (the caller then answers as if the user existed), else UserNotFoundException.
 */
async function findForCode(
  ctx: Deps,
  input: { pool: UserPool; client: UserPoolClient; username: string },
): Promise<User | undefined> {
  const user = await resolveUser(ctx, input.pool, input.username);
  if (user || hidesExistence(input.client)) return user;
  throw new UserNotFoundException('Username/client id combination not found.');
}

/** Marks a user confirmed, verifying the attribute the code went to. */
async function markConfirmed(
  ctx: Deps,
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

/** ConfirmSignUp: checks the code and confirms the user. */
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
  },
): Promise<void> {
  checkSecretHash(input.client, [input.username], input.secretHash);
  const user = await findForCode(ctx, input);
  if (!user) throw new CodeMismatchException();
  if (user.status !== 'UNCONFIRMED') {
    throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  }
  await consumeCode(ctx, user, 'signup', input.code);
  await markConfirmed(ctx, input.pool, user, deliveryAttribute(input.pool, user, 'signup'), {
    forceAliasCreation: input.forceAliasCreation,
  });
}

/** AdminConfirmSignUp: confirms without a code. */
export async function adminConfirmSignUp(ctx: Deps, pool: UserPool, username: string) {
  const user = await resolveUser(ctx, pool, username);
  if (!user) throw new UserNotFoundException();
  if (user.status !== 'UNCONFIRMED') {
    throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  }
  await markConfirmed(ctx, pool, user);
}

/** ResendConfirmationCode: a fresh code for an unconfirmed user. */
export async function resendConfirmationCode(
  ctx: Deps,
  input: { pool: UserPool; client: UserPoolClient; username: string; secretHash?: string },
): Promise<CodeDeliveryDetails> {
  checkSecretHash(input.client, [input.username], input.secretHash);
  const user = await findForCode(ctx, input);
  if (!user) return decoyDelivery(input.username);
  if (user.status !== 'UNCONFIRMED') {
    throw new InvalidParameterException('User is already confirmed.');
  }
  const attribute = deliveryAttribute(input.pool, user, 'signup');
  if (!attribute) {
    throw new InvalidParameterException('Auto verification not turned on.');
  }
  await recordAuthEvent(ctx, user, 'ResendCode', 'Pass');
  return sendCode(ctx, input.pool, user, 'signup', attribute);
}
