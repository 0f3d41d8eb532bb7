import { findProviders } from '../../store/repositories/identity-providers.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';

/**
 * Checks an app client's SupportedIdentityProviders: each must be `COGNITO` or a provider of
 * the pool, as Cognito refuses unknown ones ("The provider X does not exist for User Pool Y").
 */
export async function checkSupportedProviders(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
  names: readonly string[] | undefined,
): Promise<void> {
  const external = (names ?? []).filter((name) => name !== 'COGNITO');
  if (external.length === 0) return;
  const found = new Set(
    (await findProviders(ctx.db, userPoolId, external)).map((p) => p.providerName),
  );
  const missing = external.find((name) => !found.has(name));
  if (missing !== undefined) {
    throw new InvalidParameterException(
      `The provider ${missing} does not exist for User Pool ${userPoolId}`,
    );
  }
}
