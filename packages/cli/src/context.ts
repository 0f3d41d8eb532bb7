import path from 'node:path';
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type AuthAnswers, defaultAnswers } from './answers.ts';
import { type AuthDefinitions, buildDefinitions, writeDefinitions } from './definitions.ts';
import { awsExports, writeClientConfig } from './exports.ts';
import { readJsonIfExists, writeJson } from './files.ts';
import { hostedUiBase } from './hosted-ui.ts';
import { mfaTypesOf } from './mfa.ts';
import { defaultOAuth } from './oauth.ts';
import { CliError, type Output } from './output.ts';
import type { EnvironmentInfo, Project } from './project.ts';
import { readCredentials, writeCredentials } from './secrets.ts';
import { explain } from './server-api.ts';
import { scaffoldFunctions, type TriggerFunction } from './trigger-scaffold.ts';

/** Options every command takes. */
export interface GlobalOptions {
  json?: boolean;
  yes?: boolean;
}

/**
 * Fails when a command needs answers and there is nobody to ask: CI has no terminal, and a
 * prompt there would hang until the job's time-out instead of saying what to pass.
 */
export function requireTerminal(what: string, flags: string): void {
  if (!process.stdin.isTTY) {
    throw new CliError(
      `${what} asks questions, and stdin is not a terminal`,
      `run it in a terminal, or pass ${flags}`,
      'NotInteractive',
    );
  }
}

/**
 * The answers saved for a managed resource (`cli-inputs.json`). Members added to the answers
 * since the file was written take their defaults.
 */
export function readAnswers(project: Project, name: string): AuthAnswers | undefined {
  const saved = readJsonIfExists<AuthAnswers>(
    path.join(project.authDir(name), 'cli-inputs.json'),
    `the saved answers of auth resource ${name}`,
  );
  if (!saved || typeof saved !== 'object') return saved;
  const defaults = defaultAnswers(name);
  const answers = { ...defaults, ...saved, mfa: { ...defaults.mfa, ...saved.mfa } };
  if (saved.oauth) {
    // Answers saved before the flow question take Amplify's default, the code grant.
    answers.oauth = { ...defaultOAuth(name), ...saved.oauth };
    const env = currentEnvName(project);
    if (env) answers.oauth.credentials = readCredentials(project, env, name);
  }
  return answers;
}

/** The checked-out environment's name, or undefined before one is. */
function currentEnvName(project: Project): string | undefined {
  try {
    return project.currentEnvName();
  } catch {
    return undefined;
  }
}

/** The region trigger ARNs are written in: the checked-out environment's. */
function regionOf(project: Project): string {
  try {
    return project.currentEnv().env.region;
  } catch {
    return 'us-east-1';
  }
}

/**
 * Writes a managed resource's answers and the definitions they stand for, and a starter file for
 * each trigger function that has none; says where the functions are and how the server runs
 * them.
 */
export function saveResource(
  project: Project,
  answers: AuthAnswers,
  out: Output,
): { definitions: AuthDefinitions; functions: TriggerFunction[] } {
  const dir = project.authDir(answers.resourceName);
  const definitions = buildDefinitions(answers, regionOf(project));
  writeDefinitions(dir, definitions);
  const { credentials, ...oauth } = answers.oauth ?? {};
  // The providers' secrets never go to the committed answers: the environment's local file
  // keeps them.
  writeJson(path.join(dir, 'cli-inputs.json'), answers.oauth ? { ...answers, oauth } : answers);
  const env = currentEnvName(project);
  if (env) {
    writeCredentials(
      project,
      env,
      answers.resourceName,
      credentials ?? {},
      answers.oauth?.providers ?? [],
    );
  }
  const functionsDir = project.functionsDir();
  const functions = scaffoldFunctions(functionsDir, answers.triggers, {
    preTokenGenerationVersion: answers.preTokenGenerationVersion,
    modules: answers.triggerModules,
    settings: answers.triggerSettings,
  });
  const show = (file: string) => path.relative(project.root, file);
  for (const f of functions) {
    if (f.ignoresModules) {
      out.say(
        `⚠ ${show(f.file)} is your own code, so it does not run the modules chosen for ${f.trigger} (${f.modules?.join(', ')}); delete it and run \`cognate update auth\` to get one that does`,
      );
    }
    out.say(
      f.created
        ? `✔ wrote a starter ${f.trigger} function: ${show(f.file)} (edit it to do what you need)`
        : `${f.trigger} runs ${show(f.file)}`,
    );
  }
  if (functions.length) {
    out.say(
      `Trigger functions run when the server is started with --functions-dir ${show(functionsDir)} (or COGNATE_FUNCTIONS_DIR); \`cognate serve\` in this project passes it.`,
    );
  }
  return { definitions, functions };
}

/**
 * Writes `aws-exports.js` and `amplifyconfiguration.json` for an environment from what the
 * server has now (so they match what push just made, or what an imported pool really is).
 * Without an auth resource they hold only the region, as Amplify's do.
 */
export async function writeExportsFor(
  project: Project,
  api: CognitoIdentityProviderClient | undefined,
  env: EnvironmentInfo,
  out: Output,
): Promise<string[]> {
  // A resource removed from the project keeps its ids until the next push of that environment
  // (which unlinks or deletes it): it is no longer the app's, so it is not written.
  const resources = project.backendConfig().auth;
  const entries = Object.entries(env.resources.auth).filter(
    ([name, ids]) => ids.UserPoolId && resources[name],
  );
  let config: Record<string, unknown> = { aws_project_region: env.region };
  const first = entries[0];
  if (first && api) {
    const [name, ids] = first;
    try {
      const pool = (await api.send(new DescribeUserPoolCommand({ UserPoolId: ids.UserPoolId })))
        .UserPool;
      const client = (
        await api.send(
          new DescribeUserPoolClientCommand({
            UserPoolId: ids.UserPoolId,
            ClientId: ids.UserPoolClientId,
          }),
        )
      ).UserPoolClient;
      if (!pool || !client) {
        throw new CliError(
          `auth/${name} is not on the server`,
          '`cognate push` creates a managed resource again; for an imported one, `cognate import auth` picks another pool (`cognate remove auth` first)',
          'NotFound',
        );
      }
      // With MFA on, the factors are the server's (an imported pool has no answers); with it
      // off, Amplify writes the saved choice (or SMS).
      const mfaTypes =
        (pool.MfaConfiguration ?? 'OFF') !== 'OFF'
          ? mfaTypesOf(
              await api.send(new GetUserPoolMfaConfigCommand({ UserPoolId: ids.UserPoolId })),
            )
          : readAnswers(project, name)?.mfa.types;
      config = awsExports({
        region: ids.Region ?? ids.UserPoolId?.split('_')[0] ?? env.region,
        endpoint: env.endpoint,
        pool,
        client,
        mfaTypes,
        identityPoolId: ids.IdentityPoolId,
        hostedUiBase: await hostedUiBase(env.endpoint, pool.Id as string),
      });
    } catch (err) {
      throw explain(err, env, `reading auth/${name} for aws-exports.js`);
    }
  }
  const files = writeClientConfig(project.sourceDir(), config);
  for (const f of files) out.say(`✔ wrote ${path.relative(project.root, f)}`);
  return files;
}
