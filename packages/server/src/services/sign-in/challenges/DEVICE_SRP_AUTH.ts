import { requireUserDevice } from '../../devices/lookup.ts';
import { InvalidParameterException } from '../../errors.ts';
import { wrongPassword } from '../password-checks.ts';
import { consumeFlow, startFlow } from '../session-store.ts';
import { createChallenge, isValidClientPublic } from '../srp.ts';
import { type Challenge, flowUser } from './challenge.ts';

/**
 * Device SRP round one: the client names the device (DEVICE_KEY) and sends its `SRP_A`; the
 * server answers DEVICE_PASSWORD_VERIFIER with the device's salt and a fresh `SRP_B`, the user
 * pool's SRP run against the verifier ConfirmDevice stored. The secret block is the next
 * Session string, as in PASSWORD_VERIFIER.
 */
const DEVICE_SRP_AUTH: Challenge<'DEVICE_SRP_AUTH'> = {
  name: 'DEVICE_SRP_AUTH',
  answers: ['DEVICE_SRP_AUTH'],
  requires: ['USERNAME', 'DEVICE_KEY', 'SRP_A'],
  async respond(ctx, flow, { pool, client, responses }) {
    const { deviceKey, last } = flow.state;
    // Refused before the session is used up, so a corrected answer may follow.
    if (responses.DEVICE_KEY !== deviceKey) throw wrongPassword();
    const A = responses.SRP_A;
    if (!isValidClientPublic(A)) throw new InvalidParameterException('Invalid SRP_A value.');
    const user = await flowUser(ctx, flow);
    const device = await requireUserDevice(ctx, user.id, deviceKey);
    await consumeFlow(ctx, flow);
    if (!device.salt || !device.verifier) throw wrongPassword();
    const challenge = await createChallenge({ salt: device.salt, verifier: device.verifier });
    const session = await startFlow(ctx, {
      userPoolId: pool.id,
      client,
      userId: user.id,
      carry: flow.carry,
      challenge: 'DEVICE_PASSWORD_VERIFIER',
      state: { deviceKey, A, b: challenge.b, B: challenge.B, ...(last && { last }) },
    });
    return {
      kind: 'challenge',
      name: 'DEVICE_PASSWORD_VERIFIER',
      session,
      params: {
        SALT: device.salt,
        SRP_B: challenge.B,
        SECRET_BLOCK: session,
        USERNAME: user.username,
        DEVICE_KEY: deviceKey,
      },
    };
  },
};

export default DEVICE_SRP_AUTH;
