import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirm, select } from '@inquirer/prompts';
import { requireTerminal, writeExportsFor } from '../context.ts';
import { readJsonInput } from '../files.ts';
import { CliError, type Output } from '../output.ts';
import { type AuthIds, type EnvironmentInfo, Project } from '../project.ts';
import { copyCredentials } from '../secrets.ts';
import { clientFor, explain } from '../server-api.ts';
import { checkEnvName, environmentSettings, type InitOptions, withoutUndefined } from './init.ts';

/** Options of `env add`. */
export interface EnvAddOptions extends InitOptions {
  /** Keep every imported resource's pool in the new environment without asking. */
  keepImports?: boolean;
}

/** The web clients (no secret) of a pool. */
async function webClients(api: CognitoIdentityProviderClient, poolId: string) {
  const listed = await api.send(
    new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }),
  );
  const web = [];
  for (const c of listed.UserPoolClients ?? []) {
    const full = await api.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId }),
    );
    if (full.UserPoolClient && !full.UserPoolClient.ClientSecret) web.push(full.UserPoolClient);
  }
  return web;
}

/** Asks which pool an imported resource uses in the new environment. */
async function chooseImport(
  api: CognitoIdentityProviderClient,
  resource: string,
  current: AuthIds | undefined,
  from: string,
  out: Output,
): Promise<AuthIds> {
  const choice = await select({
    message: `auth/${resource} is imported. Do you want to import another Cognito User Pool for this environment, or keep the same one?`,
    choices: [
      {
        name: `Maintain existing Cognito User Pool ${current?.UserPoolId ?? ''} (from environment ${from})`,
        value: 'keep',
      },
      { name: 'Import a different Cognito User Pool', value: 'other' },
    ] as const,
  });
  if (choice === 'keep') {
    if (!current?.UserPoolId) {
      throw new CliError(
        `environment ${from} has no pool for auth/${resource}`,
        '`cognate env add` again and choose "Import a different Cognito User Pool"',
      );
    }
    return { ...current };
  }
  const pools = (await api.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
  if (!pools.length)
    throw new CliError(
      'the server has no user pools to import',
      '`cognate env add` again and keep the current pool, or `cognate remove auth` then `cognate add auth` to create one with the project',
      'NothingToImport',
    );
  const poolId = await select({
    message: 'Select the User Pool you want to import:',
    choices: pools.map((p) => ({ name: `${p.Name} (${p.Id})`, value: p.Id as string })),
  });
  const web = await webClients(api, poolId);
  if (!web.length) {
    throw new CliError(
      `user pool ${poolId} has no web app client (one without a client secret)`,
      `create one (aws cognito-idp create-user-pool-client --user-pool-id ${poolId} --client-name web --no-generate-secret), then \`cognate env add\` again`,
      'ImportRequirements',
    );
  }
  out.say(`Using web client ${web[0].ClientName} (${web[0].ClientId}).`);
  return { UserPoolId: poolId, UserPoolClientId: web[0].ClientId, Region: poolId.split('_')[0] };
}

/** `cognate env add <name>`: a new environment, checked out. */
export async function envAdd(envName: string, flags: EnvAddOptions, out: Output): Promise<unknown> {
  const project = Project.find();
  checkEnvName(envName);
  const info = project.teamProviderInfo();
  if (info[envName]) {
    throw new CliError(
      `environment ${envName} already exists`,
      `\`cognate env checkout ${envName}\` switches to it; pick another name to add one`,
      'NameClash',
    );
  }
  const headless = flags.headless
    ? ((await readJsonInput(flags.headless)) as EnvAddOptions & { auth?: Record<string, AuthIds> })
    : undefined;
  const opts: EnvAddOptions = headless ? { ...headless, ...withoutUndefined(flags) } : flags;
  const ask = !flags.yes && !headless;
  if (ask) requireTerminal('cognate env add', '--yes (same server), flags, or --headless <json>');
  let fromName: string | undefined;
  let from: EnvironmentInfo | undefined;
  try {
    fromName = project.currentEnvName();
    from = info[fromName];
  } catch {}
  // Anything not given starts from the current environment's settings.
  const settings = await environmentSettings(opts, ask, from, (line) => out.say(line));
  const env: EnvironmentInfo = { ...settings, resources: { auth: {} } };
  const imported = Object.entries(project.backendConfig().auth).filter(
    ([, m]) => m.serviceType === 'imported',
  );
  if (imported.length) {
    const api = clientFor(project.root, env);
    try {
      for (const [resource] of imported) {
        const current = from?.resources.auth[resource];
        const given = headless?.auth?.[resource];
        if (given?.UserPoolId) {
          env.resources.auth[resource] = { ...given, Region: given.UserPoolId.split('_')[0] };
        } else if (!ask || opts.keepImports) {
          if (!current)
            throw new CliError(
              `no pool to keep for auth/${resource}`,
              `pass its ids: \`cognate env add ${envName} --headless '{"auth":{"${resource}":{"UserPoolId":"<id>","UserPoolClientId":"<id>"}}}'\``,
            );
          env.resources.auth[resource] = { ...current };
        } else {
          env.resources.auth[resource] = await chooseImport(
            api,
            resource,
            current,
            fromName ?? '?',
            out,
          );
        }
      }
    } catch (err) {
      throw explain(err, env, `choosing the imported pools of environment ${envName}`);
    } finally {
      api.destroy();
    }
  }
  info[envName] = env;
  project.saveTeamProviderInfo(info);
  // The social providers' app ids and secrets start as the current environment's (change them
  // with `cognate update auth`), as the same apps usually serve every environment.
  if (fromName) copyCredentials(project, fromName, envName);
  project.setCurrentEnv(envName);
  out.say(`✔ Added environment ${envName} (${env.endpoint}) and checked it out.`);
  out.say('Next: `cognate push` to create its resources on the server.');
  return { env: envName, ...env };
}

/** `cognate env update [name]`: changes an environment's server, region or credentials. */
export async function envUpdate(
  envName: string | undefined,
  flags: InitOptions,
  out: Output,
): Promise<unknown> {
  const project = Project.find();
  const info = project.teamProviderInfo();
  const name = envName ?? project.currentEnvName();
  const env = info[name];
  if (!env) {
    throw new CliError(
      `no environment ${name}`,
      `one of: ${Object.keys(info).join(', ') || '(none)'}; \`cognate env add ${name}\` adds it`,
      'NoEnvironment',
    );
  }
  const given = ['endpoint', 'region', 'profile', 'credentials'].some(
    (k) => flags[k as keyof InitOptions] !== undefined,
  );
  const ask = !given && !flags.yes;
  if (ask) {
    requireTerminal(
      'cognate env update',
      '--endpoint <url>, --region <r>, --profile <p> or --credentials <file>',
    );
  }
  const settings = await environmentSettings(
    flags,
    ask,
    env,
    (line) => out.say(line),
    project.root,
  );
  info[name] = { ...env, ...settings, resources: env.resources ?? { auth: {} } };
  project.saveTeamProviderInfo(info);
  out.say(
    `✔ Updated environment ${name}: ${settings.endpoint}, profile ${settings.profile} in ${settings.credentialsFile}`,
  );
  out.say('Next: `cognate status` to check the server answers, then `cognate push`.');
  return { env: name, ...settings };
}

/** `cognate env list`. */
export function envList(opts: { details?: boolean }, out: Output): unknown {
  const project = Project.find();
  const info = project.teamProviderInfo();
  let current: string | undefined;
  try {
    current = project.currentEnvName();
  } catch {}
  out.say('| Environments |');
  out.say('| ------------ |');
  for (const name of Object.keys(info)) {
    out.say(`| ${name === current ? `*${name}` : name} |`);
    if (opts.details) out.say(`    ${JSON.stringify(info[name])}`);
  }
  return {
    current,
    environments: Object.keys(info).map((name) => ({
      name,
      current: name === current,
      ...info[name],
    })),
  };
}

/** `cognate env checkout <name>`: switches and rewrites the client config for it. */
export async function envCheckout(envName: string, out: Output): Promise<unknown> {
  const project = Project.find();
  const info = project.teamProviderInfo();
  const env = info[envName];
  if (!env) {
    throw new CliError(
      `no environment ${envName}`,
      `one of: ${Object.keys(info).join(', ') || '(none)'}; \`cognate env add ${envName}\` adds it`,
      'NoEnvironment',
    );
  }
  env.resources ??= { auth: {} };
  const resources = project.backendConfig().auth;
  const pushed = Object.entries(env.resources.auth).some(
    ([name, ids]) => ids.UserPoolId && resources[name],
  );
  let files: string[] = [];
  if (pushed) {
    const api = clientFor(project.root, env);
    try {
      // The config first: if the server is down, the checkout fails with nothing switched.
      files = await writeExportsFor(project, api, env, out);
    } finally {
      api.destroy();
    }
  } else {
    files = await writeExportsFor(project, undefined, env, out);
    if (Object.keys(resources).length) {
      out.say(`Environment ${envName} has nothing on the server yet: \`cognate push\` creates it.`);
    }
  }
  project.setCurrentEnv(envName);
  out.say(`✔ Checked out environment ${envName}.`);
  return { env: envName, files };
}

/** `cognate env remove <name>`: forgets an environment; its pools stay on the server. */
export async function envRemove(
  envName: string,
  opts: { yes?: boolean },
  out: Output,
): Promise<unknown> {
  const project = Project.find();
  const info = project.teamProviderInfo();
  if (!info[envName])
    throw new CliError(
      `no environment ${envName}`,
      '`cognate env list` shows them',
      'NoEnvironment',
    );
  let current: string | undefined;
  try {
    current = project.currentEnvName();
  } catch {}
  if (current === envName) {
    throw new CliError(
      `environment ${envName} is checked out`,
      'check out another one first (`cognate env checkout <name>`)',
      'EnvInUse',
    );
  }
  if (!opts.yes) {
    requireTerminal('cognate env remove', '--yes');
    if (
      !(await confirm({
        message: `Remove environment ${envName} from the project? Its pools stay on the server.`,
        default: false,
      }))
    ) {
      out.say('Nothing changed.');
      return { removed: false };
    }
  }
  delete info[envName];
  project.saveTeamProviderInfo(info);
  out.say(`✔ Removed environment ${envName} from the project (its pools stay on the server).`);
  return { removed: true, env: envName };
}
