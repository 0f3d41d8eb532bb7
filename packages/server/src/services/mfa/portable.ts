import { findUserMfas, type MfaFactor, saveUserMfa } from '../../store/repositories/user-mfa.ts';
import type { Context } from '../context.ts';
import { open, seal } from '../crypto/secret-box.ts';

/**
 * A user's MFA settings as they move between servers (CognateExportUserPool and
 * CognateImportUserPool): the authenticator secret travels in clear, since the receiving server
 * seals it with its own key. An export file is as sensitive as the pool itself.
 */
export interface PortableMfa {
  sms: boolean;
  totp: boolean;
  email: boolean;
  preferred?: MfaFactor;
  preferencesSet: boolean;
  /** The verified authenticator secret, base32. */
  totpSecret?: string;
  /** The last time step signed in with, so exported codes cannot be replayed on arrival. */
  totpLastStep: number;
}

/** The MFA settings of `userIds` that have any, ready to export. */
export async function exportUserMfa(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  userIds: string[],
): Promise<Map<string, PortableMfa>> {
  const out = new Map<string, PortableMfa>();
  for (const [id, m] of await findUserMfas(ctx.db, userIds)) {
    out.set(id, {
      sms: m.sms,
      totp: m.totp,
      email: m.email,
      preferred: m.preferred,
      preferencesSet: m.preferencesSet,
      totpSecret: m.totpSecret && open(ctx, 'totp secret', id, m.totpSecret),
      totpLastStep: m.totpLastStep,
    });
  }
  return out;
}

/** Stores imported MFA settings for users just created in `userPoolId`. */
export async function importUserMfa(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  userPoolId: string,
  records: { userId: string; mfa: PortableMfa }[],
): Promise<void> {
  const now = ctx.clock.now();
  for (const { userId, mfa } of records) {
    await saveUserMfa(ctx.db, {
      userId,
      userPoolId,
      sms: mfa.sms,
      totp: mfa.totp,
      email: mfa.email,
      preferred: mfa.preferred,
      preferencesSet: mfa.preferencesSet,
      totpSecret: mfa.totpSecret && seal(ctx, 'totp secret', userId, mfa.totpSecret),
      totpLastStep: mfa.totpLastStep,
      updatedAt: now,
    });
  }
}
