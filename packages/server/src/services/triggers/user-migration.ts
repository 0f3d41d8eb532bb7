/**
 * Lazy migration with the UserMigration trigger: when a password sign-in or ForgotPassword names
 * a user the pool does not have, the pool's migration function may vouch for them and hand over
 * their attributes, and the user is created on the spot.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-import-using-lambda.html
 */

import type { Attributes, User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import {
  CognateError,
  UserLambdaValidationException,
  UserNotFoundException,
  UsernameExistsException,
} from '../errors.ts';
import { newUser, storeNewUser } from '../sign-up/sign-up.ts';
import { hidesExistence } from '../user-pools/client-auth.ts';
import { normalizeAttributeValue, validateAttributes } from '../users/attributes.ts';
import { resolveUser } from '../users/lookup.ts';
import { invokeTrigger, type TriggerEvent, triggerEvent, unrecognizable } from './invoke.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'region' | 'functions' | 'log'>;

/** The request Cognito sends the migration function. */
interface MigrationRequest {
  /** The password typed at sign-in; absent in the forgot-password flow. */
  password?: string;
  /** InitiateAuth / AdminInitiateAuth pass their ClientMetadata here. */
  validationData?: Record<string, string>;
  /** ForgotPassword passes its ClientMetadata here. */
  clientMetadata?: Record<string, string>;
}

/** The response members the function fills in; Cognito sends them all as null. */
interface MigrationResponse {
  userAttributes: unknown;
  finalUserStatus: unknown;
  messageAction: unknown;
  desiredDeliveryMediums: unknown;
  forceAliasCreation: unknown;
  enableSMSMFA: unknown;
}

/** A migration answer, read and checked. */
interface Migrated {
  attributes: Attributes;
  status: 'CONFIRMED' | 'RESET_REQUIRED';
}

/**
 * Runs the pool's UserMigration trigger for `username`, unknown to the pool, and creates the
 * user it returns. Sign-in (`password` given) creates them with that password, CONFIRMED unless
 * the function says RESET_REQUIRED; the forgot-password flow creates them RESET_REQUIRED, without
 * a password. Returns undefined when there is no trigger or the function vouches for nobody
 * (an empty answer), so the caller answers as for any unknown user.
 *
 * Errors: a function that fails is UserLambdaValidationException "UserMigration failed with error
 * …" (see `invokeTrigger` for the others); a user that cannot be created from its answer is
 * UserNotFoundException "Exception migrating user in app client <id>". A client that hides user
 * existence gets neither: both answer as an unknown user, since a migration function typically
 * fails exactly when the old directory does not know the user or the password is wrong.
 */
export async function migrateUser(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    username: string;
    password?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<User | undefined> {
  const { pool, client, username } = input;
  const arn: string | undefined = pool.settings.LambdaConfig?.UserMigration;
  if (!arn) return undefined;
  const signIn = input.password !== undefined;
  const metadata = input.clientMetadata && Object.keys(input.clientMetadata).length > 0;
  const event = triggerEvent<MigrationRequest, MigrationResponse>(ctx, {
    triggerSource: signIn ? 'UserMigration_Authentication' : 'UserMigration_ForgotPassword',
    userPoolId: pool.id,
    userName: username,
    clientId: client.id,
    request: signIn
      ? { password: input.password, validationData: metadata ? input.clientMetadata : undefined }
      : { clientMetadata: metadata ? input.clientMetadata : undefined },
    response: {
      userAttributes: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    },
  });
  let answer: TriggerEvent<MigrationRequest, MigrationResponse>;
  try {
    answer = await invokeTrigger(ctx, 'UserMigration', arn, event);
  } catch (err) {
    if (err instanceof UserLambdaValidationException && hidesExistence(client)) return undefined;
    throw err;
  }
  const migrated = readResponse(answer.response, signIn);
  if (!migrated) return undefined;
  try {
    return await createMigratedUser(ctx, pool, { username, password: input.password, ...migrated });
  } catch (err) {
    if (err instanceof UsernameExistsException) {
      // A concurrent request (on any instance) migrated the same user first.
      const winner = await resolveUser(ctx, pool, username);
      if (winner) return winner;
    }
    if (!(err instanceof CognateError)) throw err;
    ctx.log.info({ code: err.code, detail: err.message }, 'user migration refused the answer');
    if (hidesExistence(client)) return undefined;
    throw new UserNotFoundException(`Exception migrating user in app client ${client.id}`);
  }
}

/**
 * Reads the function's response: undefined when it returned no attributes (nobody to migrate),
 * InvalidLambdaResponseException when a member has the wrong type or value.
 */
function readResponse(response: MigrationResponse, signIn: boolean): Migrated | undefined {
  const attributes = readAttributes(response.userAttributes);
  if (!attributes) return undefined;
  const status = response.finalUserStatus ?? 'CONFIRMED';
  if (status !== 'CONFIRMED' && status !== 'RESET_REQUIRED') throw unrecognizable();
  // Checked but not acted on: Cognate sends migrated users no welcome message.
  const action = response.messageAction ?? 'SUPPRESS';
  if (action !== 'SUPPRESS' && action !== 'RESEND') throw unrecognizable();
  const mediums = response.desiredDeliveryMediums ?? [];
  if (!Array.isArray(mediums) || mediums.some((m) => m !== 'EMAIL' && m !== 'SMS')) {
    throw unrecognizable();
  }
  // Also checked only: an alias another user holds fails the migration, and there is no MFA yet.
  for (const flag of [response.forceAliasCreation, response.enableSMSMFA]) {
    if (flag !== null && flag !== undefined && typeof flag !== 'boolean') throw unrecognizable();
  }
  // The forgot-password flow has no password to keep: the user must choose one.
  return { attributes, status: signIn ? status : 'RESET_REQUIRED' };
}

/**
 * `userAttributes` as attributes; undefined when absent or empty. Values may be strings,
 * numbers or booleans (`email_verified: true` is common in handlers); null values are left out.
 */
function readAttributes(raw: unknown): Attributes | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw unrecognizable();
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw unrecognizable();
    entries.push([name, normalizeAttributeValue(name, String(value))]);
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * Creates the migrated user. The pool's password policy is not applied: Cognito accepts the
 * old password as it is, so users keep signing in with it.
 */
async function createMigratedUser(
  ctx: Deps,
  pool: UserPool,
  input: Migrated & { username: string; password?: string },
): Promise<User> {
  validateAttributes(pool.settings.SchemaAttributes ?? [], input.attributes, 'adminCreate');
  const user = await newUser(ctx, pool, {
    username: input.username,
    password: input.password,
    attributes: input.attributes,
    status: input.status,
  });
  await inTransaction(ctx.db, (db) => storeNewUser({ ...ctx, db }, pool, user));
  return user;
}
