import { domainsOfPool, findDomain } from '../../store/repositories/user-pool-domains.ts';
import type { Context } from '../context.ts';
import { ResourceNotFoundException } from '../errors.ts';

/** A pool's domain and where its endpoints and hosted pages live. */
export interface PoolDomain {
  userPoolId: string;
  /** The domain as created: a prefix (`myapp`) or a custom host name (`auth.example.com`). */
  domain: string;
  /**
   * The base URL of the domain's endpoints (`<base>/oauth2/authorize`, `<base>/logout`, …):
   * `<publicUrl>/domains/<prefix>` for a prefix domain, `https://<host>` for a custom one.
   */
  base: string;
  custom: boolean;
}

/** Where a domain is served (the URL layout every client depends on; never change it). */
export function domainBase(publicUrl: string, domain: string, custom: boolean): string {
  return custom ? `https://${domain}` : `${publicUrl}/domains/${domain}`;
}

/** Host names are case-insensitive; prefixes are lower-case by rule. */
export function normalizeDomain(domain: string): string {
  return domain.toLowerCase();
}

/** The pool domain named `domain` (a prefix or a custom host); ResourceNotFoundException if none. */
export async function resolveDomain(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  domain: string,
): Promise<PoolDomain> {
  const found = await findDomain(ctx.db, normalizeDomain(domain));
  if (!found) throw new ResourceNotFoundException(`Domain ${domain} does not exist.`);
  const custom = found.kind === 'custom';
  return {
    userPoolId: found.userPoolId,
    domain: found.domain,
    base: domainBase(ctx.publicUrl, found.domain, custom),
    custom,
  };
}

/**
 * The domain a pool's endpoints are published under, or undefined when it has none. A pool with
 * both a prefix and a custom domain publishes the custom one: that is the name its owner chose
 * for users to see (and gave a certificate for).
 */
export async function poolDomain(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  userPoolId: string,
): Promise<PoolDomain | undefined> {
  const domains = await domainsOfPool(ctx.db, userPoolId);
  const chosen = domains.find((d) => d.kind === 'custom') ?? domains[0];
  if (!chosen) return undefined;
  const custom = chosen.kind === 'custom';
  return {
    userPoolId,
    domain: chosen.domain,
    base: domainBase(ctx.publicUrl, chosen.domain, custom),
    custom,
  };
}
