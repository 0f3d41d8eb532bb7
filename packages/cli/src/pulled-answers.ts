import type {
  GetUserPoolMfaConfigResponse,
  UserPoolClientType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthAnswers } from './answers.ts';
import { mfaTypesOf } from './mfa.ts';
import { triggersFromLambdaConfig } from './triggers.ts';

/**
 * The answers that describe what the server has, starting from the saved ones (for what the
 * server does not report, such as the sign-in choice). `mfa` is GetUserPoolMfaConfig's answer,
 * needed when MFA is on; `region` is the one the definitions' function ARNs are written in.
 */
export function answersFromServer(
  a: AuthAnswers,
  pool: UserPoolType,
  client: UserPoolClientType,
  opts: { mfa?: GetUserPoolMfaConfigResponse; region: string },
): AuthAnswers {
  const policy = pool.Policies?.PasswordPolicy;
  const template = pool.VerificationMessageTemplate;
  const mode = pool.MfaConfiguration ?? 'OFF';
  const mfa = opts.mfa;
  const devices = pool.DeviceConfiguration;
  const { triggers, preTokenGenerationVersion } = triggersFromLambdaConfig(
    pool.LambdaConfig,
    opts.region,
  );
  return {
    ...a,
    userPoolName: pool.Name ?? a.userPoolName,
    passwordPolicy: {
      minLength: policy?.MinimumLength ?? a.passwordPolicy.minLength,
      requireLowercase: Boolean(policy?.RequireLowercase),
      requireUppercase: Boolean(policy?.RequireUppercase),
      requireNumbers: Boolean(policy?.RequireNumbers),
      requireSymbols: Boolean(policy?.RequireSymbols),
    },
    mfa: {
      mode,
      // With MFA off the server keeps no factors worth reading; the saved choice stays.
      types: mode !== 'OFF' && mfa ? mfaTypesOf(mfa) : a.mfa.types,
      smsMessage:
        mfa?.SmsMfaConfiguration?.SmsAuthenticationMessage ??
        pool.SmsAuthenticationMessage ??
        a.mfa.smsMessage,
      emailSubject: mfa?.EmailMfaConfiguration?.Subject ?? a.mfa.emailSubject,
      emailMessage: mfa?.EmailMfaConfiguration?.Message ?? a.mfa.emailMessage,
    },
    devices: devices
      ? {
          challengeRequiredOnNewDevice: Boolean(devices.ChallengeRequiredOnNewDevice),
          onlyRememberedOnUserPrompt: Boolean(devices.DeviceOnlyRememberedOnUserPrompt),
        }
      : undefined,
    emailVerificationSubject: template?.EmailSubject ?? a.emailVerificationSubject,
    emailVerificationMessage: template?.EmailMessage ?? a.emailVerificationMessage,
    smsVerificationMessage: template?.SmsMessage ?? a.smsVerificationMessage,
    refreshTokenDays: client.RefreshTokenValidity ?? a.refreshTokenDays,
    triggers,
    preTokenGenerationVersion:
      triggers.PreTokenGeneration !== undefined
        ? preTokenGenerationVersion
        : a.preTokenGenerationVersion,
  };
}
