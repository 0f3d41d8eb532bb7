// Names and choices the pages share, as the Amplify CLI (and `cognate add auth`) words them.

/** Standard attribute → the name Amplify shows, in Amplify's order. */
export const STANDARD_ATTRIBUTES: Record<string, string> = {
  address: 'Address',
  birthdate: 'Birthdate',
  email: 'Email',
  family_name: 'Family Name',
  middle_name: 'Middle Name',
  gender: 'Gender',
  locale: 'Locale',
  given_name: 'Given Name',
  name: 'Name',
  nickname: 'Nickname',
  phone_number: 'Phone Number',
  preferred_username: 'Preferred Username',
  picture: 'Picture',
  profile: 'Profile',
  updated_at: 'Updated At',
  website: 'Website',
  zoneinfo: 'Zone Info',
};

/** How users sign in (Amplify's "How do you want users to be able to sign in?"). */
export const SIGN_IN: [string, string, string[] | undefined][] = [
  ['username', 'Username', undefined],
  ['email', 'Email', ['email']],
  ['phone', 'Phone number', ['phone_number']],
  ['email-or-phone', 'Email or phone number', ['email', 'phone_number']],
];

/** MFA modes, as Studio words them. */
export const MFA_MODES: [string, string][] = [
  ['OFF', 'Off'],
  ['OPTIONAL', 'Optional'],
  ['ON', 'Required'],
];

/** The second factors. */
export const MFA_TYPES: [string, string][] = [
  ['SMS', 'SMS text message'],
  ['TOTP', 'Authenticator app (TOTP)'],
  ['EMAIL', 'Email'],
];

/**
 * The SMS role Cognito requires before SMS MFA; Cognate sends SMS itself, so this placeholder
 * (named as the CLI names it) only has to exist on a real Cognito pool.
 */
export function smsConfiguration(poolName: string) {
  const base = poolName.replace(/[^\w+=,.@-]/g, '').slice(0, 55) || 'cognate';
  return {
    SnsCallerArn: `arn:aws:iam::000000000000:role/${base}_sns-role`,
    ExternalId: `${base}_role_external_id`,
  };
}

/** The client auth flows. */
export const AUTH_FLOWS: [string, string][] = [
  ['ALLOW_USER_SRP_AUTH', 'SRP (ALLOW_USER_SRP_AUTH)'],
  ['ALLOW_USER_PASSWORD_AUTH', 'Password (ALLOW_USER_PASSWORD_AUTH)'],
  ['ALLOW_REFRESH_TOKEN_AUTH', 'Refresh token (ALLOW_REFRESH_TOKEN_AUTH)'],
  ['ALLOW_CUSTOM_AUTH', 'Custom challenge (ALLOW_CUSTOM_AUTH)'],
  ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'Admin password (ALLOW_ADMIN_USER_PASSWORD_AUTH)'],
];

/** The Lambda triggers of a pool (LambdaConfig members), with what each does. */
export const TRIGGERS: [string, string][] = [
  ['PreSignUp', 'Pre sign-up'],
  ['PostConfirmation', 'Post confirmation'],
  ['PreAuthentication', 'Pre authentication'],
  ['PostAuthentication', 'Post authentication'],
  ['PreTokenGeneration', 'Pre token generation'],
  ['CustomMessage', 'Custom message'],
  ['DefineAuthChallenge', 'Define auth challenge'],
  ['CreateAuthChallenge', 'Create auth challenge'],
  ['VerifyAuthChallengeResponse', 'Verify auth challenge response'],
  ['UserMigration', 'User migration'],
];

/** Social and OIDC provider types, and the scopes and mapping Amplify starts them with. */
export const PROVIDER_TYPES: Record<
  string,
  {
    label: string;
    scopes: string;
    idKey: string;
    secretKey: string;
    mapping: Record<string, string>;
  }
> = {
  Google: {
    label: 'Google',
    scopes: 'openid email profile',
    idKey: 'client_id',
    secretKey: 'client_secret',
    mapping: { email: 'email', username: 'sub' },
  },
  Facebook: {
    label: 'Facebook',
    scopes: 'public_profile,email',
    idKey: 'client_id',
    secretKey: 'client_secret',
    mapping: { email: 'email', username: 'id' },
  },
  LoginWithAmazon: {
    label: 'Login with Amazon',
    scopes: 'profile profile:user_id',
    idKey: 'client_id',
    secretKey: 'client_secret',
    mapping: { email: 'email', username: 'user_id' },
  },
  SignInWithApple: {
    label: 'Sign in with Apple',
    scopes: 'email name',
    idKey: 'client_id',
    secretKey: 'private_key',
    mapping: { email: 'email', username: 'sub' },
  },
  OIDC: {
    label: 'OpenID Connect',
    scopes: 'openid email',
    idKey: 'client_id',
    secretKey: 'client_secret',
    mapping: { email: 'email', username: 'sub' },
  },
};

/** A short, readable form of a setting's value for the plan. */
export function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(none)';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
