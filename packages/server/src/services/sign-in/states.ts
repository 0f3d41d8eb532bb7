import type { MfaFactor } from '../../store/repositories/user-mfa.ts';

/**
 * The sign-in flow as a stored state machine. The `Session` string handed to the client points
 * at one stored row: pool, client, user, the step it waits on and that step's data. A step is
 * named after the challenge the client was sent; the modules in challenges/ answer steps, each
 * answer finishing the flow with tokens or storing the next step under a new Session.
 *
 *   InitiateAuth USER_SRP_AUTH ─────────► PASSWORD_VERIFIER ──┐
 *   InitiateAuth USER_PASSWORD_AUTH ──────────────────────────┼─► password proven
 *   AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH ───────────────┘         │
 *                 FORCE_CHANGE_PASSWORD ─► NEW_PASSWORD_REQUIRED ─► tokens
 *                 otherwise ─────────────────────────────────────► tokens
 *
 * A new step (SMS_MFA, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, CUSTOM_CHALLENGE,
 * DEVICE_SRP_AUTH, …) is a member of `FlowStates`, a module in challenges/ that answers it, and
 * the step before it that stores it.
 */
export interface FlowStates {
  /** SRP round two: the client's `A`, the server's secret `b` and public `B` for this attempt. */
  /** `decoy`: an unknown user's challenge, locked out under `decoyUserId` (lockout.ts). */
  PASSWORD_VERIFIER: { A: string; b: string; B: string; decoy?: boolean; decoyUserId?: string };
  /** The user signed in with a temporary password and must choose a new one. */
  NEW_PASSWORD_REQUIRED: Record<string, never>;
  /** A code was sent by SMS; its keyed hash (never the code) is kept. */
  SMS_MFA: { codeHash: string };
  /**
   * A code was sent by email; its keyed hash (never the code) is kept. `setupEmail`: the address
   * MFA_SETUP is setting up, which becomes the user's verified email once the code matches.
   */
  EMAIL_OTP: { codeHash: string; setupEmail?: string };
  /** The user's authenticator app gives the code; nothing to keep. */
  SOFTWARE_TOKEN_MFA: Record<string, never>;
  /** The user has more than one factor and picks one (`MFAS_CAN_CHOOSE`). */
  SELECT_MFA_TYPE: { options: MfaFactor[] };
  /**
   * MFA is required and the user has no factor yet: set one up (`MFAS_CAN_SETUP`). `secret`: the
   * authenticator secret AssociateSoftwareToken handed out (sealed); `verified`: set once
   * VerifySoftwareToken matched it, when the flow only waits for the MFA_SETUP answer.
   */
  MFA_SETUP: { options: MfaFactor[]; secret?: string; verified?: boolean };
  /**
   * A custom challenge from CreateAuthChallenge. `sealed` is its data encrypted (the triggers'
   * `session` array so far, the private parameters and metadata often hold the expected answer):
   * see custom-auth-state.ts.
   */
  CUSTOM_CHALLENGE: { sealed: string };
  /**
   * The client named a device of the user; it must prove it holds that device's secret. `last`:
   * asked right before tokens (after any MFA), so tokens follow the proof.
   */
  DEVICE_SRP_AUTH: { deviceKey: string; last?: boolean };
  /** Device SRP round two: the client's `A`, the server's `b` and `B`, for `deviceKey`. */
  DEVICE_PASSWORD_VERIFIER: { deviceKey: string; A: string; b: string; B: string; last?: boolean };
}

/**
 * What a flow carries from step to step, whatever the step: the request facts later steps need
 * (MFA is skipped for a remembered device; triggers see the flow's ClientMetadata).
 */
export interface FlowCarry {
  /** The AuthFlow the sign-in started with, as sent (`USER_SRP_AUTH`, `CUSTOM_AUTH`, …). */
  authFlow?: string;
  /** The DEVICE_KEY the client sent in AuthParameters or ChallengeResponses, if any. */
  deviceKey?: string;
  /** ClientMetadata of the request that started the flow (each answer may send its own). */
  clientMetadata?: Record<string, string>;
  /** Set once DEVICE_PASSWORD_VERIFIER proved the client holds `deviceKey`'s secret. */
  deviceProven?: boolean;
  /** The proven device is remembered: the MFA step is skipped, as on Cognito. */
  deviceRemembered?: boolean;
  /**
   * An MFA step of this flow was answered: no device step follows it (amazon-cognito-identity-js
   * would answer one with the spent MFA Session).
   */
  secondFactorDone?: boolean;
  /**
   * ClientMetadata of the RespondToAuthChallenge answer being handled (set for each answer): what
   * PostAuthentication and PreTokenGeneration get, as Cognito passes them none of InitiateAuth's.
   */
  answerMetadata?: Record<string, string>;
  /** Set once NEW_PASSWORD_REQUIRED is answered: the token trigger's source says so. */
  newPasswordSet?: boolean;
  /**
   * A sign-in on the hosted pages (hosted.ts): it ends `authenticated`, without tokens (the
   * OAuth token endpoint issues them), and only the hosted pages may answer its steps.
   */
  hosted?: boolean;
}

/** A step a stored flow can wait on; its name is the ChallengeName the client was sent. */
export type FlowStep = keyof FlowStates;

/** The state of a flow waiting on one of `S`: the step and that step's data, one member each. */
export type FlowState<S extends FlowStep = FlowStep> = {
  [K in S]: { challenge: K; state: FlowStates[K] };
}[S];

/**
 * Cognito's ChallengeNameType, in the API reference's order (its validation message lists them
 * so). Wire names: never change them.
 */
export const CHALLENGE_NAMES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
] as const;

/** A ChallengeName Cognito's API accepts (whether or not this server asks it yet). */
export type ChallengeName = (typeof CHALLENGE_NAMES)[number];

/** How long a flow waits for an answer when the client sets no AuthSessionValidity. */
export const DEFAULT_SESSION_MINUTES = 3;
