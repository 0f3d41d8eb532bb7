import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { UICustomizationTable } from '../tables.ts';

/** The branding of a pool (`clientId` 'ALL') or of one app client. */
export interface UICustomizationRecord {
  userPoolId: string;
  clientId: string;
  css?: string;
  cssVersion?: string;
  /** The logo and its media type; `imageId` names it in its public URL. */
  image?: { bytes: Buffer; type: string; id: string };
  createdAt: number;
  updatedAt: number;
}

function toRecord(row: Selectable<UICustomizationTable>): UICustomizationRecord {
  return {
    userPoolId: row.user_pool_id,
    clientId: row.client_id,
    ...(row.css != null && { css: row.css }),
    ...(row.css_version != null && { cssVersion: row.css_version }),
    ...(row.image != null &&
      row.image_type != null &&
      row.image_id != null && {
        image: { bytes: Buffer.from(row.image, 'base64'), type: row.image_type, id: row.image_id },
      }),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function findUICustomization(
  db: Db,
  userPoolId: string,
  clientId: string,
): Promise<UICustomizationRecord | undefined> {
  const row = await db
    .selectFrom('ui_customizations')
    .selectAll()
    .where('user_pool_id', '=', userPoolId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** Replaces (or creates) the branding of a pool or client. */
export async function putUICustomization(db: Db, r: UICustomizationRecord): Promise<void> {
  const values = {
    css: r.css ?? null,
    css_version: r.cssVersion ?? null,
    image: r.image ? r.image.bytes.toString('base64') : null,
    image_type: r.image?.type ?? null,
    image_id: r.image?.id ?? null,
    updated_at: r.updatedAt,
  };
  await db
    .insertInto('ui_customizations')
    .values({
      user_pool_id: r.userPoolId,
      client_id: r.clientId,
      created_at: r.createdAt,
      ...values,
    })
    .onConflict((oc) => oc.columns(['user_pool_id', 'client_id']).doUpdateSet(values))
    .execute();
}

export async function deleteUICustomization(
  db: Db,
  userPoolId: string,
  clientId: string,
): Promise<void> {
  await db
    .deleteFrom('ui_customizations')
    .where('user_pool_id', '=', userPoolId)
    .where('client_id', '=', clientId)
    .execute();
}
