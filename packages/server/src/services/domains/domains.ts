import type { DomainDescriptionType } from '@aws-sdk/client-cognito-identity-provider';
import { isUniqueViolation } from '../../store/errors.ts';
import * as repo from '../../store/repositories/user-pool-domains.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';
import { loadPool } from '../user-pools/lookup.ts';
import { normalizeDomain } from './resolve.ts';
import { checkCustomHost, checkPrefix } from './rules.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'publicUrl' | 'accountId' | 'customDomains'>;

/** What CreateUserPoolDomain and UpdateUserPoolDomain carry. */
export interface DomainInput {
  userPoolId: string;
  domain: string;
  managedLoginVersion?: number;
  /** CustomDomainConfig.CertificateArn: present for a custom domain. */
  certificateArn?: string;
}

const ALREADY_HAS = 'User pool already has a domain configured.';
const TAKEN = 'Domain already associated with another user pool.';
const NO_SUCH = 'No such domain or user pool exists.';

/** 1 is the hosted UI (classic), 2 managed login; the classic UI when not given. */
function checkManagedLoginVersion(version: number | undefined): number | undefined {
  if (version !== undefined && version !== 1 && version !== 2) {
    throw new InvalidParameterException('ManagedLoginVersion must be 1 or 2.');
  }
  return version;
}

/**
 * Where a custom domain's DNS must point: this server's public host (Cognito answers with its
 * CloudFront distribution, the CNAME target).
 */
function cnameTarget(publicUrl: string): string {
  return new URL(publicUrl).hostname;
}

function requireCertificate(ctx: Deps, host: string): void {
  if (!ctx.customDomains?.hasCertificate(host)) {
    throw new InvalidParameterException(
      `No certificate is configured for the custom domain ${host}. Give its certificate and key files in the server configuration: customDomainCerts (env COGNATE_CUSTOM_DOMAIN_CERTS="${host}=cert.pem,key.pem").`,
    );
  }
}

/**
 * CreateUserPoolDomain. A pool has at most one prefix domain and one custom domain, and a domain
 * name belongs to one pool across the server; the table's unique keys settle concurrent calls.
 */
export async function createDomain(ctx: Deps, input: DomainInput) {
  const pool = await loadPool(ctx, input.userPoolId);
  const custom = input.certificateArn !== undefined;
  const domain = custom ? normalizeDomain(input.domain) : input.domain;
  if (custom) checkCustomHost(domain);
  else checkPrefix(domain);
  const managedLoginVersion = checkManagedLoginVersion(input.managedLoginVersion) ?? 1;
  if (custom) requireCertificate(ctx, domain);
  const kind: repo.DomainKind = custom ? 'custom' : 'prefix';
  const own = await repo.domainsOfPool(ctx.db, pool.id);
  if (own.some((d) => d.kind === kind)) throw new InvalidParameterException(ALREADY_HAS);
  if (await repo.findDomain(ctx.db, domain)) throw new InvalidParameterException(TAKEN);
  const now = ctx.clock.now();
  try {
    await repo.insertDomain(ctx.db, {
      domain,
      userPoolId: pool.id,
      kind,
      certificateArn: input.certificateArn,
      managedLoginVersion,
      version: String(now),
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    // Lost a race: the pool's second domain of a kind, or a name another call took first.
    if (isUniqueViolation(err)) {
      const message =
        String((err as Error).message) + String((err as { constraint?: string }).constraint);
      throw new InvalidParameterException(message.includes('kind') ? ALREADY_HAS : TAKEN);
    }
    throw err;
  }
  if (custom) ctx.customDomains?.added(domain);
  return {
    managedLoginVersion,
    cloudFrontDomain: custom ? cnameTarget(ctx.publicUrl) : undefined,
  };
}

/** DescribeUserPoolDomain: an unknown domain is an empty description, as on Cognito. */
export async function describeDomain(
  ctx: Pick<Context, 'db' | 'publicUrl' | 'accountId'>,
  domain: string,
): Promise<DomainDescriptionType> {
  const found = await repo.findDomain(ctx.db, normalizeDomain(domain));
  if (!found) return {};
  return {
    UserPoolId: found.userPoolId,
    AWSAccountId: ctx.accountId,
    Domain: found.domain,
    CloudFrontDistribution: cnameTarget(ctx.publicUrl),
    Version: found.version,
    Status: 'ACTIVE',
    ...(found.certificateArn !== undefined && {
      CustomDomainConfig: { CertificateArn: found.certificateArn },
    }),
    ManagedLoginVersion: found.managedLoginVersion,
  };
}

async function ownDomain(ctx: Pick<Context, 'db'>, userPoolId: string, domain: string) {
  await loadPool(ctx, userPoolId);
  const found = await repo.findDomain(ctx.db, normalizeDomain(domain));
  if (!found || found.userPoolId !== userPoolId) throw new InvalidParameterException(NO_SUCH);
  return found;
}

/**
 * UpdateUserPoolDomain: a custom domain's certificate, and the managed login version. What is
 * left out stays as it was.
 */
export async function updateDomain(ctx: Deps, input: DomainInput) {
  const found = await ownDomain(ctx, input.userPoolId, input.domain);
  const managedLoginVersion =
    checkManagedLoginVersion(input.managedLoginVersion) ?? found.managedLoginVersion;
  if (input.certificateArn !== undefined && found.kind !== 'custom') {
    throw new InvalidParameterException(
      'CustomDomainConfig can only be updated for a custom domain.',
    );
  }
  if (found.kind === 'custom') requireCertificate(ctx, found.domain);
  const now = ctx.clock.now();
  await repo.updateDomain(ctx.db, {
    domain: found.domain,
    certificateArn: input.certificateArn ?? found.certificateArn,
    managedLoginVersion,
    version: String(now),
    updatedAt: now,
  });
  return {
    managedLoginVersion,
    cloudFrontDomain: found.kind === 'custom' ? cnameTarget(ctx.publicUrl) : undefined,
  };
}

/** DeleteUserPoolDomain: the domain's routes answer 404 from then on. */
export async function deleteDomain(ctx: Deps, userPoolId: string, domain: string): Promise<void> {
  const found = await ownDomain(ctx, userPoolId, domain);
  await repo.deleteDomain(ctx.db, found.domain);
  if (found.kind === 'custom') ctx.customDomains?.removed(found.domain);
}

/** DescribeUserPool's `Domain` (the prefix) and `CustomDomain`. */
export async function poolDomainNames(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
): Promise<{ Domain?: string; CustomDomain?: string }> {
  const domains = await repo.domainsOfPool(ctx.db, userPoolId);
  const prefix = domains.find((d) => d.kind === 'prefix');
  const custom = domains.find((d) => d.kind === 'custom');
  return {
    ...(prefix && { Domain: prefix.domain }),
    ...(custom && { CustomDomain: custom.domain }),
  };
}
