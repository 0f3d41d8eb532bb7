import { randomUUID } from 'node:crypto';
import type { NewDeviceMetadataType } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Db } from '../../store/open.ts';
import { bindGrantToDevice, insertDevice, touchDevice } from '../../store/repositories/devices.ts';
import type { Context } from '../context.ts';
import { startFlow } from '../sign-in/session-store.ts';
import type { FlowCarry } from '../sign-in/states.ts';
import { skipsMfa, tracksDevices, userDevice } from './lookup.ts';

/**
 * Where in a sign-in the device step is asked: before the second factor (only a remembered
 * device that stands in for it) or right before tokens (any device the client names).
 */
export type DeviceStage = 'beforeMfa' | 'beforeTokens';

/**
 * The device step of a sign-in: when the client named one of this user's confirmed devices
 * (DEVICE_KEY) and the flow has not proven it yet, the DEVICE_SRP_AUTH challenge (as a stored
 * flow, returned as the sign-in's outcome); otherwise undefined.
 *
 * As on Cognito, a remembered device that stands in for MFA proves itself before the second
 * factor (which it then skips), and any other device last, right before tokens (the clients
 * expect tokens once DEVICE_PASSWORD_VERIFIER is answered) unless an MFA code came first.
 */
export async function deviceChallenge(
  ctx: Pick<Context, 'db' | 'clock' | 'random'>,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
  carry: FlowCarry,
  stage: DeviceStage = 'beforeMfa',
): Promise<
  | { kind: 'challenge'; name: 'DEVICE_SRP_AUTH'; session: string; params: Record<string, string> }
  | undefined
> {
  if (!tracksDevices(pool) || !carry.deviceKey || carry.deviceProven) return undefined;
  const device = await userDevice(ctx, user.id, carry.deviceKey);
  // A device confirmed without a verifier is tracked, but has nothing to prove.
  if (!device?.verifier || !device.salt) return undefined;
  if (stage === 'beforeMfa' && !skipsMfa(pool, device)) return undefined;
  // After an MFA code the sign-in ends with tokens: Cognito would ask the device then too, but
  // amazon-cognito-identity-js (so aws-amplify v5) answers that with the spent MFA Session.
  if (stage === 'beforeTokens' && carry.secondFactorDone) return undefined;
  const session = await startFlow(ctx, {
    userPoolId: pool.id,
    client,
    userId: user.id,
    carry,
    challenge: 'DEVICE_SRP_AUTH',
    state: { deviceKey: device.deviceKey, ...(stage === 'beforeTokens' && { last: true }) },
  });
  return {
    kind: 'challenge',
    name: 'DEVICE_SRP_AUTH',
    session,
    params: { USERNAME: user.username },
  };
}

/** The device side of a sign-in's tokens: what to write with the refresh grant, and what to tell. */
export interface SignInDevice {
  /** A device this sign-in created, for the client to confirm (ConfirmDevice). */
  newDevice?: NewDeviceMetadataType;
  /** Records the device with the sign-in's refresh grant, in the grant's transaction. */
  save(db: Db, grantId: string): Promise<void>;
}

/**
 * The device a successful sign-in goes with when the pool tracks devices: the confirmed device
 * the client named (its last sign-in time moves), or else a new one, answered as Cognito's
 * NewDeviceMetadata (DeviceKey `<region>_<uuid>`, DeviceGroupKey) and kept unconfirmed until
 * ConfirmDevice. The refresh grant remembers its device, so its refresh tokens stop with it.
 */
export async function signInDevice(
  ctx: Pick<Context, 'db' | 'clock' | 'random' | 'region'>,
  pool: UserPool,
  user: User,
  carry: FlowCarry,
): Promise<SignInDevice | undefined> {
  if (!tracksDevices(pool)) return undefined;
  const now = ctx.clock.now();
  const known = carry.deviceKey ? await userDevice(ctx, user.id, carry.deviceKey) : undefined;
  if (known) {
    return {
      async save(db, grantId) {
        await touchDevice(db, known.deviceKey, now);
        await bindGrantToDevice(db, grantId, known.deviceKey);
      },
    };
  }
  const deviceKey = `${ctx.region}_${randomUUID()}`;
  // The group key only salts the client's device verifier; random per device is enough.
  const groupKey = `-${ctx.random(6).toString('base64url')}`;
  return {
    newDevice: { DeviceKey: deviceKey, DeviceGroupKey: groupKey },
    async save(db, grantId) {
      await insertDevice(db, {
        deviceKey,
        userPoolId: pool.id,
        userId: user.id,
        groupKey,
        status: 'unconfirmed',
        attributes: {},
        createdAt: now,
        updatedAt: now,
        lastAuthenticatedAt: now,
      });
      await bindGrantToDevice(db, grantId, deviceKey);
    },
  };
}
