import type { NewDeviceMetadataType } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import type { FlowCarry } from '../sign-in/states.ts';

/**
 * The device step of a sign-in, after the password: when the client sent the DEVICE_KEY of one
 * of this user's devices and the flow has not proven it yet, the DEVICE_SRP_AUTH challenge
 * (as a stored flow, returned as the sign-in's outcome); otherwise undefined.
 */
export async function deviceChallenge(
  _ctx: Pick<Context, 'db' | 'clock' | 'random'>,
  _pool: UserPool,
  _client: UserPoolClient,
  _user: User,
  _carry: FlowCarry,
): Promise<
  | { kind: 'challenge'; name: 'DEVICE_SRP_AUTH'; session: string; params: Record<string, string> }
  | undefined
> {
  return undefined;
}

/**
 * The device a successful sign-in creates when the pool tracks devices and the client named
 * none it already has: Cognito's NewDeviceMetadata (DeviceKey `<region>_<uuid>`,
 * DeviceGroupKey), or undefined.
 */
export async function newDeviceMetadata(
  _ctx: Pick<Context, 'db' | 'clock' | 'random' | 'region'>,
  _pool: UserPool,
  _user: User,
  _carry: FlowCarry,
): Promise<NewDeviceMetadataType | undefined> {
  return undefined;
}
