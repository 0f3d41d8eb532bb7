import { requireUserDevice, skipsMfa } from '../../devices/lookup.ts';
import { afterFirstFactor, finishSignIn } from '../outcome.ts';
import { assertMaySignIn, wrongPassword } from '../password-checks.ts';
import { consumeFlow } from '../session-store.ts';
import { verifySrpClaim } from '../srp.ts';
import { type Challenge, flowUser } from './challenge.ts';

/**
 * Device SRP round two: the client signs the secret block and TIMESTAMP with the key of the
 * device's SRP, where the device group key stands for the pool name and the device key for the
 * user (amazon-cognito-identity-js's AuthenticationHelper built on the group key). A proven
 * remembered device then skips MFA; a device proven last goes straight to tokens.
 */
const DEVICE_PASSWORD_VERIFIER: Challenge<'DEVICE_PASSWORD_VERIFIER'> = {
  name: 'DEVICE_PASSWORD_VERIFIER',
  answers: ['DEVICE_PASSWORD_VERIFIER'],
  requires: ['PASSWORD_CLAIM_SIGNATURE', 'PASSWORD_CLAIM_SECRET_BLOCK', 'TIMESTAMP'],
  sessionIn: 'PASSWORD_CLAIM_SECRET_BLOCK',
  async respond(ctx, flow, { pool, client, responses }) {
    const { deviceKey, A, b, B, last } = flow.state;
    if (responses.DEVICE_KEY && responses.DEVICE_KEY !== deviceKey) throw wrongPassword();
    // One answer per challenge: the session is used up before the claim is checked.
    await consumeFlow(ctx, flow);
    const user = await flowUser(ctx, flow);
    const device = await requireUserDevice(ctx, user.id, deviceKey);
    const ok =
      device.salt !== undefined &&
      device.verifier !== undefined &&
      (await verifySrpClaim({
        poolName: device.groupKey,
        userId: device.deviceKey,
        A,
        challenge: { b, B },
        stored: { salt: device.salt, verifier: device.verifier },
        secretBlock: responses.PASSWORD_CLAIM_SECRET_BLOCK,
        timestamp: responses.TIMESTAMP,
        signature: responses.PASSWORD_CLAIM_SIGNATURE,
      }));
    if (!ok) throw wrongPassword();
    // Disabled since the password step: the sign-in cannot finish either.
    assertMaySignIn(user);
    const carry = {
      ...flow.carry,
      deviceKey,
      deviceProven: true,
      deviceRemembered: skipsMfa(pool, device),
    };
    return last
      ? finishSignIn(ctx, pool, client, user, carry)
      : afterFirstFactor(ctx, pool, client, user, carry);
  },
};

export default DEVICE_PASSWORD_VERIFIER;
