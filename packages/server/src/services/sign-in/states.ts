/**
 * The sign-in flow as a stored state machine. The `Session` string handed to the client points
 * at one stored row: pool, client, user, the challenge it is waiting on and that challenge's
 * state. Each answer either finishes the flow (tokens) or moves it to the next challenge.
 *
 *   InitiateAuth(USER_SRP_AUTH) ──► PASSWORD_VERIFIER ─┐
 *   InitiateAuth(USER_PASSWORD_AUTH) ───────────────────┼─► (FORCE_CHANGE_PASSWORD?) ─► NEW_PASSWORD_REQUIRED ─► tokens
 *   AdminInitiateAuth(ADMIN_USER_PASSWORD_AUTH) ────────┘                  └─────────────────────────────────► tokens
 *
 * Later challenges (SMS_MFA, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, CUSTOM_CHALLENGE,
 * DEVICE_SRP_AUTH) are added as new members of this union.
 */
export interface ChallengeStates {
  /** SRP round two: the server's secret `b` and public `B` for this attempt. */
  PASSWORD_VERIFIER: { A: string; b: string; B: string; decoy?: boolean };
  /** The user signed in with a temporary password and must choose a new one. */
  NEW_PASSWORD_REQUIRED: Record<string, never>;
}

/** Challenge names, Cognito's wire names. */
export type ChallengeName = keyof ChallengeStates;

/** How long a flow waits for an answer when the client sets no AuthSessionValidity. */
export const DEFAULT_SESSION_MINUTES = 3;
