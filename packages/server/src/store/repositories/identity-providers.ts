import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { IdentityProviderTable } from '../tables.ts';

/**
 * An identity provider as stored: ProviderDetails as kept at rest (the client secret and the
 * Apple private key sealed by the service), the mapping and the identifiers.
 */
export interface StoredIdentityProvider {
  userPoolId: string;
  providerName: string;
  providerType: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

function toProvider(row: Selectable<IdentityProviderTable>): StoredIdentityProvider {
  return {
    userPoolId: row.user_pool_id,
    providerName: row.provider_name,
    providerType: row.provider_type,
    details: JSON.parse(row.details),
    attributeMapping: JSON.parse(row.attribute_mapping),
    idpIdentifiers: JSON.parse(row.idp_identifiers),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Stores a new provider and its identifiers; a unique violation when either is taken. */
export async function insertProvider(db: Db, p: StoredIdentityProvider): Promise<void> {
  await db
    .insertInto('identity_providers')
    .values({
      user_pool_id: p.userPoolId,
      provider_name: p.providerName,
      provider_type: p.providerType,
      details: JSON.stringify(p.details),
      attribute_mapping: JSON.stringify(p.attributeMapping),
      idp_identifiers: JSON.stringify(p.idpIdentifiers),
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })
    .execute();
  await insertIdentifiers(db, p);
}

async function insertIdentifiers(db: Db, p: StoredIdentityProvider): Promise<void> {
  if (p.idpIdentifiers.length === 0) return;
  await db
    .insertInto('identity_provider_identifiers')
    .values(
      p.idpIdentifiers.map((identifier) => ({
        user_pool_id: p.userPoolId,
        identifier,
        provider_name: p.providerName,
      })),
    )
    .execute();
}

/** Rewrites a provider's details, mapping and identifiers; a unique violation when one is taken. */
export async function updateProvider(db: Db, p: StoredIdentityProvider): Promise<void> {
  await db
    .updateTable('identity_providers')
    .set({
      details: JSON.stringify(p.details),
      attribute_mapping: JSON.stringify(p.attributeMapping),
      idp_identifiers: JSON.stringify(p.idpIdentifiers),
      updated_at: p.updatedAt,
    })
    .where('user_pool_id', '=', p.userPoolId)
    .where('provider_name', '=', p.providerName)
    .execute();
  await deleteIdentifiers(db, p.userPoolId, p.providerName);
  await insertIdentifiers(db, p);
}

async function deleteIdentifiers(db: Db, poolId: string, providerName: string): Promise<void> {
  await db
    .deleteFrom('identity_provider_identifiers')
    .where('user_pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .execute();
}

/** A provider of a pool by name (exact), if any. */
export async function findProvider(
  db: Db,
  poolId: string,
  providerName: string,
): Promise<StoredIdentityProvider | undefined> {
  const row = await db
    .selectFrom('identity_providers')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .executeTakeFirst();
  return row && toProvider(row);
}

/** The provider an IdpIdentifier names in a pool, if any. */
export async function findProviderByIdentifier(
  db: Db,
  poolId: string,
  identifier: string,
): Promise<StoredIdentityProvider | undefined> {
  const row = await db
    .selectFrom('identity_provider_identifiers')
    .innerJoin('identity_providers', (join) =>
      join
        .onRef('identity_providers.user_pool_id', '=', 'identity_provider_identifiers.user_pool_id')
        .onRef(
          'identity_providers.provider_name',
          '=',
          'identity_provider_identifiers.provider_name',
        ),
    )
    .selectAll('identity_providers')
    .where('identity_provider_identifiers.user_pool_id', '=', poolId)
    .where('identity_provider_identifiers.identifier', '=', identifier)
    .executeTakeFirst();
  return row && toProvider(row);
}

/** The provider holding an identifier in a pool, if any (to name it in errors). */
export async function identifierHolder(
  db: Db,
  poolId: string,
  identifier: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('identity_provider_identifiers')
    .select('provider_name')
    .where('user_pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return row?.provider_name;
}

/** A page of a pool's providers by name, after `afterName`. */
export async function listProviders(
  db: Db,
  poolId: string,
  limit: number,
  afterName?: string,
): Promise<StoredIdentityProvider[]> {
  let q = db
    .selectFrom('identity_providers')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .orderBy('provider_name')
    .limit(limit);
  if (afterName !== undefined) q = q.where('provider_name', '>', afterName);
  return (await q.execute()).map(toProvider);
}

/** The providers of a pool with these names (any order). */
export async function findProviders(
  db: Db,
  poolId: string,
  names: readonly string[],
): Promise<StoredIdentityProvider[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('identity_providers')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .where('provider_name', 'in', [...names])
    .execute();
  return rows.map(toProvider);
}

/** Deletes a provider, its identifiers and its sign-ins under way. */
export async function deleteProvider(db: Db, poolId: string, providerName: string): Promise<void> {
  await deleteIdentifiers(db, poolId, providerName);
  await db
    .deleteFrom('upstream_flows')
    .where('user_pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .execute();
  await db
    .deleteFrom('identity_providers')
    .where('user_pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .execute();
}
