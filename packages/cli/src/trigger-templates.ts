import type { PreTokenGenerationVersion, Trigger } from './triggers.ts';

// Starter handlers for each trigger, as the Amplify CLI scaffolds a function for a trigger: a
// Lambda-style ES module that does nothing harmful until edited, with the event's members named
// in comments so the first edit needs no trip to the docs.

const GUIDE = 'https://docs.aws.amazon.com/cognito/latest/developerguide';

interface Template {
  /** The AWS page on this trigger's event. */
  page: string;
  /** `@types/aws-lambda`'s name for the handler's event. */
  eventType: string;
  /** What the event carries and what the handler may answer. */
  about: string[];
  /** The handler's body (indented two spaces), without the final `return event;`. */
  body: string[];
  /** The body's own ending, when `return event;` is not it. */
  end?: string[];
  imports?: string[];
}

const TEMPLATES: Record<Trigger, Template> = {
  PreSignUp: {
    page: 'user-pool-lambda-pre-sign-up.html',
    eventType: 'PreSignUpTriggerEvent',
    about: [
      'event.triggerSource: PreSignUp_SignUp | PreSignUp_AdminCreateUser | PreSignUp_ExternalProvider',
      'event.request: { userAttributes, validationData, clientMetadata }',
      'event.response: { autoConfirmUser, autoVerifyEmail, autoVerifyPhone } (all false)',
      'Throw an Error to refuse the sign-up: the app gets UserLambdaValidationException',
      '"PreSignUp failed with error <message>."',
    ],
    body: [
      '  // Confirm users without a code (and mark their email verified), e.g. for a closed beta:',
      '  // event.response.autoConfirmUser = true;',
      "  // if ('email' in event.request.userAttributes) event.response.autoVerifyEmail = true;",
    ],
  },
  CustomMessage: {
    page: 'user-pool-lambda-custom-message.html',
    eventType: 'CustomMessageTriggerEvent',
    about: [
      'event.triggerSource: CustomMessage_SignUp | _AdminCreateUser | _ResendCode | _ForgotPassword',
      '  | _UpdateUserAttribute | _VerifyUserAttribute | _Authentication',
      'event.request: { userAttributes, codeParameter ({####}), usernameParameter, clientMetadata }',
      'event.response: { smsMessage, emailMessage, emailSubject }; a message must keep {####}.',
    ],
    body: [
      "  // if (event.triggerSource === 'CustomMessage_SignUp') {",
      "  //   event.response.emailSubject = 'Welcome!';",
      "  //   event.response.emailMessage = 'Your confirmation code is ' + event.request.codeParameter;",
      '  // }',
    ],
  },
  PostConfirmation: {
    page: 'user-pool-lambda-post-confirmation.html',
    eventType: 'PostConfirmationTriggerEvent',
    about: [
      'event.triggerSource: PostConfirmation_ConfirmSignUp | PostConfirmation_ConfirmForgotPassword',
      'event.request: { userAttributes, clientMetadata }',
    ],
    body: ['  // Runs once the user is confirmed: add them to a group, create their profile, …'],
  },
  PreAuthentication: {
    page: 'user-pool-lambda-pre-authentication.html',
    eventType: 'PreAuthenticationTriggerEvent',
    about: [
      'event.triggerSource: PreAuthentication_Authentication',
      'event.request: { userAttributes, validationData, userNotFound }',
      'Throw an Error to refuse the sign-in: the app gets UserLambdaValidationException',
      '"PreAuthentication failed with error <message>."',
    ],
    body: [
      "  // if (event.request.userAttributes['custom:blocked'] === '1') throw new Error('Blocked');",
    ],
  },
  PostAuthentication: {
    page: 'user-pool-lambda-post-authentication.html',
    eventType: 'PostAuthenticationTriggerEvent',
    about: [
      'event.triggerSource: PostAuthentication_Authentication',
      'event.request: { userAttributes, newDeviceUsed, clientMetadata }',
    ],
    body: ['  // Runs after each successful sign-in: record it, update a last-seen attribute, …'],
  },
  PreTokenGeneration: {
    page: 'user-pool-lambda-pre-token-generation.html',
    eventType: 'PreTokenGenerationTriggerEvent',
    about: [], // depends on the version: see starterHandler
    body: [],
  },
  UserMigration: {
    page: 'user-pool-lambda-migrate-user.html',
    eventType: 'UserMigrationTriggerEvent',
    about: [
      'event.triggerSource: UserMigration_Authentication (sign-in) | UserMigration_ForgotPassword',
      'event.userName; event.request: { password (sign-in only), validationData, clientMetadata }',
      'event.response: { userAttributes, finalUserStatus, messageAction, desiredDeliveryMediums,',
      '  forceAliasCreation }',
      'Throw an Error when the old user store does not know the user (or the password is wrong).',
    ],
    body: [
      '  // Look the user up in the old user store (and, for UserMigration_Authentication, check',
      '  // event.request.password there), then answer with their attributes:',
      "  // event.response.userAttributes = { email: event.userName, email_verified: 'true' };",
      "  // event.response.finalUserStatus = 'CONFIRMED';",
      "  // event.response.messageAction = 'SUPPRESS';",
      '  // return event;',
      "  throw new Error('User does not exist');",
    ],
    end: [],
  },
  DefineAuthChallenge: {
    page: 'user-pool-lambda-define-auth-challenge.html',
    eventType: 'DefineAuthChallengeTriggerEvent',
    about: [
      'event.request.session: the challenges so far, [{ challengeName, challengeResult,',
      '  challengeMetadata }]; SRP_A first when the app signs in with CUSTOM_WITH_SRP',
      'event.response: { challengeName, issueTokens, failAuthentication }',
    ],
    body: [
      '  const { session } = event.request;',
      '  const last = session[session.length - 1];',
      "  if (last?.challengeName === 'SRP_A') {",
      '    // The app started with SRP: check the password first.',
      "    event.response.challengeName = 'PASSWORD_VERIFIER';",
      '    event.response.issueTokens = false;',
      '    event.response.failAuthentication = false;',
      '  } else if (last && !last.challengeResult) {',
      '    event.response.issueTokens = false;',
      '    event.response.failAuthentication = true;',
      "  } else if (last?.challengeName === 'CUSTOM_CHALLENGE') {",
      '    event.response.issueTokens = true;',
      '    event.response.failAuthentication = false;',
      '  } else {',
      "    event.response.challengeName = 'CUSTOM_CHALLENGE';",
      '    event.response.issueTokens = false;',
      '    event.response.failAuthentication = false;',
      '  }',
    ],
  },
  CreateAuthChallenge: {
    page: 'user-pool-lambda-create-auth-challenge.html',
    eventType: 'CreateAuthChallengeTriggerEvent',
    about: [
      'event.request: { challengeName, session, userAttributes, userNotFound, clientMetadata }',
      'event.response: { publicChallengeParameters (sent to the app),',
      '  privateChallengeParameters (passed to VerifyAuthChallengeResponse), challengeMetadata }',
    ],
    imports: ["import { randomInt } from 'node:crypto';"],
    body: [
      "  if (event.request.challengeName === 'CUSTOM_CHALLENGE') {",
      "    const code = String(randomInt(0, 1000000)).padStart(6, '0');",
      '    // Deliver `code` to the user here (email, SMS, …): nothing sends it yet.',
      "    event.response.publicChallengeParameters = { hint: 'Enter the code we sent you' };",
      '    event.response.privateChallengeParameters = { answer: code };',
      "    event.response.challengeMetadata = 'CODE';",
      '  }',
    ],
  },
  VerifyAuthChallengeResponse: {
    page: 'user-pool-lambda-verify-auth-challenge-response.html',
    eventType: 'VerifyAuthChallengeResponseTriggerEvent',
    about: [
      'event.request: { privateChallengeParameters, challengeAnswer, userAttributes, clientMetadata }',
      'event.response: { answerCorrect }',
    ],
    imports: ["import { timingSafeEqual } from 'node:crypto';"],
    body: [
      "  const expected = Buffer.from(String(event.request.privateChallengeParameters?.answer ?? ''));",
      "  const given = Buffer.from(String(event.request.challengeAnswer ?? ''));",
      '  event.response.answerCorrect =',
      '    expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);',
    ],
  },
  CustomEmailSender: {
    page: 'user-pool-lambda-custom-email-sender.html',
    eventType: 'CustomEmailSenderTriggerEvent',
    about: [
      'event.triggerSource: CustomEmailSender_SignUp | _ResendCode | _ForgotPassword | …',
      'event.request: { type, code, userAttributes, clientMetadata }',
      'Cognito encrypts event.request.code with the KMS key in LambdaConfig.KMSKeyID; the Cognate',
      'server passes it unencrypted.',
    ],
    body: [
      '  // Send event.request.code to event.request.userAttributes.email with your mail service.',
      '  // Until this does, the pool sends no email at all.',
    ],
    end: [],
  },
  CustomSMSSender: {
    page: 'user-pool-lambda-custom-sms-sender.html',
    eventType: 'CustomSMSSenderTriggerEvent',
    about: [
      'event.triggerSource: CustomSMSSender_SignUp | _ResendCode | _ForgotPassword | …',
      'event.request: { type, code, userAttributes, clientMetadata }',
      'Cognito encrypts event.request.code with the KMS key in LambdaConfig.KMSKeyID; the Cognate',
      'server passes it unencrypted.',
    ],
    body: [
      '  // Send event.request.code to event.request.userAttributes.phone_number with your SMS service.',
      '  // Until this does, the pool sends no SMS at all.',
    ],
    end: [],
  },
};

