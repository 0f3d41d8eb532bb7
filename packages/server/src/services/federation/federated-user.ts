import { randomUUID } from 'node:crypto';
import type { Attributes, User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import { findLink } from '../../store/repositories/provider-links.ts';
import {
  findUserById,
  findUserByUsernameKey,
  insertUser,
  saveUser,
} from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import { commitOwnTransaction } from '../triggers/committed.ts';
import { runPreSignUp } from '../triggers/pre-sign-up.ts';
import { lookupKey } from '../users/lookup.ts';
import type { IdentityProvider } from './providers.ts';

/** What a provider said about the user: ID-token claims and attributes, by claim name. */
export type Claims = Record<string, unknown>;

/** One member of the `identities` attribute, in Cognito's JSON shape. */
export interface Identity {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  dateCreated: number;
}

/** The name Cognito gives a federated user: `<ProviderName>_<subject>`. */
export function federatedUsername(provider: IdentityProvider, subject: string): string {
  return `${provider.providerName}_${subject}`;
}

/** A claim as an attribute value: strings as they are, other values as JSON text. */
function attributeValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The user pool attributes the provider's AttributeMapping gives from these claims. */
export function mapAttributes(provider: IdentityProvider, claims: Claims): Attributes {
  const out: Attributes = {};
  for (const [attribute, claim] of Object.entries(provider.attributeMapping)) {
    if (attribute === 'username') continue;
    const value = attributeValue(claims[claim]);
    if (value !== undefined) out[attribute] = value;
  }
  return out;
}

/**
 * The native user an AdminLinkProviderForUser link sends this identity to, if any: a link on
 * `Cognito_Subject` matches the subject, any other on the claim it names.
 */
async function linkedUser(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  provider: IdentityProvider,
  subject: string,
  claims: Claims,
): Promise<User | undefined> {
  const candidates: [string, string][] = [['Cognito_Subject', subject]];
  for (const [name, value] of Object.entries(claims)) {
    if (typeof value === 'string' && value) candidates.push([name, value]);
  }
  for (const [name, value] of candidates) {
    const link = await findLink(ctx.db, pool.id, provider.providerName, value);
    if (link && link.providerAttributeName === name) return findUserById(ctx.db, link.userId);
  }
  return undefined;
}

function identityOf(
  provider: IdentityProvider,
  subject: string,
  issuer: string | null,
  dateCreated: number,
): Identity {
  return {
    userId: subject,
    providerName: provider.providerName,
    providerType: provider.providerType,
    issuer,
    primary: true,
    dateCreated,
  };
}

/** When this identity was first stored on the user (kept across sign-ins). */
function firstSeen(user: User, provider: IdentityProvider): number | undefined {
  try {
    const list = JSON.parse(user.attributes.identities ?? '[]') as Identity[];
    return list.find((i) => i.providerName === provider.providerName)?.dateCreated;
  } catch {
    return undefined;
  }
}

function refuseDisabled(user: User): User {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  return user;
}

/**
 * Signs a federated user in: the native user a link names; else the user
 * `<ProviderName>_<subject>` (status EXTERNAL_PROVIDER), created on the first sign-in after
 * the pool's PreSignUp trigger (PreSignUp_ExternalProvider) agrees, with the provider's
 * AttributeMapping applied on every sign-in and an `identities` attribute. A disabled user is
 * refused (NotAuthorizedException "User is disabled."); a failing trigger refuses the sign-in
 * with nothing created.
 */
export async function signInFederatedUser(
  ctx: Pick<Context, 'db' | 'clock' | 'region' | 'functions'>,
  input: {
    pool: UserPool;
    clientId: string;
    provider: IdentityProvider;
    subject: string;
    claims: Claims;
    /** The `issuer` member of the identity (SAML's entity id); null for OIDC and social. */
    issuer?: string | null;
  },
): Promise<User> {
  const { pool, provider, subject, claims } = input;
  const linked = await linkedUser(ctx, pool, provider, subject, claims);
  if (linked) return refuseDisabled(linked);
  const username = federatedUsername(provider, subject);
  const key = lookupKey(pool, username);
  const mapped = mapAttributes(provider, claims);
  const now = ctx.clock.now();
  const existing = await findUserByUsernameKey(ctx.db, pool.id, key);
  if (existing) return updateFederatedUser(ctx, existing, input, mapped);
  const outcome = await runPreSignUp(ctx, {
    pool,
    clientId: input.clientId,
    source: 'ExternalProvider',
    userName: username,
    attributes: mapped,
  });
  if (outcome.autoVerifyEmail && mapped.email) mapped.email_verified = 'true';
  if (outcome.autoVerifyPhone && mapped.phone_number) mapped.phone_number_verified = 'true';
  const id = randomUUID();
  const identity = identityOf(provider, subject, input.issuer ?? null, now);
  const user: User = {
    id,
    userPoolId: pool.id,
    username,
    status: 'EXTERNAL_PROVIDER',
    enabled: true,
    attributes: { ...mapped, sub: id, identities: JSON.stringify([identity]) },
    tokensValidAfter: 0,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  };
  try {
    await commitOwnTransaction(ctx.db, (db) => insertUser(db, user, key));
    return user;
  } catch (err) {
    // The same identity signing in twice at once: the other request created the user.
    if (!isUniqueViolation(err)) throw err;
    const raced = await findUserByUsernameKey(ctx.db, pool.id, key);
    if (!raced) throw err;
    return updateFederatedUser(ctx, raced, input, mapped);
  }
}

/** A returning federated user: the mapped attributes are written again, as on Cognito. */
async function updateFederatedUser(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: User,
  input: { provider: IdentityProvider; subject: string; issuer?: string | null },
  mapped: Attributes,
): Promise<User> {
  refuseDisabled(user);
  const now = ctx.clock.now();
  const dateCreated = firstSeen(user, input.provider) ?? now;
  const identity = identityOf(input.provider, input.subject, input.issuer ?? null, dateCreated);
  user.attributes = {
    ...user.attributes,
    ...mapped,
    identities: JSON.stringify([identity]),
  };
  user.updatedAt = new Date(now);
  await commitOwnTransaction(ctx.db, (db) => saveUser(db, user));
  return user;
}
