import { CUSTOM_MODULE } from './capabilities.ts';
import { starterHandler } from './trigger-templates.ts';
import type { Trigger } from './triggers.ts';

// The code of the Amplify CLI's trigger templates, as ES modules the Cognate server runs, and
// the function that runs a trigger's modules in order (Amplify's `trigger-index.js`). A module
// reads its settings from `settings.json` beside it (Amplify puts them in the function's
// environment), falling back to the environment variable of the same name.

/** The line that marks a function file as written by the CLI: it is rewritten while there. */
export const GENERATED_MARK =
  '// cognate: written by `cognate add auth` / `update auth` from the answers; delete this line to keep edits.';

/** The shared helper's file name in the functions folder (without extension). */
export const HELPER = 'cognate-admin';

/** `../cognate-admin.mjs`: settings, and an SDK client for the server the functions run in. */
export const HELPER_SOURCE = `// Shared by the trigger modules that \`cognate add auth\` writes. On Lambda a function reads its
// settings from its environment and calls Cognito with its role; on Cognate the server runs the
// modules in its own process, so:
// - a setting comes from settings.json beside the module, else the environment variable;
// - the server is called back at COGNATE_ENDPOINT (default http://127.0.0.1:<COGNATE_PORT or
//   9229>) with the admin key: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY when set, else profile
//   AWS_PROFILE (default cognate) of AWS_SHARED_CREDENTIALS_FILE (default: the server's own,
//   <COGNATE_DATA_DIR or .cognate>/credentials).
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A module's setting: settings.json beside \`moduleUrl\`, else the environment. */
export function setting(name, moduleUrl) {
  try {
    const settings = JSON.parse(readFileSync(new URL('./settings.json', moduleUrl), 'utf8'));
    if (typeof settings[name] === 'string' && settings[name] !== '') return settings[name];
  } catch {}
  return process.env[name] ?? '';
}

function credentials(env) {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN,
    };
  }
  const file =
    env.AWS_SHARED_CREDENTIALS_FILE || path.join(env.COGNATE_DATA_DIR || '.cognate', 'credentials');
  const profile = env.AWS_PROFILE || 'cognate';
  let section;
  const values = {};
  for (const line of readFileSync(file, 'utf8').split(/\\r?\\n/)) {
    const head = /^\\s*\\[([^\\]]+)\\]/.exec(line);
    if (head) section = head[1].trim();
    const pair = /^\\s*([\\w]+)\\s*=\\s*(.*?)\\s*$/.exec(line);
    if (pair && section === profile) values[pair[1]] = pair[2];
  }
  if (!values.aws_access_key_id || !values.aws_secret_access_key) {
    throw new Error(\`no access key for profile \${profile} in \${file}\`);
  }
  return { accessKeyId: values.aws_access_key_id, secretAccessKey: values.aws_secret_access_key };
}

/** A Cognito Identity Provider client for the Cognate server, in the event's region. */
export async function adminClient(region) {
  const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
  const env = process.env;
  return new CognitoIdentityProviderClient({
    region,
    endpoint: env.COGNATE_ENDPOINT || \`http://127.0.0.1:\${env.COGNATE_PORT || 9229}\`,
    credentials: credentials(env),
  });
}
`;

const header = (module: string, what: string[]) =>
  [`// ${module}: the Amplify CLI's ${module} template.`, ...what.map((l) => `// ${l}`), ''].join(
    '\n',
  );

const EMAIL_FILTER = (kind: 'allow' | 'deny') => {
  const key = kind === 'allow' ? 'DOMAINALLOWLIST' : 'DOMAINDENYLIST';
  return `${header(`email-filter-${kind}list`, [
    kind === 'allow'
      ? 'Refuses a sign-up whose email domain is not in DOMAINALLOWLIST (comma-separated).'
      : 'Refuses a sign-up whose email domain is in DOMAINDENYLIST (comma-separated).',
    'The app gets UserLambdaValidationException "PreSignUp failed with error Invalid email domain: …".',
  ])}import { setting } from '../${HELPER}.mjs';

/** @param {import('aws-lambda').PreSignUpTriggerEvent} event */
export const handler = async (event) => {
  const domains = setting('${key}', import.meta.url)
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const email = event.request.userAttributes.email ?? '';
  const domain = email.substring(email.indexOf('@') + 1).toLowerCase();
  if (${kind === 'allow' ? '!' : ''}domains.includes(domain)) {
    throw new Error(\`Invalid email domain: \${domain}\`);
  }
  return event;
};
`;
};

const ADD_TO_GROUP = `${header('add-to-group', [
  'Adds each confirmed user to the group GROUP, creating the group when it does not exist.',
  'It calls the server back with the AWS SDK (see ../cognate-admin.mjs).',
])}import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  GetGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { adminClient, setting } from '../${HELPER}.mjs';

/** @param {import('aws-lambda').PostConfirmationTriggerEvent} event */
export const handler = async (event) => {
  const GroupName = setting('GROUP', import.meta.url);
  const client = await adminClient(event.region);
  const group = { GroupName, UserPoolId: event.userPoolId };
  try {
    await client.send(new GetGroupCommand(group));
  } catch {
    await client.send(new CreateGroupCommand(group));
  }
  await client.send(new AdminAddUserToGroupCommand({ ...group, Username: event.userName }));
  return event;
};
`;

