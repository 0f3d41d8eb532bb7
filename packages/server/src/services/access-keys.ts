import { findAccessKeySecret } from '../store/repositories/keys.ts';
import type { Context } from './context.ts';

/** The secret of one of the server's admin access keys, for SigV4 checks. */
export function accessKeySecret(
  ctx: Pick<Context, 'db'>,
  accessKeyId: string,
): Promise<string | undefined> {
  return findAccessKeySecret(ctx.db, accessKeyId);
}
