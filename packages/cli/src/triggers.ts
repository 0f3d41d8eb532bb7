import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';

/** Cognito's user-pool triggers, by their LambdaConfig key. */
export const TRIGGERS = [
  'PreSignUp',
  'CustomMessage',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'PreTokenGeneration',
  'UserMigration',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'CustomEmailSender',
  'CustomSMSSender',
] as const;
/** One trigger name. */
export type Trigger = (typeof TRIGGERS)[number];

/** The version of the PreTokenGeneration event (`PreTokenGenerationConfig.LambdaVersion`). */
export type PreTokenGenerationVersion = 'V1_0' | 'V2_0';

/** How the Amplify CLI names each trigger in its questions (`cognito.map.json`). */
export const TRIGGER_LABELS: Record<Trigger, string> = {
  PreSignUp: 'Pre Sign-up',
  CustomMessage: 'Custom Message',
  PostConfirmation: 'Post Confirmation',
  PreAuthentication: 'Pre Authentication',
  PostAuthentication: 'Post Authentication',
  PreTokenGeneration: 'Pre Token Generation',
  UserMigration: 'User Migration',
  DefineAuthChallenge: 'Define Auth Challenge',
  CreateAuthChallenge: 'Create Auth Challenge',
  VerifyAuthChallengeResponse: 'Verify Auth Challenge Response',
  CustomEmailSender: 'Custom Email Sender',
  CustomSMSSender: 'Custom SMS Sender',
};

/** The account in every ARN the server makes, and so in the ARNs written here. */
const ACCOUNT = '000000000000';
/** Extensions the server tries, in its order, for function `<name>`. */
const EXTENSIONS = ['.mjs', '.js', '.cjs', '.ts'] as const;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const LAMBDA_ARN =
  /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;
/** Triggers Cognito configures as `{LambdaVersion, LambdaArn}` rather than a bare ARN. */
const SENDERS = ['CustomEmailSender', 'CustomSMSSender'] as const;

/**
 * The function a trigger answer names: the answer is a Lambda function name
 * (`myauthPreSignUp`) or a Lambda ARN (`arn:aws:lambda:<region>:<account>:function:<name>`).
 * Undefined when it is neither.
 */
export function functionNameOf(value: string): string | undefined {
  if (NAME.test(value)) return value;
  return LAMBDA_ARN.exec(value)?.[1];
}

/** Hosts an `http://` webhook may name: the machine itself, as the server allows. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True when a trigger answer is a webhook URL, the server's form for functions that are not
 * JavaScript: `https://…`, or `http://` to a loopback host. The server POSTs the event there.
 */
export function isWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/**
 * The value written to LambdaConfig for a trigger answer: a name becomes an ARN in `region`; an
 * ARN or a webhook URL is written as given.
 */
export function functionArn(value: string, region: string): string {
  return NAME.test(value) ? `arn:aws:lambda:${region}:${ACCOUNT}:function:${value}` : value;
}

/**
 * The answer for an ARN found on the server: the bare function name when the ARN is the one a
 * name stands for in `region` (so a pull writes back the same ARN), the ARN itself otherwise.
 */
export function answerForArn(arn: string, region: string): string {
  const name = functionNameOf(arn);
  return name && functionArn(name, region) === arn ? name : arn;
}

/** The function name `add auth` suggests, as Amplify names trigger functions. */
export function defaultFunctionName(resourceName: string, trigger: Trigger): string {
  return `${resourceName}${trigger}`.slice(0, 64);
}

/**
 * LambdaConfig for the trigger answers. PreTokenGeneration is written in both of Cognito's
 * forms (they must agree), and the custom senders with the KMS key Cognito requires for them:
 * a placeholder, since the server passes the code unencrypted.
 */
