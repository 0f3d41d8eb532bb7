import type { UserPool, UserPoolClient } from '../../../model/user-pool.ts';
import type { Context } from '../../../services/context.ts';
import { uiCustomizationFor } from '../../../services/ui-customization/ui-customization.ts';
import type { Branding } from '../views/layout.ts';

/**
 * The client's look on the hosted pages (SetUICustomization): its own CSS and logo, else the
 * pool's. The CSS goes after ours, so Cognito's `*-customizable` classes restyle the pages.
 */
export function brandingFor(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  pool: UserPool,
  client: UserPoolClient,
): Promise<Branding> {
  return uiCustomizationFor(ctx, pool.id, client.id);
}
