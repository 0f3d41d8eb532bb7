import path from 'node:path';
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthAnswers } from './answers.ts';
import { awsExports, writeClientConfig } from './exports.ts';
import { readJsonIfExists } from './files.ts';
import { CliError, type Output } from './output.ts';
import type { EnvironmentInfo, Project } from './project.ts';
import { explain } from './server-api.ts';

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

/** The answers saved for a managed resource (`cli-inputs.json`). */
export function readAnswers(project: Project, name: string): AuthAnswers | undefined {
  return readJsonIfExists<AuthAnswers>(
    path.join(project.authDir(name), 'cli-inputs.json'),
    `the saved answers of auth resource ${name}`,
  );
}

/**
 * Writes `aws-exports.js` and `amplifyconfiguration.json` for an environment from what the
 * server has now (so they match what push just made, or what an imported pool really is).
 * Without an auth resource they hold only the region, as Amplify's do.
 */
export async function writeExportsFor(
  project: Project,
  api: CognitoIdentityProviderClient,
  env: EnvironmentInfo,
  out: Output,
): Promise<string[]> {
  const entries = Object.entries(env.resources.auth).filter(([, ids]) => ids.UserPoolId);
  let config: Record<string, unknown> = { aws_project_region: env.region };
  const first = entries[0];
  if (first) {
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
      if (!pool || !client) throw new CliError(`auth/${name} is not on the server`);
      config = awsExports({
        region: ids.Region ?? ids.UserPoolId?.split('_')[0] ?? env.region,
        endpoint: env.endpoint,
        pool,
        client,
        mfaTypes: readAnswers(project, name)?.mfa.types,
      });
    } catch (err) {
      throw explain(err, env, `reading auth/${name} for aws-exports.js`);
    }
  }
  const files = writeClientConfig(project.sourceDir(), config);
  for (const f of files) out.say(`✔ wrote ${path.relative(project.root, f)}`);
  return files;
}
