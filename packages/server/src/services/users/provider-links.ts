import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import {
  deleteLink,
  findLink,
  insertLink,
  listUserLinks,
  type ProviderLink,
} from '../../store/repositories/provider-links.ts';
import { findUserById, saveUser } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import {
  AliasExistsException,
  InvalidParameterException,
  LimitExceededException,
  UnsupportedOperationException,
  UserNotFoundException,
} from '../errors.ts';
import { requireUser } from './admin-users.ts';

/** Cognito's ProviderUserIdentifierType, parsed. */
export interface ProviderUser {
  providerName: string;
  attributeName?: string;
  attributeValue?: string;
}

/** Most external identities one user may have linked (Cognito's documented quota). */
export const MAX_LINKS_PER_USER = 5;

/** What the store's columns hold; longer values are refused rather than cut. */
const MAX_ATTRIBUTE_NAME = 128;
const MAX_ATTRIBUTE_VALUE = 2048;

/** Social IdPs, whose `identities` providerType is their own name. */
const SOCIAL = new Set(['Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple']);
const SUBJECT = 'Cognito_Subject';

/**
 * The `identities` attribute value Cognito shows for linked users: a JSON array of
 * {userId, providerName, providerType, issuer, primary, dateCreated}. Identity providers are not
 * stored yet, so any non-social provider is reported as OIDC.
 */
function identitiesValue(links: ProviderLink[]): string {
  return JSON.stringify(
    links.map((l) => ({
      userId: l.providerAttributeValue,
      providerName: l.providerName,
      providerType: SOCIAL.has(l.providerName) ? l.providerName : 'OIDC',
      issuer: null,
      primary: false,
      dateCreated: l.createdAt,
    })),
  );
}

/** Rewrites the user's `identities` attribute from their links (gone when none are left). */
async function saveIdentities(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: User,
  links: ProviderLink[],
) {
  if (links.length > 0) user.attributes.identities = identitiesValue(links);
  else delete user.attributes.identities;
  user.updatedAt = new Date(ctx.clock.now());
  await saveUser(ctx.db, user);
}

/** The external identity named by SourceUser or User, checked against what the store holds. */
function externalIdentity(who: ProviderUser, field: string): { name: string; value: string } {
  const { attributeName: name, attributeValue: value } = who;
  if (!name || !value) {
    throw new InvalidParameterException(
      `${field} needs both ProviderAttributeName and ProviderAttributeValue.`,
    );
  }
  if (name.length > MAX_ATTRIBUTE_NAME || value.length > MAX_ATTRIBUTE_VALUE) {
    throw new InvalidParameterException(
      `${field} ProviderAttributeName may have at most ${MAX_ATTRIBUTE_NAME} characters and ProviderAttributeValue at most ${MAX_ATTRIBUTE_VALUE}.`,
    );
  }
  if (SOCIAL.has(who.providerName) && name !== SUBJECT) {
    throw new InvalidParameterException(
      `${field} ProviderAttributeName must be ${SUBJECT} for ${who.providerName}.`,
    );
  }
  return { name, value };
}

/**
 * The local user a DestinationUser names: the username for `Cognito`, else the federated user
 * `<ProviderName>_<value>` Cognito would have made.
 */
function destination(ctx: Pick<Context, 'db'>, pool: UserPool, dest: ProviderUser) {
  if (!dest.attributeValue) {
    throw new InvalidParameterException('DestinationUser needs a ProviderAttributeValue.');
  }
  const username =
    dest.providerName === 'Cognito'
      ? dest.attributeValue
      : `${dest.providerName}_${dest.attributeValue}`;
  return requireUser(ctx, pool, username);
}

/**
 * AdminLinkProviderForUser: links an external identity that has not signed in yet to a local
 * user, at most five per user. An identity linked to another user is AliasExistsException;
 * linking it again to the same user changes nothing.
 */
export async function linkProviderForUser(
  ctx: Pick<Context, 'db' | 'clock'>,
  pool: UserPool,
  dest: ProviderUser,
  source: ProviderUser,
): Promise<void> {
  if (source.providerName === 'Cognito') {
    // Cognito's own message.
    throw new InvalidParameterException(
      'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
    );
  }
  const identity = externalIdentity(source, 'SourceUser');
  const user = await destination(ctx, pool, dest);
  const existing = await findLink(ctx.db, pool.id, source.providerName, identity.value);
  if (existing?.userId === user.id) return;
  const taken = () =>
    new AliasExistsException('The SourceUser is already linked to another user in this pool.');
  if (existing) throw taken();
  const links = await listUserLinks(ctx.db, user.id);
  if (links.length >= MAX_LINKS_PER_USER) {
    throw new LimitExceededException(
      `A user can have at most ${MAX_LINKS_PER_USER} linked identities.`,
    );
  }
  const link: ProviderLink = {
    userPoolId: pool.id,
    providerName: source.providerName,
    providerAttributeName: identity.name,
    providerAttributeValue: identity.value,
    userId: user.id,
    createdAt: ctx.clock.now(),
  };
  try {
    await insertLink(ctx.db, link);
  } catch (err) {
    // A concurrent request (on any instance) linked it first.
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  await saveIdentities(ctx, user, [...links, link]);
}

/**
 * AdminDisableProviderForUser: removes the link of an external identity, named with the same
 * ProviderAttributeName and value it was linked with. Turning off a local user's password
 * (ProviderName `Cognito`) is not supported.
 */
export async function disableProviderForUser(
  ctx: Pick<Context, 'db' | 'clock'>,
  pool: UserPool,
  target: ProviderUser,
): Promise<void> {
  if (target.providerName === 'Cognito') {
    throw new UnsupportedOperationException(
      'Cognate does not turn off password sign-in of a local user (ProviderName Cognito).',
    );
  }
  const identity = externalIdentity(target, 'User');
  const link = await findLink(ctx.db, pool.id, target.providerName, identity.value);
  if (!link || link.providerAttributeName !== identity.name) {
    throw new UserNotFoundException('User does not exist.');
  }
  await deleteLink(ctx.db, link);
  const user = await findUserById(ctx.db, link.userId);
  if (user) await saveIdentities(ctx, user, await listUserLinks(ctx.db, user.id));
}
