import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { AuthAnswers } from './answers.ts';
import {
  applyCapabilities,
  CAPABILITIES,
  CUSTOM_MODULE,
  enabledCapabilities,
  notesOf,
  settingsOf,
  TEMPLATES,
} from './capabilities.ts';
import type { Say } from './prompts-learn.ts';
import {
  defaultFunctionName,
  isWebhookUrl,
  type PreTokenGenerationVersion,
  TRIGGER_LABELS,
  TRIGGERS,
  type Trigger,
} from './triggers.ts';

// The Amplify CLI's capabilities question and its trigger flow ("Do you want to configure Lambda
// Triggers for Cognito?", "Which triggers do you want to enable for Cognito", "What functionality
// do you want to use for <trigger>"): each trigger's function runs template modules or a module
// of the user's, scaffolded in the app; the function is named `<resource><Trigger>` as Amplify
// names it. A function name, ARN or webhook URL of one's own goes through the headless input.

type TriggerAnswers = Pick<
  AuthAnswers,
  'triggers' | 'triggerModules' | 'triggerSettings' | 'preTokenGenerationVersion'
>;

/** The answers with `modules`: triggers gain a function for new modules, lose emptied ones. */
function withModules(
  a: AuthAnswers,
  modules: Partial<Record<Trigger, string[]>>,
  previous: Partial<Record<Trigger, string[]>>,
): TriggerAnswers {
  const triggers = { ...a.triggers };
  for (const t of TRIGGERS) {
    if (modules[t]?.length && !triggers[t]) triggers[t] = defaultFunctionName(a.resourceName, t);
    // A trigger whose modules were all taken away goes with them.
    if (!modules[t]?.length && previous[t]?.length) delete triggers[t];
  }
  return {
    triggers,
    triggerModules: Object.keys(modules).length ? modules : undefined,
    triggerSettings: a.triggerSettings,
    preTokenGenerationVersion: triggers.PreTokenGeneration
      ? a.preTokenGenerationVersion
      : undefined,
  };
}

/**
 * The settings questions of the chosen templates (Amplify asks them once chosen); `onlyNew`
 * leaves out those answered before (the trigger flow asks them all, to change them).
 */
async function askSettings(a: TriggerAnswers, say: Say, onlyNew = false): Promise<TriggerAnswers> {
  const modules = a.triggerModules ?? {};
  const settings: Record<string, string> = {};
  for (const s of settingsOf(modules)) {
    const before = a.triggerSettings?.[s.key];
    if (onlyNew && before) {
      settings[s.key] = before;
      continue;
    }
    settings[s.key] = (
      await input({
        message: s.question,
        default: a.triggerSettings?.[s.key],
        validate: (v) => v.trim().length > 0 || 'A value is required.',
      })
    ).trim();
  }
  for (const note of notesOf(modules)) say(`ℹ ${note}`);
  return { ...a, triggerSettings: Object.keys(settings).length ? settings : undefined };
}

/** "Do you want to enable any of the following capabilities?" */
export async function askCapabilities(a: AuthAnswers, say: Say): Promise<TriggerAnswers> {
  const previous = a.triggerModules ?? {};
  const enabled = enabledCapabilities(previous);
  const chosen = await checkbox({
    message: 'Do you want to enable any of the following capabilities?',
    choices: CAPABILITIES.map((c) => ({
      name: c.name,
      value: c.value,
      checked: enabled.includes(c.value),
    })),
  });
  const modules = applyCapabilities(previous, chosen);
  return askSettings(withModules(a, modules, previous), say, true);
}

/** "What functionality do you want to use for <trigger>": its templates and your own module. */
async function askModules(t: Trigger, current: string[]): Promise<string[]> {
  const templates = TEMPLATES[t] ?? {};
  return checkbox({
    message: `What functionality do you want to use for ${TRIGGER_LABELS[t]}`,
    required: true,
    choices: [
      ...Object.entries(templates).map(([value, m]) => ({
        name: m.name,
        value,
        checked: current.includes(value),
      })),
      { name: 'Create your own module', value: CUSTOM_MODULE, checked: current.includes('custom') },
    ],
  });
}

/** Amplify's trigger flow, then the settings of the templates chosen. */
export async function askTriggers(a: AuthAnswers, say: Say): Promise<TriggerAnswers> {
  const wanted = await confirm({
    message: 'Do you want to configure Lambda Triggers for Cognito?',
    default: Object.keys(a.triggers).length > 0,
  });
  if (!wanted) {
    return {
      triggers: a.triggers,
      triggerModules: a.triggerModules,
      triggerSettings: a.triggerSettings,
      preTokenGenerationVersion: a.preTokenGenerationVersion,
    };
  }
  const chosen = await checkbox<Trigger>({
    message: 'Which triggers do you want to enable for Cognito',
    choices: TRIGGERS.map((t) => ({
      name: TRIGGER_LABELS[t],
      value: t,
      checked: t in a.triggers,
    })),
  });
  const triggers: AuthAnswers['triggers'] = {};
  const modules: Partial<Record<Trigger, string[]>> = {};
  let preTokenGenerationVersion: PreTokenGenerationVersion | undefined;
  for (const t of chosen) {
    const current = a.triggers[t];
    triggers[t] = current ?? defaultFunctionName(a.resourceName, t);
    if (current && isWebhookUrl(current)) {
      say(`${TRIGGER_LABELS[t]} stays the webhook ${current}.`);
    } else if (current && !a.triggerModules?.[t]) {
      // A function of the user's own (given by name or ARN): kept as it is.
      say(`${TRIGGER_LABELS[t]} keeps running your function ${current}.`);
    } else {
      modules[t] = await askModules(t, a.triggerModules?.[t] ?? []);
    }
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
  return askSettings(
    {
      triggers,
      triggerModules: Object.keys(modules).length ? modules : undefined,
      triggerSettings: a.triggerSettings,
      preTokenGenerationVersion,
    },
    say,
  );
}
