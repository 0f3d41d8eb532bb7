/**
 * The CustomMessage trigger: before an email or SMS with a code goes out, the pool's function
 * may rewrite its text (and an email's subject). Its answer replaces the pool's template.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html
 */
import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { eventAttributes, metadataOf, NO_CLIENT } from './event-parts.ts';
import { invokeTrigger, triggerEvent, unrecognizable } from './invoke.ts';

/** The placeholders Cognito hands the function; its message must keep them. Wire values. */
export const CODE_PARAMETER = '{####}';
export const USERNAME_PARAMETER = '{username}';
const LINK_PARAMETER = '{##Click Here##}';

/** A message as the pool's template makes it, placeholders not yet filled. */
export interface MessageTemplate {
  subject?: string;
  body: string;
}

interface CustomMessageRequest {
  userAttributes: Record<string, string>;
  codeParameter: string;
  linkParameter: string;
  usernameParameter: string | null;
  clientMetadata?: Record<string, string>;
}

interface CustomMessageResponse {
  smsMessage: unknown;
  emailMessage: unknown;
  emailSubject: unknown;
}

/**
 * Runs the pool's CustomMessage trigger (source `CustomMessage_<source>`) for a message to
 * `user` by `medium`, and returns the message to send: the function's text where it gave one
 * that keeps the placeholders, the pool's template otherwise.
 *
 * A text that leaves out `{####}` (or, for AdminCreateUser, `{username}`) is not used: Cognito
 * ignores it and sends its template, without an error, and so does this server. The subject is
 * taken on its own. A member that is not a string is InvalidLambdaResponseException; a failing
 * function is UserLambdaValidationException "CustomMessage failed with error …".
 */
export async function runCustomMessage(
  ctx: Pick<Context, 'region' | 'functions'>,
  input: {
    pool: UserPool;
    user: User;
    medium: 'EMAIL' | 'SMS';
    template: MessageTemplate;
    source: string;
    clientId?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<MessageTemplate> {
  const arn: string | undefined = input.pool.settings.LambdaConfig?.CustomMessage;
  if (!arn) return input.template;
  const invitation = input.source === 'AdminCreateUser';
  const event = triggerEvent<CustomMessageRequest, CustomMessageResponse>(ctx, {
    triggerSource: `CustomMessage_${input.source}`,
    userPoolId: input.pool.id,
    userName: input.user.username,
    clientId: input.clientId ?? NO_CLIENT,
    request: {
      userAttributes: eventAttributes(input.pool, input.user),
      codeParameter: CODE_PARAMETER,
      linkParameter: LINK_PARAMETER,
      usernameParameter: invitation ? USERNAME_PARAMETER : null,
      clientMetadata: metadataOf(input.clientMetadata),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  const { response } = await invokeTrigger(ctx, 'CustomMessage', arn, event);
  const text = (value: unknown) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw unrecognizable();
    return value;
  };
  const sms = text(response.smsMessage);
  const email = text(response.emailMessage);
  const subject = text(response.emailSubject);
  const usable = (body: string | undefined): body is string =>
    typeof body === 'string' &&
    body.includes(CODE_PARAMETER) &&
    (!invitation || body.includes(USERNAME_PARAMETER));
  if (input.medium === 'SMS') return usable(sms) ? { body: sms } : input.template;
  return {
    subject: subject || input.template.subject,
    body: usable(email) ? email : input.template.body,
  };
}