export function buildLambdaConfig(
  triggers: Partial<Record<Trigger, string>>,
  opts: { region: string; preTokenGenerationVersion?: PreTokenGenerationVersion },
): LambdaConfigType {
  const config: LambdaConfigType = {};
  for (const trigger of TRIGGERS) {
    const value = triggers[trigger];
    if (!value) continue;
    const arn = functionArn(value, opts.region);
    if (trigger === 'CustomEmailSender' || trigger === 'CustomSMSSender') {
      config[trigger] = { LambdaVersion: 'V1_0', LambdaArn: arn };
      config.KMSKeyID = `arn:aws:kms:${opts.region}:${ACCOUNT}:key/cognate-custom-sender`;
    } else if (trigger === 'PreTokenGeneration') {
      config.PreTokenGeneration = arn;
      config.PreTokenGenerationConfig = {
        LambdaVersion: opts.preTokenGenerationVersion ?? 'V1_0',
        LambdaArn: arn,
      };
    } else {
      config[trigger] = arn;
    }
  }
  return config;
}

/** The trigger answers a LambdaConfig from the server stands for (the inverse of the above). */
export function triggersFromLambdaConfig(
  config: LambdaConfigType | undefined,
  region: string,
): {
  triggers: Partial<Record<Trigger, string>>;
  preTokenGenerationVersion?: PreTokenGenerationVersion;
} {
  const triggers: Partial<Record<Trigger, string>> = {};
  let preTokenGenerationVersion: PreTokenGenerationVersion | undefined;
  for (const trigger of TRIGGERS) {
    const arn = (SENDERS as readonly string[]).includes(trigger)
      ? config?.[trigger as (typeof SENDERS)[number]]?.LambdaArn
      : trigger === 'PreTokenGeneration'
        ? (config?.PreTokenGenerationConfig?.LambdaArn ?? config?.PreTokenGeneration)
        : (config?.[trigger as keyof LambdaConfigType] as string | undefined);
    if (typeof arn === 'string') triggers[trigger] = answerForArn(arn, region);
  }
  const version = config?.PreTokenGenerationConfig?.LambdaVersion;
  if (version === 'V1_0' || version === 'V2_0') preTokenGenerationVersion = version;
  return { triggers, preTokenGenerationVersion };
}

/** The file the server runs for function `name` in `dir`, when there is one. */
export function functionFile(dir: string, name: string): string | undefined {
  return EXTENSIONS.map((ext) => path.join(dir, name + ext)).find((f) => existsSync(f));
}

/**
 * Plan lines for the triggers of a LambdaConfig: the file each function runs from, and a warning
 * for a function without a file, which the server answers with UnexpectedLambdaException.
 * `show` turns a path into what the user should read (relative to the project).
 */
export function functionNotes(
  config: LambdaConfigType | undefined,
  dir: string,
  show: (file: string) => string,
): { notes: string[]; warnings: string[] } {
  const notes: string[] = [];
  const warnings: string[] = [];
  const { triggers } = triggersFromLambdaConfig(config, 'us-east-1');
  for (const [trigger, value] of Object.entries(triggers)) {
    if (isWebhookUrl(value)) {
      notes.push(
        `trigger ${trigger}: the server POSTs its event to ${value}, signed with its webhook secret (COGNATE_WEBHOOK_SECRET)`,
      );
      continue;
    }
    const name = functionNameOf(value);
    if (!name) continue;
    const file = functionFile(dir, name);
    if (file) notes.push(`trigger ${trigger}: runs ${show(file)}`);
    else {
      warnings.push(
        `trigger ${trigger}: function ${name} has no file in ${show(dir)}/ (${name}.mjs, .js, .cjs or .ts), so the operations that run it fail; \`cognate update auth\` writes a starter`,
      );
    }
  }
  if (Object.values(triggers).some((v) => functionNameOf(v))) {
    notes.push(
      `trigger functions run when the server is started with --functions-dir ${show(dir)} (\`cognate serve\` in this project passes it)`,
    );
  }
  return { notes, warnings };
}
