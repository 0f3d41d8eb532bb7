import { randomUUID } from 'node:crypto';
import type { Attributes, User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import { insertUser } from '../../store/repositories/users.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import {
  type CodeDeliveryDetails,
  deliveryAttribute,
  sendCode,
} from '../delivery/code-delivery.ts';
import {
  AliasExistsException,
  type CognateError,
  InvalidParameterException,
  UsernameExistsException,
} from '../errors.ts';
import { checkPassword } from '../passwords/password-policy.ts';
import { createVerifier } from '../sign-in/srp.ts';
import { runPostConfirmation } from '../triggers/post-confirmation.ts';
import { runPreSignUp } from '../triggers/pre-sign-up.ts';
import { checkSecretHash } from '../user-pools/client-auth.ts';
import { assertWritable, validateAttributes } from '../users/attributes.ts';
import { recordAuthEvent } from '../users/auth-events.ts';
import { lookupKey, resolveUser, syncIdentifiers } from '../users/lookup.ts';
import { isEmail, isPhoneNumber } from '../validation/identifiers.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'serverSecret' | 'delivery' | 'publicUrl'>;

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
export function identifierTaken(pool: UserPool): (kind: string) => CognateError {
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

/**
 * SignUp: creates a user, UNCONFIRMED with a confirmation code sent when the pool verifies an
 * attribute, or CONFIRMED when the pool's PreSignUp trigger auto-confirms them (then no code is
 * sent and PostConfirmation runs). The trigger runs before anything is stored, so a function that
 * refuses the sign-up leaves nothing behind.
 */
export async function signUp(
  ctx: Deps & Pick<Context, 'region' | 'functions' | 'log'>,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    password: string;
    attributes: Attributes;
    secretHash?: string;
    validationData?: Record<string, string>;
    clientMetadata?: Record<string, string>;
  },
): Promise<{ user: User; confirmed: boolean; delivery?: CodeDeliveryDetails }> {
  const { pool, client, clientMetadata } = input;
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
  // The trigger, too, runs outside any transaction: it may take seconds, or call the server.
  const decided = await runPreSignUp(ctx, {
    pool,
    clientId: client.id,
    source: 'SignUp',
    userName: user.username,
    attributes: user.attributes,
    validationData: input.validationData,
    clientMetadata,
  });
  if (decided.autoConfirmUser) user.status = 'CONFIRMED';
  if (decided.autoVerifyEmail) user.attributes.email_verified = 'true';
  if (decided.autoVerifyPhone) user.attributes.phone_number_verified = 'true';
  const delivery = await inTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    // An auto-verified email or phone alias moves to this user, as Cognito documents.
    const verified = decided.autoVerifyEmail || decided.autoVerifyPhone;
    await storeNewUser(tctx, pool, user, { forceAliasCreation: verified });
    await recordAuthEvent(tctx, user, 'SignUp', 'Pass');
    if (decided.autoConfirmUser) return undefined;
    const attribute = deliveryAttribute(pool, user, 'signup');
    const why = { source: 'SignUp' as const, clientId: client.id, clientMetadata };
    return attribute ? sendCode(tctx, pool, user, 'signup', attribute, why) : undefined;
  });
  if (decided.autoConfirmUser) {
    await runPostConfirmation(ctx, {
      pool,
      clientId: client.id,
      user,
      source: 'ConfirmSignUp',
      clientMetadata,
    });
  }
  return { user, confirmed: decided.autoConfirmUser, delivery };
}
