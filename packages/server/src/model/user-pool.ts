// User pools and app clients as services see them: what the store returns (never snake_case,
// never SQL). The settings keep Cognito's member names so responses are built by copying.
import type {
  AccountRecoverySettingType,
  AdminCreateUserConfigType,
  AliasAttributeType,
  AnalyticsConfigurationType,
  AuthFactorType,
  DeletionProtectionType,
  DeviceConfigurationType,
  EmailConfigurationType,
  EmailMfaConfigType,
  ExplicitAuthFlowsType,
  LambdaConfigType,
  OAuthFlowType,
  PreventUserExistenceErrorTypes,
  RefreshTokenRotationType,
  SchemaAttributeType,
  SmsConfigurationType,
  TokenValidityUnitsType,
  UsernameAttributeType,
  UserPoolAddOnsType,
  UserPoolMfaType,
  UserPoolTierType,
  VerificationMessageTemplateType,
  VerifiedAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';

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

/**
 * A user pool's stored settings, normalised and JSON-serialisable. Member names and shapes are
 * Cognito's (UserPoolType), so responses are built by copying. Members that a pool created
 * through the API does not report (message templates, UsernameConfiguration, recovery settings,
 * device settings, add-ons, SMS) stay absent until set; consumers apply Cognito's defaults.
 */
export type UserPoolSettings = {
  Policies: {
    PasswordPolicy: {
      MinimumLength: number;
      RequireUppercase: boolean;
      RequireLowercase: boolean;
      RequireNumbers: boolean;
      RequireSymbols: boolean;
      PasswordHistorySize?: number;
      TemporaryPasswordValidityDays: number;
    };
    SignInPolicy: { AllowedFirstAuthFactors: AuthFactorType[] };
  };
  DeletionProtection: DeletionProtectionType;
  LambdaConfig: LambdaConfigType;
  /** Every standard attribute, then the custom ones (named `custom:<name>`). */
  SchemaAttributes: SchemaAttributeType[];
  AutoVerifiedAttributes?: VerifiedAttributeType[];
  AliasAttributes?: AliasAttributeType[];
  UsernameAttributes?: UsernameAttributeType[];
  /** Absent when the pool was created without it: usernames are then case sensitive. */
  UsernameConfiguration?: { CaseSensitive: boolean };
  SmsVerificationMessage?: string;
  EmailVerificationMessage?: string;
  EmailVerificationSubject?: string;
  VerificationMessageTemplate: VerificationMessageTemplateType;
  SmsAuthenticationMessage?: string;
  UserAttributeUpdateSettings: {
    AttributesRequireVerificationBeforeUpdate: VerifiedAttributeType[];
  };
  MfaConfiguration: UserPoolMfaType;
  DeviceConfiguration?: DeviceConfigurationType;
  EmailConfiguration: EmailConfigurationType;
  SmsConfiguration?: SmsConfigurationType;
  UserPoolTags: Record<string, string>;
  AdminCreateUserConfig: AdminCreateUserConfigType;
  UserPoolAddOns?: UserPoolAddOnsType;
  AccountRecoverySetting?: AccountRecoverySettingType;
  UserPoolTier: UserPoolTierType;
  /**
   * The MFA factors SetUserPoolMfaConfig turned on. Kept with the settings but out of
   * DescribeUserPool: Cognito reports them through GetUserPoolMfaConfig only. Absent (a pool
   * configured by CreateUserPool or UpdateUserPool alone): SMS, when SmsConfiguration is set.
   */
  MfaFactors?: PoolMfaFactors;
};

/** The MFA factors a pool offers while its MfaConfiguration is ON or OPTIONAL. */
export interface PoolMfaFactors {
  /** SMS codes (the pool's SmsConfiguration sends them). */
  Sms: boolean;
  /** Authenticator apps (TOTP). */
  SoftwareToken: boolean;
  /** Email codes, with the message and subject when set; absent: off. */
  Email?: EmailMfaConfigType;
}

/** A stored pool, as toUserPoolType needs it. */
export interface UserPoolRecord {
  id: string;
  name: string;
  /** Region in the pool ARN. */
  arnRegion: string;
  /** Account id in the pool ARN. */
  accountId: string;
  createdAt: Date;
  updatedAt: Date;
  estimatedNumberOfUsers: number;
  settings: UserPoolSettings;
}

/**
 * An app client's stored settings, JSON-serialisable, with Cognito's member names. Members that
 * Cognito leaves out of DescribeUserPoolClient when they were not set (access and ID token
 * validity, read/write attributes, auth flows, PreventUserExistenceErrors, OAuth settings) stay
 * absent here too; the helpers below apply their defaults. The secret itself is kept elsewhere.
 */
export type UserPoolClientSettings = {
  ClientName: string;
  /** True when the client has a secret (generated or supplied at creation). */
  HasSecret: boolean;
  RefreshTokenValidity: number;
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  /** Only the units that were given; `{}` when none (then hours, hours, days). */
  TokenValidityUnits: TokenValidityUnitsType;
  /** Absent: the standard attributes, including the `_verified` flags, are readable. */
  ReadAttributes?: string[];
  /** Absent: the standard attributes are writable. */
  WriteAttributes?: string[];
  /** Absent: ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH. */
  ExplicitAuthFlows?: ExplicitAuthFlowsType[];
  SupportedIdentityProviders?: string[];
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  DefaultRedirectURI?: string;
  AllowedOAuthFlows?: OAuthFlowType[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  AnalyticsConfiguration?: AnalyticsConfigurationType;
  /** Absent: LEGACY (the API default; the console picks ENABLED). */
  PreventUserExistenceErrors?: PreventUserExistenceErrorTypes;
  EnableTokenRevocation: boolean;
  EnablePropagateAdditionalUserContextData: boolean;
  /** Minutes a sign-in session (challenge Session string) lasts: 3-15, default 3. */
  AuthSessionValidity: number;
  RefreshTokenRotation?: RefreshTokenRotationType;
};

/** Authentication flows as InitiateAuth / AdminInitiateAuth name them. */
export type AuthFlow =
  | 'USER_SRP_AUTH'
  | 'USER_PASSWORD_AUTH'
  | 'REFRESH_TOKEN_AUTH'
  | 'CUSTOM_AUTH'
  | 'ADMIN_USER_PASSWORD_AUTH'
  | 'USER_AUTH';

/** A stored client, as toUserPoolClientType needs it. */
export interface UserPoolClientRecord {
  id: string;
  userPoolId: string;
  secret?: string;
  createdAt: Date;
  updatedAt: Date;
  settings: UserPoolClientSettings;
}
