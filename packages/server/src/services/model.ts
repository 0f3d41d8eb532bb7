import type { Attributes } from './attributes.ts';
import type { SrpVerifier } from './srp.ts';
import type { UserPoolClientSettings } from './user-pool-client-settings.ts';
import type { UserPoolSettings } from './user-pool-settings.ts';

/** Domain objects: what services see of stored rows (never snake_case, never SQL). */

export interface UserPool {
  id: string;
  name: string;
  settings: UserPoolSettings;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserPoolClient {
  id: string;
  userPoolId: string;
  name: string;
  /** The client secret, when the client has one (SECRET_HASH needs the clear value). */
  secret?: string;
  settings: UserPoolClientSettings;
  createdAt: Date;
  updatedAt: Date;
}

/** Cognito's UserStatusType values (wire names). */
export const USER_STATUSES = [
  'UNCONFIRMED',
  'CONFIRMED',
  'FORCE_CHANGE_PASSWORD',
  'RESET_REQUIRED',
  'EXTERNAL_PROVIDER',
  'ARCHIVED',
  'COMPROMISED',
  'UNKNOWN',
] as const;

/** One of Cognito's UserStatusType values. */
export type UserStatus = (typeof USER_STATUSES)[number];

export interface User {
  /** The user's `sub`. */
  id: string;
  userPoolId: string;
  username: string;
  status: UserStatus;
  enabled: boolean;
  attributes: Attributes;
  srp?: SrpVerifier;
  passwordChangedAt?: number;
  /** Tokens issued before this instant (epoch ms) are revoked (GlobalSignOut). */
  tokensValidAfter: number;
  createdAt: Date;
  updatedAt: Date;
}
