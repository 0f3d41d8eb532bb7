import type { FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { type PoolDomain, resolveDomain } from '../../services/domains/resolve.ts';

/**
 * The pool domain a request under `/domains/<domain>/…` is for (a custom domain's requests were
 * rewritten onto that path by Host). ResourceNotFoundException when no pool has that domain, so
 * a deleted domain's routes answer as unknown.
 */
export function domainOf(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  req: FastifyRequest,
): Promise<PoolDomain> {
  const { domain } = req.params as { domain?: string };
  return resolveDomain(ctx, domain ?? '');
}
