// Passwords: the pool's password policy and temporary passwords, ChangePassword, admin-set
// passwords, and ForgotPassword / ConfirmForgotPassword.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './change-password.ts';
export * from './forgot-password.ts';
export * from './password-policy.ts';