const PRE_TOKEN: Record<PreTokenGenerationVersion, Pick<Template, 'about' | 'body'>> = {
  V1_0: {
    about: [
      'event.triggerSource: TokenGeneration_HostedAuth | _Authentication | _NewPasswordChallenge',
      '  | _AuthenticateDevice | _RefreshTokens',
      'event.request: { userAttributes, groupConfiguration, clientMetadata }',
      'event.response.claimsOverrideDetails: { claimsToAddOrOverride, claimsToSuppress,',
      '  groupOverrideDetails } (ID token; PreTokenGenerationConfig.LambdaVersion V1_0)',
    ],
    body: [
      '  // event.response.claimsOverrideDetails = {',
      "  //   claimsToAddOrOverride: { plan: 'free' },",
      '  // };',
    ],
  },
  V2_0: {
    about: [
      'event.triggerSource: TokenGeneration_HostedAuth | _Authentication | _NewPasswordChallenge',
      '  | _AuthenticateDevice | _RefreshTokens',
      'event.request: { userAttributes, groupConfiguration, scopes, clientMetadata }',
      'event.response.claimsAndScopeOverrideDetails: { idTokenGeneration, accessTokenGeneration,',
      '  groupOverrideDetails } (PreTokenGenerationConfig.LambdaVersion V2_0)',
    ],
    body: [
      '  // event.response.claimsAndScopeOverrideDetails = {',
      "  //   idTokenGeneration: { claimsToAddOrOverride: { plan: 'free' } },",
      "  //   accessTokenGeneration: { claimsToAddOrOverride: { plan: 'free' }, scopesToAdd: [] },",
      '  // };',
    ],
  },
};

