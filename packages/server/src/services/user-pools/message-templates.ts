import type {
  MessageTemplateType,
  VerificationMessageTemplateType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolSettings } from '../../model/user-pool.ts';
import {
  compact,
  readEnum,
  readObject,
  readString,
  type StringRules,
} from '../validation/members.ts';
import type { JsonObject } from '../validation/messages.ts';

/**
 * The pool's message templates: verification (code or link), SMS authentication and the
 * AdminCreateUser invitation. Shapes and patterns are Cognito's Smithy model (botocore
 * cognito-idp 2016-04-18 service-2.json): verification and SMS texts must contain the {####}
 * code placeholder, link emails a {##...##} link.
 */

/**
 * Texts Cognito sends when a pool sets none (the values its console fills in, as seen in
 * DescribeUserPool of console-created pools).
 */
export const DEFAULT_MESSAGES = Object.freeze({
  verificationSubject: 'Your verification code',
  verificationMessage: 'Your verification code is {####}. ',
  verificationSubjectByLink: 'Your verification link',
  verificationMessageByLink:
    'Please click the link below to verify your email address. {##Verify Email##} ',
  authenticationMessage: 'Your authentication code is {####}. ',
  inviteSubject: 'Your temporary password',
  inviteMessage: 'Your username is {username} and temporary password is {####}. ',
});

const CHARS = '\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}';
/** SmsVerificationMessageType (also SmsAuthenticationMessage). */
const SMS: StringRules = { min: 6, max: 140, pattern: '.*\\{####\\}.*' };
/** EmailVerificationMessageType. */
const EMAIL: StringRules = {
  min: 6,
  max: 20000,
  pattern: `[${CHARS}\\s*]*\\{####\\}[${CHARS}\\s*]*`,
};
/** EmailVerificationSubjectType (and the by-link and invitation subjects). */
const SUBJECT: StringRules = { min: 1, max: 140, pattern: `[${CHARS}\\s]+` };
/** EmailVerificationMessageByLinkType. */
const EMAIL_BY_LINK: StringRules = {
  min: 6,
  max: 20000,
  pattern: `[${CHARS}\\s*]*\\{##[${CHARS}\\s*]*##\\}[${CHARS}\\s*]*`,
};
const INVITE_SMS: StringRules = { min: 6, max: 140 };
const INVITE_EMAIL: StringRules = { min: 6, max: 20000, pattern: `[${CHARS}\\s*]*` };

/**
 * Verification messages. The legacy top-level members and VerificationMessageTemplate describe
 * the same messages, and Cognito reports each set value in both places; the template wins when
 * both are given. Unset messages stay absent (a pool created through the API shows only
 * DefaultEmailOption), and senders fall back to Cognito's default texts.
 */
export function parseVerificationMessages(
  input: JsonObject,
): Pick<
  UserPoolSettings,
  | 'SmsVerificationMessage'
  | 'EmailVerificationMessage'
  | 'EmailVerificationSubject'
  | 'VerificationMessageTemplate'
> {
  const t = readObject(input, 'VerificationMessageTemplate', '') ?? {};
  const path = 'verificationMessageTemplate';
  const sms =
    readString(t, 'SmsMessage', path, SMS) ?? readString(input, 'SmsVerificationMessage', '', SMS);
  const email =
    readString(t, 'EmailMessage', path, EMAIL) ??
    readString(input, 'EmailVerificationMessage', '', EMAIL);
  const subject =
    readString(t, 'EmailSubject', path, SUBJECT) ??
    readString(input, 'EmailVerificationSubject', '', SUBJECT);
  const template: VerificationMessageTemplateType = compact({
    SmsMessage: sms,
    EmailMessage: email,
    EmailSubject: subject,
    EmailMessageByLink: readString(t, 'EmailMessageByLink', path, EMAIL_BY_LINK),
    EmailSubjectByLink: readString(t, 'EmailSubjectByLink', path, SUBJECT),
    DefaultEmailOption:
      readEnum(t, 'DefaultEmailOption', path, [
        'CONFIRM_WITH_LINK',
        'CONFIRM_WITH_CODE',
      ] as const) ?? 'CONFIRM_WITH_CODE',
  });
  return {
    SmsVerificationMessage: sms,
    EmailVerificationMessage: email,
    EmailVerificationSubject: subject,
    VerificationMessageTemplate: template,
  };
}

/** SmsAuthenticationMessage: must carry the {####} code placeholder. */
export function parseSmsAuthenticationMessage(input: JsonObject): string | undefined {
  return readString(input, 'SmsAuthenticationMessage', '', SMS);
}

/** AdminCreateUserConfig.InviteMessageTemplate (absent when not given). */
export function parseInviteTemplate(raw: JsonObject): MessageTemplateType | undefined {
  const t = readObject(raw, 'InviteMessageTemplate', 'adminCreateUserConfig');
  if (!t) return undefined;
  const path = 'adminCreateUserConfig.inviteMessageTemplate';
  return compact({
    SMSMessage: readString(t, 'SMSMessage', path, INVITE_SMS),
    EmailMessage: readString(t, 'EmailMessage', path, INVITE_EMAIL),
    EmailSubject: readString(t, 'EmailSubject', path, SUBJECT),
  });
}
