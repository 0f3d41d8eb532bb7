// The `Mfa` member of a user in CognateExportUserPool / CognateImportUserPool.
import { InvalidParameterException } from '../../services/errors.ts';
import { FACTORS, type PortableMfa } from '../../services/mfa/index.ts';

/** A user's MFA settings on the wire. */
export interface MfaWire {
  SmsMfaEnabled: boolean;
  SoftwareTokenMfaEnabled: boolean;
  EmailMfaEnabled: boolean;
  PreferredMfaSetting?: string;
  /** The user set preferences (GetUser then reports UserMFASettingList). */
  PreferencesSet: boolean;
  /** The verified authenticator secret, base32. */
  SoftwareTokenSecret?: string;
  /** The last authenticator time step signed in with. */
  SoftwareTokenLastStep: number;
}

/** The wire form of a user's MFA settings. */
export function mfaToWire(m: PortableMfa): MfaWire {
  return {
    SmsMfaEnabled: m.sms,
    SoftwareTokenMfaEnabled: m.totp,
    EmailMfaEnabled: m.email,
    PreferredMfaSetting: m.preferred,
    PreferencesSet: m.preferencesSet,
    SoftwareTokenSecret: m.totpSecret,
    SoftwareTokenLastStep: m.totpLastStep,
  };
}

function bad(path: string, what: string): never {
  throw new InvalidParameterException(`Invalid ${path}: ${what}.`);
}

function flag(o: Record<string, unknown>, key: string, path: string): boolean {
  if (typeof o[key] !== 'boolean') bad(`${path}.${key}`, 'expected a boolean');
  return o[key] as boolean;
}

/** Reads the `Mfa` member of an imported user; absent is undefined. */
export function mfaFromWire(value: unknown, path: string): PortableMfa | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) bad(path, 'expected an object');
  const o = value as Record<string, unknown>;
  const preferred = o.PreferredMfaSetting;
  if (preferred !== undefined && !(FACTORS as readonly unknown[]).includes(preferred)) {
    bad(`${path}.PreferredMfaSetting`, `expected one of ${FACTORS.join(', ')}`);
  }
  const secret = o.SoftwareTokenSecret;
  if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Z2-7]{16,}$/.test(secret))) {
    bad(`${path}.SoftwareTokenSecret`, 'expected a base32 secret');
  }
  const step = o.SoftwareTokenLastStep;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    bad(`${path}.SoftwareTokenLastStep`, 'expected a time step');
  }
  const totp = flag(o, 'SoftwareTokenMfaEnabled', path);
  if (totp && !secret) bad(`${path}.SoftwareTokenSecret`, 'required when the app is enabled');
  return {
    sms: flag(o, 'SmsMfaEnabled', path),
    totp,
    email: flag(o, 'EmailMfaEnabled', path),
    preferred: preferred as PortableMfa['preferred'],
    preferencesSet: flag(o, 'PreferencesSet', path),
    totpSecret: secret as string | undefined,
    totpLastStep: step,
  };
}