/**
 * The starter module for function `name` behind `trigger`: an ES module exporting an async
 * `handler`, which the server calls the way Lambda's Node.js runtime does.
 */
export function starterHandler(
  trigger: Trigger,
  name: string,
  opts: { preTokenGenerationVersion?: PreTokenGenerationVersion } = {},
): string {
  const base = TEMPLATES[trigger];
  const t: Template =
    trigger === 'PreTokenGeneration'
      ? { ...base, ...PRE_TOKEN[opts.preTokenGenerationVersion ?? 'V1_0'] }
      : base;
  const lines = [
    `// ${name}: the ${trigger} trigger of the user pool (LambdaConfig.${trigger}).`,
    '// The Cognate server runs it like Cognito runs a Lambda function, when it is started with',
    '// this folder as its functions folder (--functions-dir / COGNATE_FUNCTIONS_DIR; `cognate',
    '// serve` in this project passes it). Each trigger has 5 seconds, as on Cognito.',
    '//',
    ...t.about.map((line) => `// ${line}`),
    `// ${GUIDE}/${t.page}`,
    ...(t.imports?.length ? ['', ...t.imports] : []),
    '',
    `/** @param {import('aws-lambda').${t.eventType}} event */`,
    'export const handler = async (event) => {',
    ...t.body,
    ...(t.end ?? ['  return event;']),
    '};',
    '',
  ];
  return lines.join('\n');
}
