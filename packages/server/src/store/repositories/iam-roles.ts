import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { IamRoleTable } from '../tables.ts';

/** An IAM role (CreateRole). */
export interface RoleRecord {
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  description?: string;
  maxSessionDuration: number;
  /** The trust policy, JSON as given. */
  assumeRolePolicy: string;
  createdAt: number;
}

/** An inline policy of a role (PutRolePolicy). */
export interface RolePolicyRecord {
  policyName: string;
  /** JSON as given. */
  document: string;
}

/** Role names are unique regardless of case, as in IAM. */
const nameKey = (roleName: string) => roleName.toLowerCase();

function toRecord(row: Selectable<IamRoleTable>): RoleRecord {
  return {
    roleName: row.role_name,
    roleId: row.role_id,
    path: row.path,
    arn: row.arn,
    description: row.description ?? undefined,
    maxSessionDuration: Number(row.max_session_duration),
    assumeRolePolicy: row.assume_role_policy,
    createdAt: Number(row.created_at),
  };
}

/** Inserts a role; a unique violation means the name is taken. */
export async function insertRole(db: Db, r: RoleRecord): Promise<void> {
  await db
    .insertInto('iam_roles')
    .values({
      name_key: nameKey(r.roleName),
      role_name: r.roleName,
      role_id: r.roleId,
      path: r.path,
      arn: r.arn,
      description: r.description ?? null,
      max_session_duration: r.maxSessionDuration,
      assume_role_policy: r.assumeRolePolicy,
      created_at: r.createdAt,
    })
    .execute();
}

export async function findRole(db: Db, roleName: string): Promise<RoleRecord | undefined> {
  const row = await db
    .selectFrom('iam_roles')
    .selectAll()
    .where('name_key', '=', nameKey(roleName))
    .executeTakeFirst();
  return row && toRecord(row);
}

/** Roles whose path starts with `pathPrefix`, by name, after the name `after`, at most `limit`. */
export async function listRoles(
  db: Db,
  opts: { pathPrefix?: string; after?: string; limit: number },
): Promise<RoleRecord[]> {
  let q = db.selectFrom('iam_roles').selectAll().orderBy('name_key');
  if (opts.after !== undefined) q = q.where('name_key', '>', nameKey(opts.after));
  const rows = (await q.execute()).map(toRecord);
  // Prefix filtered here: LIKE treats `_` and `%` specially and its case rules differ by database.
  const prefix = opts.pathPrefix;
  return (prefix ? rows.filter((r) => r.path.startsWith(prefix)) : rows).slice(0, opts.limit);
}

export async function deleteRole(db: Db, roleName: string): Promise<void> {
  await db.deleteFrom('iam_roles').where('name_key', '=', nameKey(roleName)).execute();
}

/** Creates or replaces a role's inline policy. */
export async function putRolePolicy(
  db: Db,
  roleName: string,
  p: RolePolicyRecord,
  now: number,
): Promise<void> {
  const key = nameKey(roleName);
  const updated = await db
    .updateTable('iam_role_policies')
    .set({ document: p.document, updated_at: now })
    .where('name_key', '=', key)
    .where('policy_name', '=', p.policyName)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('iam_role_policies')
    .values({
      name_key: key,
      policy_name: p.policyName,
      document: p.document,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function findRolePolicy(
  db: Db,
  roleName: string,
  policyName: string,
): Promise<RolePolicyRecord | undefined> {
  const row = await db
    .selectFrom('iam_role_policies')
    .select(['policy_name', 'document'])
    .where('name_key', '=', nameKey(roleName))
    .where('policy_name', '=', policyName)
    .executeTakeFirst();
  return row && { policyName: row.policy_name, document: row.document };
}

/** A role's inline policies, by name. */
export async function listRolePolicies(db: Db, roleName: string): Promise<RolePolicyRecord[]> {
  const rows = await db
    .selectFrom('iam_role_policies')
    .select(['policy_name', 'document'])
    .where('name_key', '=', nameKey(roleName))
    .orderBy('policy_name')
    .execute();
  return rows.map((row) => ({ policyName: row.policy_name, document: row.document }));
}

/** Deletes one inline policy; false when the role had none of that name. */
export async function deleteRolePolicy(
  db: Db,
  roleName: string,
  policyName: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('iam_role_policies')
    .where('name_key', '=', nameKey(roleName))
    .where('policy_name', '=', policyName)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