const ALTER_CLAIMS = `${header('alter-claims', [
  'Adds, overrides and suppresses claims of the ID token (PreTokenGeneration, event version V1_0).',
])}/** @param {import('aws-lambda').PreTokenGenerationTriggerEvent} event */
export const handler = async (event) => {
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: {
        attribute_key1: 'attribute_value1',
        attribute_key2: 'attribute_value2',
      },
      claimsToSuppress: ['attribute_key3'],
    },
  };
  return event;
};
`;

const CAPTCHA_DEFINE = `${header('captcha-define-challenge', [
  'Password first (SRP), then one CUSTOM_CHALLENGE answered with a reCaptcha token.',
])}/** @param {import('aws-lambda').DefineAuthChallengeTriggerEvent} event */
export const handler = async (event) => {
  const s = event.request.session;
  if (s.length === 1 && s[0].challengeName === 'SRP_A') {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = 'PASSWORD_VERIFIER';
  } else if (s.length === 2 && s[1].challengeName === 'PASSWORD_VERIFIER' && s[1].challengeResult === true) {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = 'CUSTOM_CHALLENGE';
  } else if (s.length === 3 && s[2].challengeName === 'CUSTOM_CHALLENGE' && s[2].challengeResult === true) {
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
  } else {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
  }
  return event;
};
`;

const CAPTCHA_CREATE = `${header('captcha-create-challenge', [
  'Asks the app for a reCaptcha token after the password.',
])}/** @param {import('aws-lambda').CreateAuthChallengeTriggerEvent} event */
export const handler = async (event) => {
  if (event.request.session.length === 2 && event.request.challengeName === 'CUSTOM_CHALLENGE') {
    event.response.publicChallengeParameters = { trigger: 'true' };
    event.response.privateChallengeParameters = { answer: '' };
    event.response.challengeMetadata = 'CAPTCHA_CHALLENGE';
  }
  return event;
};
`;

const CAPTCHA_VERIFY = `${header('captcha-verify', [
  "Checks the app's reCaptcha token with Google, with the secret key in RECAPTCHASECRET.",
])}import { setting } from '../${HELPER}.mjs';

/** @param {import('aws-lambda').VerifyAuthChallengeResponseTriggerEvent} event */
export const handler = async (event) => {
  const body = new URLSearchParams({
    secret: setting('RECAPTCHASECRET', import.meta.url),
    response: String(event.request.challengeAnswer ?? ''),
  });
  const res = await fetch('https://www.google.com/recaptcha/api/siteverify', { method: 'POST', body });
  const succeeded = Boolean((await res.json())?.success);
  event.response.answerCorrect = succeeded;
  if (!succeeded) throw new Error('CAPTCHA verification error');
  return event;
};
`;

/** The source of template `module` of `trigger` (`custom`: the trigger's starter handler). */
export function moduleSource(trigger: Trigger, module: string, functionName: string): string {
  switch (module) {
    case 'email-filter-allowlist':
      return EMAIL_FILTER('allow');
    case 'email-filter-denylist':
      return EMAIL_FILTER('deny');
    case 'add-to-group':
      return ADD_TO_GROUP;
    case 'alter-claims':
      return ALTER_CLAIMS;
    case 'captcha-define-challenge':
      return CAPTCHA_DEFINE;
    case 'captcha-create-challenge':
      return CAPTCHA_CREATE;
    case 'captcha-verify':
      return CAPTCHA_VERIFY;
    default:
      // `custom` and the custom-auth scaffolding: the trigger's own starter.
      return starterHandler(trigger, `${functionName}/${module || CUSTOM_MODULE}`);
  }
}

/** The function that runs `modules` (in `<name>/`) one after the other, as Amplify's index. */
export function indexSource(trigger: Trigger, name: string, modules: string[]): string {
  const imports = modules.map((m, i) => `import * as m${i} from './${name}/${m}.mjs';`);
  return [
    `// ${name}: the ${trigger} trigger of the user pool (LambdaConfig.${trigger}).`,
    GENERATED_MARK,
    `// It runs the modules in ${name}/ in order, each getting the event the one before answered:`,
    `// ${modules.join(', ')}. Their settings are in ${name}/settings.json.`,
    ...imports,
    '',
    `const modules = [${modules.map((_, i) => `m${i}`).join(', ')}];`,
    '',
    'export const handler = async (event, context) => {',
    '  for (const m of modules) {',
    '    const answered = await m.handler(event, context);',
    '    if (answered) event = answered;',
    '  }',
    '  return event;',
    '};',
    '',
  ].join('\n');
}
