import type { Context } from '../../services/context.ts';
import { InvalidParameterException } from '../../services/errors.ts';
import type { TokenOwner } from '../../services/mfa/index.ts';
import { authenticate } from '../../services/tokens/index.ts';
import { type JsonObject, optStr, TOKEN } from '../../services/validation/index.ts';

/**
 * AssociateSoftwareToken and VerifySoftwareToken take an access token (a signed-in user) or the
 * Session of an MFA_SETUP challenge, exactly one of the two.
 */
export async function tokenOwner(ctx: Context, input: JsonObject): Promise<TokenOwner> {
  const accessToken = optStr(input, 'AccessToken', TOKEN);
  const session = optStr(input, 'Session', { min: 20, max: 2048 });
  if (Boolean(accessToken) === Boolean(session)) {
    throw new InvalidParameterException('Exactly one of AccessToken and Session must be given.');
  }
  if (session) return { kind: 'session', session };
  const caller = await authenticate(ctx, accessToken as string);
  return { kind: 'user', pool: caller.pool, user: caller.user };
}
