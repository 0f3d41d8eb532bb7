import type { Db } from '../open.ts';
import type { UserMfaTable } from '../tables.ts';

/** An MFA factor as Cognito names it in UserMFASettingList and challenges (wire names). */
export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** A user's MFA settings. Secrets stay sealed here; services open them. */
export interface UserMfa {
  userId: string;
  userPoolId: string;
  sms: boolean;
  totp: boolean;
  email: boolean;
  preferred?: MfaFactor;
  /** The preferences were set at least once (Cognito then reports UserMFASettingList). */
  preferencesSet: boolean;
  /** The verified authenticator secret, sealed. */
  totpSecret?: string;
  /** A secret associated and not yet verified, sealed. */
  totpPending?: string;
  /** The last TOTP time step accepted (0: none). */
  totpLastStep: number;
  updatedAt: number;
}

function toUserMfa(row: UserMfaTable): UserMfa {
  return {
    userId: row.user_id,
    userPoolId: row.user_pool_id,
    sms: Boolean(Number(row.sms_enabled)),
    totp: Boolean(Number(row.totp_enabled)),
    email: Boolean(Number(row.email_enabled)),
    preferred: (row.preferred ?? undefined) as MfaFactor | undefined,
    preferencesSet: Boolean(Number(row.preferences_set)),
    totpSecret: row.totp_secret ?? undefined,
    totpPending: row.totp_pending ?? undefined,
    totpLastStep: Number(row.totp_last_step),
    updatedAt: Number(row.updated_at),
  };
}

/** A user's MFA settings, or undefined when the user never had any. */
export async function findUserMfa(db: Db, userId: string): Promise<UserMfa | undefined> {
  const row = await db
    .selectFrom('user_mfa')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toUserMfa(row);
}

/**
 * Stores the factor switches, the preference and the secrets (insert or update). The last
 * accepted TOTP step is only ever moved by `acceptTotpStep` and `promotePendingSecret`.
 */
export async function saveUserMfa(db: Db, m: UserMfa): Promise<void> {
  const values = {
    sms_enabled: Number(m.sms),
    totp_enabled: Number(m.totp),
    email_enabled: Number(m.email),
    preferred: m.preferred ?? null,
    preferences_set: Number(m.preferencesSet),
    totp_secret: m.totpSecret ?? null,
    totp_pending: m.totpPending ?? null,
    updated_at: m.updatedAt,
  };
  await db
    .insertInto('user_mfa')
    .values({
      user_id: m.userId,
      user_pool_id: m.userPoolId,
      totp_last_step: m.totpLastStep,
      ...values,
    })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/**
 * Accepts a TOTP code of time step `step` for the verified secret `sealed`, in one statement:
 * only when the step is later than any accepted before and the secret is still the user's. Of
 * two concurrent answers with the same code (on any instance) exactly one gets true.
 */
export async function acceptTotpStep(
  db: Db,
  userId: string,
  sealed: string,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable('user_mfa')
    .set({ totp_last_step: step })
    .where('user_id', '=', userId)
    .where('totp_secret', '=', sealed)
    .where('totp_last_step', '<', step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Makes the pending secret `sealed` the verified one after a code of step `step` matched it, in
 * one statement: false when it is no longer the pending secret (verified concurrently, or
 * replaced by a new association).
 */
export async function promotePendingSecret(
  db: Db,
  userId: string,
  sealed: string,
  step: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('user_mfa')
    .set({ totp_secret: sealed, totp_pending: null, totp_last_step: step, updated_at: now })
    .where('user_id', '=', userId)
    .where('totp_pending', '=', sealed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The MFA settings of several users (an export page), keyed by user id. */
export async function findUserMfas(db: Db, userIds: string[]): Promise<Map<string, UserMfa>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('user_mfa')
    .selectAll()
    .where('user_id', 'in', userIds)
    .execute();
  return new Map(rows.map((r) => [r.user_id, toUserMfa(r)]));
}
