import type {
  GetUserPoolMfaConfigResponse,
  SetUserPoolMfaConfigRequest,
  SmsConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthAnswers, MfaType } from './answers.ts';
import { describeDifference, diff } from './diff.ts';

/** The MFA definition: SetUserPoolMfaConfig's request without the pool id it gets at push. */
export type MfaDefinition = Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'>;

/**
 * The SMS role Cognito requires before it turns SMS MFA on (CreateUserPool and
 * SetUserPoolMfaConfig refuse SMS without one). Cognate sends SMS through its own message path,
 * never through SNS, so this is a placeholder named as the Amplify CLI names its SNS role; it
 * only has to exist on a real Cognito pool.
 */
export function smsConfiguration(resourceName: string): SmsConfigurationType {
  const base = resourceName.slice(0, 55);
  return {
    SnsCallerArn: `arn:aws:iam::000000000000:role/${base}_sns-role`,
    ExternalId: `${base}_role_external_id`,
  };
}

/**
 * The pool's MFA settings for the answers. CreateUserPool can only turn SMS MFA on, so the mode
 * and every factor (SMS, TOTP, email) are set with SetUserPoolMfaConfig; OFF names nothing else,
 * since Cognito refuses factors configured with MFA off.
 */
export function buildMfaDefinition(a: AuthAnswers): MfaDefinition {
  if (a.mfa.mode === 'OFF') return { MfaConfiguration: 'OFF' };
  const types = new Set<MfaType>(a.mfa.types);
  return {
    MfaConfiguration: a.mfa.mode,
    ...(types.has('SMS')
      ? {
          SmsMfaConfiguration: {
            SmsAuthenticationMessage: a.mfa.smsMessage,
            SmsConfiguration: smsConfiguration(a.resourceName),
          },
        }
      : {}),
    SoftwareTokenMfaConfiguration: { Enabled: types.has('TOTP') },
    ...(types.has('EMAIL')
      ? {
          EmailMfaConfiguration: { Subject: a.mfa.emailSubject, Message: a.mfa.emailMessage },
        }
      : {}),
  };
}

/** The factors an MFA configuration turns on, in Amplify's `aws_cognito_mfa_types` words. */
export function mfaTypesOf(config: MfaDefinition | GetUserPoolMfaConfigResponse): MfaType[] {
  const types: MfaType[] = [];
  if (config.SmsMfaConfiguration) types.push('SMS');
  if (config.SoftwareTokenMfaConfiguration?.Enabled) types.push('TOTP');
  if (config.EmailMfaConfiguration) types.push('EMAIL');
  return types;
}

/**
 * Each factor named, present or not, so a factor turned off on one side is a difference: SMS and
 * email are on when their configuration is there, TOTP when it is enabled.
 */
function comparable(config: MfaDefinition | GetUserPoolMfaConfigResponse) {
  return {
    MfaConfiguration: config.MfaConfiguration ?? 'OFF',
    SmsMfaConfiguration: config.SmsMfaConfiguration,
    SoftwareTokenMfaConfiguration: {
      Enabled: Boolean(config.SoftwareTokenMfaConfiguration?.Enabled),
    },
    EmailMfaConfiguration: config.EmailMfaConfiguration,
  };
}

/**
 * What SetUserPoolMfaConfig would change: the diff lines between the definition and
 * GetUserPoolMfaConfig's answer. Members the server adds (an SNS region) are not differences.
 */
export function mfaChanges(desired: MfaDefinition, actual: GetUserPoolMfaConfigResponse): string[] {
  if (desired.MfaConfiguration === 'OFF') {
    return diff({ MfaConfiguration: 'OFF' }, { MfaConfiguration: actual.MfaConfiguration }).map(
      describeDifference,
    );
  }
  return diff(comparable(desired), comparable(actual)).map(describeDifference);
}
