// Users as services see them: what the store returns (never snake_case, never SQL).

/** User attributes in domain form, keyed by full name (`email`, `custom:tier`). */
export type Attributes = Record<string, string>;

/** Stored per user: hex strings. */
export interface SrpVerifier {
  /** Random 16-byte salt, hex; sent to the client as `SALT`. */
  salt: string;
  /** v = g^x mod N, hex, fixed width (384 bytes). */
  verifier: string;
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
