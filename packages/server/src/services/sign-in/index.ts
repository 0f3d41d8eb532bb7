// Signing in: InitiateAuth and RespondToAuthChallenge as a stored state machine (states.ts), one
// module per challenge (challenges/), Cognito's SRP-6a, password checks and lockout.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './hosted.ts';
export * from './initiate.ts';
export * from './lockout.ts';
export * from './outcome.ts';
export * from './password-checks.ts';
export * from './respond.ts';
export * from './session-store.ts';
export * from './srp.ts';
export * from './states.ts';
export * from './step-types.ts';
