import type { User } from '../../model/user.ts';
import type { UserPoolSettings } from '../../model/user-pool.ts';
import type { MfaFactor, UserMfa } from '../../store/repositories/user-mfa.ts';
import { poolFactors } from './pool-config.ts';
import { FACTORS, isEnabled } from './user-settings.ts';

/** The second factor a sign-in asks for after the password. */
export type MfaStep =
  | { kind: 'none' }
  /** One factor: its code (SMS_MFA, EMAIL_OTP) or the authenticator's (SOFTWARE_TOKEN_MFA). */
  | { kind: 'factor'; factor: MfaFactor }
  /** Several and none preferred: SELECT_MFA_TYPE with MFAS_CAN_CHOOSE. */
  | { kind: 'select'; options: MfaFactor[] }
  /** MFA is required and the user has no factor: MFA_SETUP with MFAS_CAN_SETUP. */
  | { kind: 'setup'; options: MfaFactor[] };

/** Whether the pool offers `factor` and the user can receive it now. */
function usable(settings: UserPoolSettings, user: User, mfa: UserMfa, factor: MfaFactor) {
  const offered = poolFactors(settings);
  if (factor === 'SMS_MFA') return offered.sms && Boolean(user.attributes.phone_number);
  if (factor === 'EMAIL_OTP') return Boolean(offered.email) && Boolean(user.attributes.email);
  return offered.totp && Boolean(mfa.totpSecret);
}

function pick(mfa: UserMfa, factors: MfaFactor[]): MfaStep {
  if (mfa.preferred && factors.includes(mfa.preferred)) {
    return { kind: 'factor', factor: mfa.preferred };
  }
  if (factors.length === 1) return { kind: 'factor', factor: factors[0] };
  return { kind: 'select', options: factors };
}

/**
 * Which second factor Cognito asks for (user-pool-settings-mfa): with MFA OFF none; otherwise
 * the user's enabled factors the pool offers, the preferred one first, a choice among several
 * when none is preferred. When MFA is ON and none is enabled, whatever the user can receive
 * (a phone number, an email address, a verified authenticator app) serves; with nothing at all,
 * the user must set a factor up. With MFA OPTIONAL and nothing enabled, no MFA.
 */
export function chooseMfaStep(settings: UserPoolSettings, user: User, mfa: UserMfa): MfaStep {
  if (settings.MfaConfiguration === 'OFF') return { kind: 'none' };
  const enabled = FACTORS.filter((f) => isEnabled(mfa, f) && usable(settings, user, mfa, f));
  if (enabled.length > 0) return pick(mfa, enabled);
  if (settings.MfaConfiguration !== 'ON') return { kind: 'none' };
  const available = FACTORS.filter((f) => usable(settings, user, mfa, f));
  if (available.length > 0) return pick(mfa, available);
  const offered = poolFactors(settings);
  const setup = FACTORS.filter((f) =>
    f === 'SMS_MFA' ? offered.sms : f === 'SOFTWARE_TOKEN_MFA' ? offered.totp : offered.email,
  );
  return { kind: 'setup', options: setup };
}
