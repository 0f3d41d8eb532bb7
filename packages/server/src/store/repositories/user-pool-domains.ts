import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { UserPoolDomainTable } from '../tables.ts';

/** Whether a domain is a prefix served under the public URL, or a custom host name. */
export type DomainKind = 'prefix' | 'custom';

/** A pool's domain as stored. */
export interface DomainRecord {
  domain: string;
  userPoolId: string;
  kind: DomainKind;
  /** CustomDomainConfig.CertificateArn of a custom domain. */
  certificateArn?: string;
  managedLoginVersion: number;
  /** Changes on every update (DescribeUserPoolDomain's Version). */
  version: string;
  createdAt: number;
  updatedAt: number;
}

function toRecord(row: Selectable<UserPoolDomainTable>): DomainRecord {
  return {
    domain: row.domain,
    userPoolId: row.user_pool_id,
    kind: row.kind as DomainKind,
    ...(row.certificate_arn != null && { certificateArn: row.certificate_arn }),
    managedLoginVersion: Number(row.managed_login_version),
    version: row.version,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Inserts a domain; a unique violation means the name (or the pool's kind) is taken. */
export async function insertDomain(db: Db, d: DomainRecord): Promise<void> {
  await db
    .insertInto('user_pool_domains')
    .values({
      domain: d.domain,
      user_pool_id: d.userPoolId,
      kind: d.kind,
      certificate_arn: d.certificateArn ?? null,
      managed_login_version: d.managedLoginVersion,
      version: d.version,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
    })
    .execute();
}

export async function findDomain(db: Db, domain: string): Promise<DomainRecord | undefined> {
  const row = await db
    .selectFrom('user_pool_domains')
    .selectAll()
    .where('domain', '=', domain)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** The pool's domains (at most one of each kind), prefix first. */
export async function domainsOfPool(db: Db, userPoolId: string): Promise<DomainRecord[]> {
  const rows = await db
    .selectFrom('user_pool_domains')
    .selectAll()
    .where('user_pool_id', '=', userPoolId)
    .execute();
  return rows.map(toRecord).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'prefix' ? -1 : 1));
}

/** Every custom domain's host name (for the Host rewrite and the TLS certificate choice). */
export async function customDomainNames(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('user_pool_domains')
    .select('domain')
    .where('kind', '=', 'custom')
    .execute();
  return rows.map((r) => r.domain);
}

export async function updateDomain(
  db: Db,
  d: Pick<
    DomainRecord,
    'domain' | 'certificateArn' | 'managedLoginVersion' | 'version' | 'updatedAt'
  >,
): Promise<void> {
  await db
    .updateTable('user_pool_domains')
    .set({
      certificate_arn: d.certificateArn ?? null,
      managed_login_version: d.managedLoginVersion,
      version: d.version,
      updated_at: d.updatedAt,
    })
    .where('domain', '=', d.domain)
    .execute();
}

export async function deleteDomain(db: Db, domain: string): Promise<void> {
  await db.deleteFrom('user_pool_domains').where('domain', '=', domain).execute();
}
