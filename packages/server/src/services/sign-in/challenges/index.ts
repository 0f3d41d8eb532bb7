import type { ChallengeName } from '../states.ts';
import CUSTOM_CHALLENGE from './CUSTOM_CHALLENGE.ts';
import type { Challenge } from './challenge.ts';
import DEVICE_PASSWORD_VERIFIER from './DEVICE_PASSWORD_VERIFIER.ts';
import DEVICE_SRP_AUTH from './DEVICE_SRP_AUTH.ts';
import EMAIL_OTP from './EMAIL_OTP.ts';
import MFA_SETUP from './MFA_SETUP.ts';
import NEW_PASSWORD_REQUIRED from './NEW_PASSWORD_REQUIRED.ts';
import PASSWORD_VERIFIER from './PASSWORD_VERIFIER.ts';
import SELECT_MFA_TYPE from './SELECT_MFA_TYPE.ts';
import SMS_MFA from './SMS_MFA.ts';
import SOFTWARE_TOKEN_MFA from './SOFTWARE_TOKEN_MFA.ts';

/**
 * Every challenge this server answers, keyed by its wire name: the only list of them. Adding a
 * challenge is adding its file and a line here.
 */
export const challenges: Readonly<Partial<Record<ChallengeName, Challenge>>> = Object.fromEntries(
  [
    PASSWORD_VERIFIER,
    NEW_PASSWORD_REQUIRED,
    CUSTOM_CHALLENGE,
    DEVICE_SRP_AUTH,
    DEVICE_PASSWORD_VERIFIER,
    SMS_MFA,
    EMAIL_OTP,
    SOFTWARE_TOKEN_MFA,
    SELECT_MFA_TYPE,
    MFA_SETUP,
  ].map((c) => [c.name, c]),
);

/** The module answering ChallengeName `name`, or undefined when this server asks none such. */
export function challengeNamed(name: ChallengeName): Challenge | undefined {
  return Object.hasOwn(challenges, name) ? challenges[name] : undefined;
}
