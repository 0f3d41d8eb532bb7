import type { Kysely } from 'kysely';

// IAM roles (CreateRole) and their inline policies (PutRolePolicy), which identity pools hand out
// and @cognate/sigv4 evaluates. Role names are unique regardless of case, as in IAM, so the key is
// the lower-cased name. Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('iam_roles')
    .addColumn('name_key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('role_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('role_id', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('arn', 'varchar(1024)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('assume_role_policy', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('iam_role_policies')
    .addColumn('name_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('policy_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_role_policies_pk', ['name_key', 'policy_name'])
    .execute();
}
