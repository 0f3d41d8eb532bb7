import type { UserPool, UserPoolClient } from '../../../model/user-pool.ts';
import type { Context } from '../../../services/context.ts';
import type { Branding } from '../views/layout.ts';

/** The client's look on the hosted pages (its own UI customization, else the pool's). */
export async function brandingFor(
  _ctx: Pick<Context, 'db'>,
  _pool: UserPool,
  _client: UserPoolClient,
): Promise<Branding> {
  return {};
}
