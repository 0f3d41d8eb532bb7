import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { AuthAnswers } from './answers.ts';
import {
  defaultFunctionName,
  functionNameOf,
  isWebhookUrl,
  type PreTokenGenerationVersion,
  TRIGGER_LABELS,
  TRIGGERS,
  type Trigger,
} from './triggers.ts';

/**
 * The Amplify CLI's trigger questions ("Do you want to configure Lambda Triggers for Cognito?",
 * "Which triggers do you want to enable for Cognito"), then the function each trigger runs,
 * named `<resource><Trigger>` as Amplify names it.
 */
export async function askTriggers(
  a: AuthAnswers,
): Promise<Pick<AuthAnswers, 'triggers' | 'preTokenGenerationVersion'>> {
  const wanted = await confirm({
    message: 'Do you want to configure Lambda Triggers for Cognito?',
    default: Object.keys(a.triggers).length > 0,
  });
  if (!wanted) return { triggers: {}, preTokenGenerationVersion: undefined };
  const chosen = await checkbox<Trigger>({
    message: 'Which triggers do you want to enable for Cognito',
    choices: TRIGGERS.map((t) => ({
      name: TRIGGER_LABELS[t],
      value: t,
      checked: t in a.triggers,
    })),
  });
  const triggers: AuthAnswers['triggers'] = {};
  let preTokenGenerationVersion: PreTokenGenerationVersion | undefined;
  for (const t of chosen) {
    triggers[t] = await input({
      message: `Function for ${TRIGGER_LABELS[t]} (a name, a Lambda function ARN or a webhook URL):`,
      default: a.triggers[t] ?? defaultFunctionName(a.resourceName, t),
      validate: (v) =>
        Boolean(functionNameOf(v) || isWebhookUrl(v)) ||
        'Use 1 to 64 letters, digits, - or _, an arn:aws:lambda:…:function:<name> ARN, or an https:// URL.',
    });
    if (t === 'PreTokenGeneration') {
      preTokenGenerationVersion = await select<PreTokenGenerationVersion>({
        message: 'Which Pre Token Generation event do you want?',
        default: a.preTokenGenerationVersion ?? 'V1_0',
        choices: [
          { name: 'Basic features (V1_0: ID token claims and groups)', value: 'V1_0' },
          {
            name: 'Basic features + access token customization (V2_0: ID and access token claims and scopes)',
            value: 'V2_0',
          },
        ],
      });
    }
  }
  return { triggers, preTokenGenerationVersion };
}
