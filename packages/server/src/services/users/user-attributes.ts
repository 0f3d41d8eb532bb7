import type { Attributes, User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { saveUser } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import {
  type CodeDeliveryDetails,
  type DeliveryDeps,
  sendCode,
} from '../delivery/code-delivery.ts';
import { consumeCode } from '../delivery/codes.ts';
import { AliasExistsException, InvalidParameterException } from '../errors.ts';
import type { Caller } from '../tokens/authenticate.ts';
import { assertWritable, filterReadable, validateAttributes } from './attributes.ts';
import { syncIdentifiers } from './lookup.ts';

type Deps = DeliveryDeps & Pick<Context, 'serverSecret'>;

const VERIFIABLE = ['email', 'phone_number'];

function aliasTaken(kind: string) {
  return new AliasExistsException(`An account with the given ${kind} already exists.`);
}

/** GetUser: the caller's username and the attributes its client may read. */
export function getUser(caller: Caller): { username: string; attributes: Attributes } {
  return {
    username: caller.user.username,
    attributes: filterReadable(caller.user.attributes, caller.client.settings.ReadAttributes),
  };
}

async function save(ctx: Deps, pool: UserPool, user: User) {
  user.updatedAt = new Date(ctx.clock.now());
  await syncIdentifiers(ctx, pool, user, aliasTaken);
  await saveUser(ctx.db, user);
}

/**
 * Applies attribute changes (user or admin). A changed email or phone number becomes
 * unverified; when the pool auto-verifies it and `sendCodes` is set, a code goes out.
 */
export async function changeAttributes(
  ctx: Deps,
  pool: UserPool,
  user: User,
  updates: Attributes,
  opts: { sendCodes: boolean; clientId?: string; clientMetadata?: Record<string, string> },
): Promise<CodeDeliveryDetails[]> {
  validateAttributes(pool.settings.SchemaAttributes ?? [], updates, 'update');
  const changed = VERIFIABLE.filter(
    (name) => updates[name] !== undefined && updates[name] !== user.attributes[name],
  );
  user.attributes = { ...user.attributes, ...updates };
  for (const name of changed) {
    if (updates[`${name}_verified`] === undefined) user.attributes[`${name}_verified`] = 'false';
  }
  await save(ctx, pool, user);
  const deliveries: CodeDeliveryDetails[] = [];
  if (opts.sendCodes) {
    const auto: string[] = pool.settings.AutoVerifiedAttributes ?? [];
    for (const name of changed.filter((n) => auto.includes(n))) {
      if (user.attributes[`${name}_verified`] !== 'true') {
        deliveries.push(
          await sendCode(ctx, pool, user, `verify:${name}`, name, {
            source: 'UpdateUserAttribute',
            clientId: opts.clientId,
            clientMetadata: opts.clientMetadata,
          }),
        );
      }
    }
  }
  return deliveries;
}

/** UpdateUserAttributes: the signed-in user changes attributes its client may write. */
export async function updateUserAttributes(
  ctx: Deps,
  caller: Caller,
  updates: Attributes,
  clientMetadata?: Record<string, string>,
): Promise<CodeDeliveryDetails[]> {
  assertWritable(Object.keys(updates), caller.client.settings.WriteAttributes);
  return changeAttributes(ctx, caller.pool, caller.user, updates, {
    sendCodes: true,
    clientId: caller.client.id,
    clientMetadata,
  });
}

/** Checks that every named attribute may be removed (known, not required), then removes them. */
function dropAttributes(pool: UserPool, user: User, names: string[]): void {
  const schema = pool.settings.SchemaAttributes ?? [];
  for (const name of names) {
    const def = schema.find((a: { Name?: string }) => a.Name === name);
    if (!def) {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`,
      );
    }
    if (def.Required || name === 'sub') {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: The attribute is required`,
      );
    }
  }
  for (const name of names) {
    delete user.attributes[name];
    if (VERIFIABLE.includes(name)) delete user.attributes[`${name}_verified`];
  }
}

/** DeleteUserAttributes / AdminDeleteUserAttributes: required attributes cannot go. */
export async function deleteAttributes(
  ctx: Deps,
  pool: UserPool,
  user: User,
  names: string[],
): Promise<void> {
  dropAttributes(pool, user, names);
  await save(ctx, pool, user);
}

/**
 * AdminUpdateUserAttributes: any attribute of the schema, the verified flags included; a blank
 * value deletes the attribute, as Cognito documents. A changed email or phone number becomes
 * unverified unless the same call sets its `_verified` flag to true, and gets a code when the
 * pool auto-verifies it.
 */
export async function adminUpdateAttributes(
  ctx: Deps,
  pool: UserPool,
  user: User,
  updates: Attributes,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  const blanks = Object.keys(updates).filter((name) => updates[name] === '');
  const values = Object.fromEntries(Object.entries(updates).filter(([, value]) => value !== ''));
  // Both checks run before anything changes, so a refused call changes nothing.
  validateAttributes(pool.settings.SchemaAttributes ?? [], values, 'update');
  dropAttributes(pool, user, blanks);
  await changeAttributes(ctx, pool, user, values, { sendCodes: true, clientMetadata });
}

/** GetUserAttributeVerificationCode: sends a code to the caller's email or phone number. */
export async function sendVerificationCode(
  ctx: Deps,
  caller: Caller,
  name: string,
  clientMetadata?: Record<string, string>,
): Promise<CodeDeliveryDetails> {
  if (!VERIFIABLE.includes(name) || !caller.user.attributes[name]) {
    throw new InvalidParameterException(
      `Invalid attribute name: ${name} is not a verifiable attribute of this user.`,
    );
  }
  return sendCode(ctx, caller.pool, caller.user, `verify:${name}`, name, {
    source: 'VerifyUserAttribute',
    clientId: caller.client.id,
    clientMetadata,
  });
}

/** VerifyUserAttribute: checks the code and marks the attribute verified. */
export async function verifyAttribute(
  ctx: Deps,
  caller: Caller,
  name: string,
  code: string,
): Promise<void> {
  if (!VERIFIABLE.includes(name)) {
    throw new InvalidParameterException(`Invalid attribute name: ${name} cannot be verified.`);
  }
  await consumeCode(ctx, caller.user, `verify:${name}`, code);
  caller.user.attributes[`${name}_verified`] = 'true';
  await save(ctx, caller.pool, caller.user);
}
