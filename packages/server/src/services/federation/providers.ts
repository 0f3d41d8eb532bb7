import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import {
  deleteProvider,
  findProvider,
  findProviderByIdentifier,
  findProviders,
  identifierHolder,
  insertProvider,
  listProviders,
  type StoredIdentityProvider,
  updateProvider,
} from '../../store/repositories/identity-providers.ts';
import type { Context } from '../context.ts';
import { open, seal } from '../crypto/secret-box.ts';
import {
  DuplicateProviderException,
  InvalidParameterException,
  ResourceNotFoundException,
  UnsupportedIdentityProviderException,
} from '../errors.ts';
import { discoverOidcEndpoints } from './discovery.ts';
import { presetDetails } from './presets.ts';
import {
  checkAttributeMapping,
  checkGivenDetails,
  isPreset,
  type ProviderType,
  SECRET_KEYS,
} from './provider-details.ts';
import { completeSamlDetails } from './saml-details.ts';

/** An identity provider of a pool, its secrets in the clear (services only). */
export interface IdentityProvider {
  userPoolId: string;
  providerName: string;
  providerType: ProviderType;
  /** What the caller gave, and for OIDC the endpoints discovery filled in. */
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

/** What CreateIdentityProvider and UpdateIdentityProvider pass in, already shape-checked. */
export interface ProviderInput {
  providerType?: string;
  details?: Record<string, string>;
  attributeMapping?: Record<string, string>;
  idpIdentifiers?: string[];
}

type Deps = Pick<Context, 'db' | 'clock' | 'serverSecret'>;

/** The provider name of the pool's own users: never an identity provider's. */
const RESERVED = new Set(['cognito']);

function sealOwner(p: { userPoolId: string; providerName: string }): string {
  return `${p.userPoolId}/${p.providerName}`;
}

function toStored(ctx: Deps, p: IdentityProvider): StoredIdentityProvider {
  const details = { ...p.details };
  for (const key of SECRET_KEYS) {
    if (details[key] !== undefined) {
      details[key] = seal(ctx, 'identity provider secret', sealOwner(p), details[key]);
    }
  }
  return { ...p, details };
}

function fromStored(ctx: Pick<Context, 'serverSecret'>, s: StoredIdentityProvider) {
  const details = { ...s.details };
  for (const key of SECRET_KEYS) {
    if (details[key] !== undefined) {
      details[key] = open(ctx, 'identity provider secret', sealOwner(s), details[key]);
    }
  }
  return { ...s, providerType: s.providerType as ProviderType, details } as IdentityProvider;
}

/**
 * ProviderDetails as Describe shows them: the caller's keys plus what Cognito fills in (each
 * preset's endpoints, `attributes_url_add_attributes`), without Apple's private key.
 */
export function describedDetails(
  ctx: Pick<Context, 'providerEndpoints'>,
  p: IdentityProvider,
): Record<string, string> {
  const { private_key: _hidden, ...given } = p.details;
  if (isPreset(p.providerType)) {
    return sortKeys({ ...given, ...presetDetails(ctx, p.providerType, p.details) });
  }
  if (p.providerType === 'OIDC') {
    return sortKeys({ attributes_url_add_attributes: 'false', ...given });
  }
  return sortKeys(given);
}

function sortKeys(details: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(details).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function checkIdentifiers(ids: string[] | undefined): string[] {
  const list = ids ?? [];
  if (new Set(list).size !== list.length) {
    throw new InvalidParameterException('IdpIdentifiers must not repeat an identifier.');
  }
  return list;
}

/** Turns a store uniqueness failure into the identifier (or name) that was taken. */
async function explainConflict(
  ctx: Pick<Context, 'db'>,
  p: IdentityProvider,
  err: unknown,
): Promise<never> {
  if (!isUniqueViolation(err)) throw err;
  for (const id of p.idpIdentifiers) {
    const holder = await identifierHolder(ctx.db, p.userPoolId, id).catch(() => undefined);
    if (holder && holder !== p.providerName) throw identifierTaken(p.userPoolId, id);
  }
  throw new DuplicateProviderException(
    `${p.providerName} already exists in user pool ${p.userPoolId}`,
  );
}

function identifierTaken(poolId: string, id: string) {
  return new DuplicateProviderException(
    `Identifier ${id} is already used by another provider in user pool ${poolId}`,
  );
}

async function checkIdentifiersFree(ctx: Pick<Context, 'db'>, p: IdentityProvider) {
  for (const id of p.idpIdentifiers) {
    const holder = await identifierHolder(ctx.db, p.userPoolId, id);
    if (holder && holder !== p.providerName) throw identifierTaken(p.userPoolId, id);
  }
}

/** The details to keep: checked, and for OIDC completed from the issuer's discovery document. */
async function completeDetails(type: ProviderType, given: Record<string, string>) {
  const kept = checkGivenDetails(type, given);
  if (type === 'SAML') return completeSamlDetails(kept);
  return type === 'OIDC' ? discoverOidcEndpoints(kept) : kept;
}

/**
 * CreateIdentityProvider. A social provider must be named as its type (Cognito: "Provider X
 * cannot be of type Google."); `Cognito` is the pool's own. OIDC endpoints not given are
 * discovered from `oidc_issuer` before anything is stored; secrets are sealed at rest.
 */
export async function createIdentityProvider(
  ctx: Deps,
  pool: UserPool,
  name: string,
  input: ProviderInput & { providerType: ProviderType; details: Record<string, string> },
): Promise<IdentityProvider> {
  const type = input.providerType;
  if (RESERVED.has(name.toLowerCase())) {
    throw new InvalidParameterException(`Provider name ${name} is reserved.`);
  }
  if ((isPreset(type) || isPreset(name)) && name !== type) {
    throw new InvalidParameterException(`Provider ${name} cannot be of type ${type}.`);
  }
  const mapping = checkAttributeMapping(
    type,
    pool.settings.SchemaAttributes ?? [],
    input.attributeMapping ?? {},
  );
  const idpIdentifiers = checkIdentifiers(input.idpIdentifiers);
  if (await findProvider(ctx.db, pool.id, name)) {
    throw new DuplicateProviderException(`${name} already exists in user pool ${pool.id}`);
  }
  const details = await completeDetails(type, input.details);
  const now = ctx.clock.now();
  const provider: IdentityProvider = {
    userPoolId: pool.id,
    providerName: name,
    providerType: type,
    details,
    attributeMapping: mapping,
    idpIdentifiers,
    createdAt: now,
    updatedAt: now,
  };
  await checkIdentifiersFree(ctx, provider);
  await insertProvider(ctx.db, toStored(ctx, provider)).catch((err) =>
    explainConflict(ctx, provider, err),
  );
  return provider;
}

/** A provider of the pool by name, or ResourceNotFoundException. */
export async function loadIdentityProvider(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  pool: UserPool,
  name: string,
): Promise<IdentityProvider> {
  const stored = await findProvider(ctx.db, pool.id, name);
  if (!stored) {
    throw new ResourceNotFoundException(`Identity provider ${name} does not exist.`);
  }
  return fromStored(ctx, stored);
}

/** The provider of the pool an IdpIdentifier names, or ResourceNotFoundException. */
export async function providerByIdentifier(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  pool: UserPool,
  identifier: string,
): Promise<IdentityProvider> {
  const stored = await findProviderByIdentifier(ctx.db, pool.id, identifier);
  if (!stored) {
    throw new ResourceNotFoundException(`Identity provider for ${identifier} does not exist.`);
  }
  return fromStored(ctx, stored);
}

/**
 * UpdateIdentityProvider: what is given replaces what was stored (ProviderDetails as a whole,
 * except that a client secret or private key left out is kept), and is checked as on create.
 */
export async function updateIdentityProvider(
  ctx: Deps,
  pool: UserPool,
  name: string,
  input: ProviderInput,
): Promise<IdentityProvider> {
  if (RESERVED.has(name.toLowerCase())) {
    throw new UnsupportedIdentityProviderException(`Provider ${name} cannot be updated.`);
  }
  const provider = await loadIdentityProvider(ctx, pool, name);
  if (input.details) {
    const given = { ...input.details };
    for (const key of SECRET_KEYS) {
      if (given[key] === undefined && provider.details[key] !== undefined) {
        given[key] = provider.details[key];
      }
    }
    provider.details = await completeDetails(provider.providerType, given);
  }
  if (input.attributeMapping) {
    provider.attributeMapping = checkAttributeMapping(
      provider.providerType,
      pool.settings.SchemaAttributes ?? [],
      input.attributeMapping,
    );
  }
  if (input.idpIdentifiers) provider.idpIdentifiers = checkIdentifiers(input.idpIdentifiers);
  provider.updatedAt = ctx.clock.now();
  await checkIdentifiersFree(ctx, provider);
  await updateProvider(ctx.db, toStored(ctx, provider)).catch((err) =>
    explainConflict(ctx, provider, err),
  );
  return provider;
}

/** DeleteIdentityProvider: the provider, its identifiers and its sign-ins under way. */
export async function deleteIdentityProvider(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  pool: UserPool,
  name: string,
): Promise<void> {
  if (RESERVED.has(name.toLowerCase())) {
    throw new UnsupportedIdentityProviderException(`Provider ${name} cannot be deleted.`);
  }
  await loadIdentityProvider(ctx, pool, name);
  await deleteProvider(ctx.db, pool.id, name);
}

/** ListIdentityProviders: a page by name; the token is the last name seen. */
export async function listIdentityProviders(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  pool: UserPool,
  limit: number,
  nextToken?: string,
): Promise<{ providers: IdentityProvider[]; nextToken?: string }> {
  let after: string | undefined;
  if (nextToken !== undefined) {
    after = Buffer.from(nextToken, 'base64url').toString('utf8');
    if (!after) throw new InvalidParameterException('Invalid NextToken.');
  }
  const rows = await listProviders(ctx.db, pool.id, limit + 1, after);
  const page = rows.slice(0, limit).map((row) => fromStored(ctx, row));
  return {
    providers: page,
    nextToken:
      rows.length > limit
        ? Buffer.from(page[page.length - 1].providerName).toString('base64url')
        : undefined,
  };
}

/**
 * The identity providers a client offers on the hosted pages, for the buttons: its
 * SupportedIdentityProviders that exist, in the client's order, COGNITO left out.
 */
export async function listClientProviders(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  client: UserPoolClient,
): Promise<{ name: string; type: string }[]> {
  const names = (client.settings.SupportedIdentityProviders ?? []).filter((n) => n !== 'COGNITO');
  const found = await findProviders(ctx.db, pool.id, names);
  const byName = new Map(found.map((p) => [p.providerName, p.providerType]));
  return names.flatMap((name) => {
    const type = byName.get(name);
    return type ? [{ name, type }] : [];
  });
}
