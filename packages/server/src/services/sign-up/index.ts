// Signing up: SignUp, ConfirmSignUp, AdminConfirmSignUp, ResendConfirmationCode, and the new-user
// record the admin and import paths share.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './confirm.ts';
export * from './sign-up.ts';
