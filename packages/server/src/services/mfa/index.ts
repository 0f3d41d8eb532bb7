// Multi-factor authentication: the pool's MFA settings (SetUserPoolMfaConfig), each user's
// factors and preference (SetUserMFAPreference, SetUserSettings, GetUser's MFA members),
// authenticator apps (AssociateSoftwareToken, VerifySoftwareToken, RFC 6238 codes with otpauth,
// secrets sealed at rest), the one-time codes of SMS and email MFA, and which challenge a
// sign-in gets after the password. The challenges themselves are in sign-in/challenges/.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './choice.ts';
export * from './codes.ts';
export * from './pool-config.ts';
export * from './pool-mfa.ts';
export * from './portable.ts';
export * from './software-token.ts';
export * from './user-settings.ts';
