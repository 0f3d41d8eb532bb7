import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { ProviderLinkTable } from '../tables.ts';

/** An external identity (IdP name and subject or attribute value) linked to a local user. */
export interface ProviderLink {
  userPoolId: string;
  providerName: string;
  /** `Cognito_Subject` or the attribute the value was matched on. */
  providerAttributeName: string;
  providerAttributeValue: string;
  userId: string;
  createdAt: number;
}

function toLink(row: Selectable<ProviderLinkTable>): ProviderLink {
  return {
    userPoolId: row.user_pool_id,
    providerName: row.provider_name,
    providerAttributeName: row.provider_attribute_name,
    providerAttributeValue: row.provider_attribute_value,
    userId: row.user_id,
    createdAt: Number(row.created_at),
  };
}

/** Stores a link; a unique violation when the external identity is already linked. */
export async function insertLink(db: Db, link: ProviderLink): Promise<void> {
  await db
    .insertInto('provider_links')
    .values({
      user_pool_id: link.userPoolId,
      provider_name: link.providerName,
      provider_attribute_name: link.providerAttributeName,
      provider_attribute_value: link.providerAttributeValue,
      user_id: link.userId,
      created_at: link.createdAt,
    })
    .execute();
}

/** The link of one external identity in a pool, if any. */
export async function findLink(
  db: Db,
  poolId: string,
  providerName: string,
  value: string,
): Promise<ProviderLink | undefined> {
  const row = await db
    .selectFrom('provider_links')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .where('provider_attribute_value', '=', value)
    .executeTakeFirst();
  return row && toLink(row);
}

/** A user's links, oldest first. */
export async function listUserLinks(db: Db, userId: string): Promise<ProviderLink[]> {
  const rows = await db
    .selectFrom('provider_links')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('provider_name')
    .execute();
  return rows.map(toLink);
}

export async function deleteLink(db: Db, link: ProviderLink): Promise<void> {
  await db
    .deleteFrom('provider_links')
    .where('user_pool_id', '=', link.userPoolId)
    .where('provider_name', '=', link.providerName)
    .where('provider_attribute_value', '=', link.providerAttributeValue)
    .execute();
}
