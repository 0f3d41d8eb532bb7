import type { UserPool } from '../../model/user-pool.ts';
import { findDevice } from '../../store/repositories/devices.ts';
import type { RefreshGrant } from '../../store/repositories/refresh-tokens.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import { tracksDevices } from './lookup.ts';

/**
 * Refresh with a device: the refresh tokens of a sign-in issued to a device work only with that
 * device. A grant whose device was forgotten is dead, as Cognito's ForgetDevice "all future calls
 * to revalidate that device's refresh tokens will fail"; a DEVICE_KEY other than the grant's, or
 * naming no confirmed device of the user, is refused; once the device is confirmed the key must
 * be sent ("You must provide the confirmed device key in this request"). Each refusal is
 * NotAuthorizedException "Invalid Refresh Token", as Cognito answers it.
 */
export async function assertRefreshDevice(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  grant: RefreshGrant,
  deviceKey: string | undefined,
): Promise<void> {
  const invalid = () => new NotAuthorizedException('Invalid Refresh Token');
  if (grant.deviceKey) {
    const device = await findDevice(ctx.db, grant.deviceKey);
    if (!device || device.userId !== grant.userId) throw invalid();
    if (deviceKey !== undefined && deviceKey !== grant.deviceKey) throw invalid();
    if (deviceKey === undefined && device.status !== 'unconfirmed') throw invalid();
    return;
  }
  // A sign-in without a device (tracking off then): a key, if sent, must still be the user's.
  if (deviceKey === undefined || !tracksDevices(pool)) return;
  const device = await findDevice(ctx.db, deviceKey);
  if (!device || device.userId !== grant.userId || device.status === 'unconfirmed') {
    throw invalid();
  }
}
