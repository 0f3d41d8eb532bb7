import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { UpstreamFlowTable } from '../tables.ts';

/** A redirect to an identity provider under way, keyed by the hash of its state. */
export interface UpstreamFlowRow {
  stateHash: string;
  userPoolId: string;
  providerName: string;
  bindingHash: string;
  /** JSON the service reads back (nonce, sealed PKCE verifier, the app's request). */
  data: string;
  createdAt: number;
  expiresAt: number;
}

export async function insertUpstreamFlow(db: Db, flow: UpstreamFlowRow): Promise<void> {
  await db
    .insertInto('upstream_flows')
    .values({
      state_hash: flow.stateHash,
      user_pool_id: flow.userPoolId,
      provider_name: flow.providerName,
      binding_hash: flow.bindingHash,
      data: flow.data,
      created_at: flow.createdAt,
      expires_at: flow.expiresAt,
    })
    .execute();
}

/** A flow by the hash of its state, left in place. */
export async function findUpstreamFlow(
  db: Db,
  stateHash: string,
): Promise<UpstreamFlowRow | undefined> {
  const row = await db
    .selectFrom('upstream_flows')
    .selectAll()
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  return row && toFlow(row);
}

function toFlow(row: Selectable<UpstreamFlowTable>): UpstreamFlowRow {
  return {
    stateHash: row.state_hash,
    userPoolId: row.user_pool_id,
    providerName: row.provider_name,
    bindingHash: row.binding_hash,
    data: row.data,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

/**
 * Takes a flow by the hash of its state: deletes it and returns it, so a state is used once even
 * when two responses race (only the request whose delete removed the row gets it).
 */
export async function takeUpstreamFlow(
  db: Db,
  stateHash: string,
): Promise<UpstreamFlowRow | undefined> {
  const row = await db
    .selectFrom('upstream_flows')
    .selectAll()
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const gone = await db
    .deleteFrom('upstream_flows')
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) !== 1) return undefined;
  return toFlow(row);
}

/** Deletes flows that expired before `now`. */
export async function deleteExpiredUpstreamFlows(db: Db, now: number): Promise<void> {
  await db.deleteFrom('upstream_flows').where('expires_at', '<', now).execute();
}
