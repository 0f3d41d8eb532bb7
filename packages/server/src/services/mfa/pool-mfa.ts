import type {
  GetUserPoolMfaConfigResponse,
  SetUserPoolMfaConfigResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { updatePool } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { loadPool } from '../user-pools/lookup.ts';
import type { JsonObject } from '../validation/messages.ts';
import { applyMfaConfig, mfaConfigView } from './pool-config.ts';

/** SetUserPoolMfaConfig: validates the request against the pool and stores the result. */
export async function setUserPoolMfaConfig(
  ctx: Pick<Context, 'db' | 'clock'>,
  userPoolId: string,
  input: JsonObject,
): Promise<SetUserPoolMfaConfigResponse> {
  const pool = await loadPool(ctx, userPoolId);
  pool.settings = applyMfaConfig(pool.settings, input);
  pool.updatedAt = new Date(ctx.clock.now());
  await updatePool(ctx.db, pool);
  return mfaConfigView(pool.settings);
}

/** GetUserPoolMfaConfig. */
export async function getUserPoolMfaConfig(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
): Promise<GetUserPoolMfaConfigResponse> {
  return mfaConfigView((await loadPool(ctx, userPoolId)).settings);
}
