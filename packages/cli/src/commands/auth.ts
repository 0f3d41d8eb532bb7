import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  GetIdentityPoolRolesCommand,
  type IdentityPool,
  ListIdentityPoolsCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type UserPoolClientType,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirm, select } from '@inquirer/prompts';
import { type AuthAnswers, checkResourceName, defaultAnswers, mergeAnswers } from '../answers.ts';
import { readAnswers, requireTerminal, saveResource } from '../context.ts';
import { unsupportedParts } from '../definitions.ts';
import { readJsonInput } from '../files.ts';
import { describeIdentityPool, type IdentityApis } from '../identity-pool.ts';
import { CliError, type Output } from '../output.ts';
import { hostedUiOnServer } from '../plan-oauth.ts';
import { Project } from '../project.ts';
import { askAddAuth, askUpdateAuth } from '../prompts.ts';
import { forgetCredentials } from '../secrets.ts';
import { clientFor, destroyIdentityApis, explain, identityApisFor } from '../server-api.ts';

/** Options of `add auth` and `update auth`. */
export interface AuthOptions {
  headless?: string;
  yes?: boolean;
}

/** Amplify keeps one auth resource per project: a second one is a clash. */
function refuseSecond(project: Project, name?: string): void {
  const existing = Object.keys(project.backendConfig().auth);
  if (existing.length) {
    throw new CliError(
      `auth resource ${existing[0]} already exists in this project${name && name !== existing[0] ? ` (asked for ${name})` : ''}; a project has one auth resource`,
      '`cognate update auth` changes it; `cognate remove auth` unlinks it first',
      'NameClash',
    );
  }
}

function saveManaged(project: Project, answers: AuthAnswers, out: Output) {
  const { definitions, functions } = saveResource(project, answers, out);
  const backend = project.backendConfig();
  backend.auth[answers.resourceName] = { service: 'Cognito', serviceType: 'managed' };
  project.saveBackendConfig(backend);
  for (const note of unsupportedParts(definitions)) out.say(`⚠ ${note}`);
  return {
    resourceName: answers.resourceName,
    dir: path.relative(project.root, project.authDir(answers.resourceName)),
    definitions,
    functions: functions.map((f) => ({ ...f, file: path.relative(project.root, f.file) })),
  };
}

/** `cognate add auth`. */
export async function addAuth(opts: AuthOptions, out: Output): Promise<unknown> {
  const project = Project.find();
  const config = project.config();
  refuseSecond(project);
  const fallbackName = `${config.projectName.replace(/[^A-Za-z0-9]/g, '')}${randomBytes(4).toString('hex')}`;
  let answers: AuthAnswers;
  if (opts.headless) {
    const given = (await readJsonInput(opts.headless)) as Partial<AuthAnswers>;
    const name = checkResourceName(given?.resourceName ?? fallbackName);
    answers = mergeAnswers(defaultAnswers(name), given);
  } else if (opts.yes) {
    answers = defaultAnswers(fallbackName);
  } else {
    requireTerminal('cognate add auth', '--yes (default configuration) or --headless <json>');
    out.say('Using service: Cognito, provided by: cognate');
    out.say(' The current configured provider is Cognate.');
    answers = await askAddAuth(defaultAnswers(fallbackName), (line) => out.say(line));
  }
  refuseSecond(project, answers.resourceName);
  const result = saveManaged(project, answers, out);
  out.say(`✔ Successfully added auth resource ${answers.resourceName} locally`);
  out.say('Next: `cognate push` to create it on the server.');
  return result;
}

/** The project's one auth resource, or a message saying there is none. */
function onlyResource(project: Project, name?: string) {
  const auth = project.backendConfig().auth;
  const names = Object.keys(auth);
  const chosen = name ?? names[0];
  if (!chosen || !auth[chosen]) {
    throw new CliError(
      name ? `no auth resource ${name} in this project` : 'this project has no auth resource',
      'add one with `cognate add auth` or `cognate import auth`',
      'NoResource',
    );
  }
  return { name: chosen, meta: auth[chosen] };
}

/** `cognate update auth`. */
export async function updateAuth(opts: AuthOptions, out: Output): Promise<unknown> {
  const project = Project.find();
  const { name, meta } = onlyResource(project);
  if (meta.serviceType === 'imported') {
    throw new CliError(
      `auth/${name} is imported: its pool is managed outside this project`,
      'change it on the server, or `cognate remove auth` and `cognate add auth` to manage one here',
      'Imported',
    );
  }
  const current = readAnswers(project, name) ?? defaultAnswers(name);
  let answers: AuthAnswers;
  if (opts.headless) {
    const given = (await readJsonInput(opts.headless)) as Partial<AuthAnswers>;
    answers = mergeAnswers(current, { ...given, resourceName: name, signIn: current.signIn });
  } else {
    requireTerminal('cognate update auth', '--headless <json> with the answers to change');
    out.say(
      'Please note that certain attributes may not be overwritten if you choose to use defaults settings.',
    );
    answers = await askUpdateAuth(current, (line) => out.say(line));
  }
  const result = saveManaged(project, answers, out);
  out.say(`✔ Successfully updated auth resource ${name} locally`);
  out.say('Next: `cognate push` to apply it on the server.');
  return result;
}

/** `cognate remove auth`: unlinks the resource; push then forgets its ids. */
export async function removeAuth(
  name: string | undefined,
  opts: { yes?: boolean },
  out: Output,
): Promise<unknown> {
  const project = Project.find();
  const chosen = onlyResource(project, name);
  const managed = chosen.meta.serviceType === 'managed';
  // Amplify's push deletes a managed resource's pool; an imported one stays.
  const fate = managed
    ? "the next `cognate push` of each environment deletes that environment's pool and its users (it asks first)"
    : 'the pool stays on the server';
  if (!opts.yes) {
    requireTerminal('cognate remove auth', '--yes');
    const sure = await confirm({
      message: `Are you sure you want to remove auth/${chosen.name}? Its files in cognate/backend/auth/ are deleted; ${fate}.`,
      default: false,
    });
    if (!sure) {
      out.say('Nothing changed.');
      return { removed: false };
    }
  }
  // Each environment's next push needs to know what the resource was, once its entry is gone.
  const info = project.teamProviderInfo();
  for (const env of Object.values(info)) {
    const ids = env.resources?.auth?.[chosen.name];
    if (ids) ids.ServiceType = chosen.meta.serviceType;
  }
  project.saveTeamProviderInfo(info);
  const backend = project.backendConfig();
  delete backend.auth[chosen.name];
  project.saveBackendConfig(backend);
  project.removeAuthDir(chosen.name);
  forgetCredentials(project, chosen.name);
  out.say(`✔ Successfully removed resource ${chosen.name} locally`);
  out.say(
    managed
      ? '`cognate push` deletes its pool in this environment (after asking), and writes aws-exports.js without it.'
      : '`cognate push` unlinks it from this environment (the pool stays on the server).',
  );
  return { removed: true, resourceName: chosen.name, serviceType: chosen.meta.serviceType };
}

/** Options of `import auth`. */
export interface ImportOptions {
  userPoolId?: string;
  webClientId?: string;
  identityPoolId?: string;
  name?: string;
  headless?: string;
}

/**
 * What the imported pool's hosted UI is (its domain, social providers and the client's OAuth
 * settings), which aws-exports.js will carry: said after the import, so nothing is a surprise.
 */
async function importedHostedUi(
  api: ReturnType<typeof clientFor>,
  endpoint: string,
  pool: UserPoolType | undefined,
  clientId: string,
  clients: UserPoolClientType[],
) {
  const client = clients.find((c) => c.ClientId === clientId);
  if (!pool || !client) return { lines: [], summary: undefined };
  const server = await hostedUiOnServer(api, endpoint, pool);
  const summary = {
    domain: server.domain,
    providers: [...server.providers.keys()],
    AllowedOAuthFlows: client.AllowedOAuthFlows ?? [],
    AllowedOAuthScopes: client.AllowedOAuthScopes ?? [],
    CallbackURLs: client.CallbackURLs ?? [],
    LogoutURLs: client.LogoutURLs ?? [],
  };
  const lines: string[] = [];
  if (summary.domain) lines.push(`Hosted UI domain: ${summary.domain}`);
  if (summary.providers.length) lines.push(`Social providers: ${summary.providers.join(', ')}`);
  if (summary.AllowedOAuthFlows.length) {
    lines.push(
      `OAuth: ${summary.AllowedOAuthFlows.join(', ')}; sign-in redirects ${summary.CallbackURLs.join(', ') || '(none)'}; sign-out redirects ${summary.LogoutURLs.join(', ') || '(none)'}`,
    );
  }
  return { lines, summary };
}

/** Picks a pool (and its web client) on the server and records it as an imported resource. */
export async function importAuth(flags: ImportOptions, out: Output): Promise<unknown> {
  const project = Project.find();
  const { name: envName, env, info } = project.currentEnv();
  refuseSecond(project, flags.name);
  const opts: ImportOptions = flags.headless
    ? { ...((await readJsonInput(flags.headless)) as ImportOptions), ...flags }
    : flags;
  const ask = !opts.userPoolId;
  if (ask) requireTerminal('cognate import auth', '--user-pool-id <id> [--web-client-id <id>]');
  const api = clientFor(project.root, env);
  const identity = identityApisFor(project.root, env);
  try {
    // Amplify offers "User Pool and Identity Pool" first; a server with no identity pool at
    // all could only fail that answer, so there the user pool alone comes first.
    const both = { name: 'Cognito User Pool and Identity Pool', value: 'both' } as const;
    const only = { name: 'Cognito User Pool only', value: 'userpool' } as const;
    const kind = opts.identityPoolId
      ? 'both'
      : ask
        ? await select({
            message: 'What type of auth resource do you want to import?',
            choices: (await hasIdentityPools(identity)) ? [both, only] : [only, both],
          })
        : 'userpool';
    let poolId = opts.userPoolId;
    if (!poolId) {
      const pools = (await api.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
      if (!pools.length) {
        throw new CliError(
          `the server at ${env.endpoint} has no user pools to import`,
          '`cognate add auth` creates one instead',
          'NothingToImport',
        );
      }
      poolId = await select({
        message: 'Select the User Pool you want to import:',
        choices: pools.map((p) => ({ name: `${p.Name} (${p.Id})`, value: p.Id as string })),
      });
    }
    const clients: UserPoolClientType[] = [];
    const listed = await api.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }),
    );
    for (const c of listed.UserPoolClients ?? []) {
      const full = await api.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId }),
      );
      if (full.UserPoolClient) clients.push(full.UserPoolClient);
    }
    const web = clients.filter((c) => !c.ClientSecret);
    if (!web.length) {
      throw new CliError(
        `user pool ${poolId} has no web app client (one without a client secret), which an Amplify app needs`,
        `create one: CreateUserPoolClient with GenerateSecret false (aws cognito-idp create-user-pool-client --user-pool-id ${poolId} --client-name web --no-generate-secret), then import again`,
        'ImportRequirements',
      );
    }
    let clientId = opts.webClientId;
    if (clientId && !web.some((c) => c.ClientId === clientId)) {
      const secret = clients.some((c) => c.ClientId === clientId);
      throw new CliError(
        `app client ${clientId} ${secret ? 'has a client secret, which a web app cannot keep' : `is not in pool ${poolId}`}`,
        `pick one of: ${web.map((c) => `${c.ClientName} (${c.ClientId})`).join(', ')} (--web-client-id for import auth, --app-client-id for pull)`,
        'ImportRequirements',
      );
    }
    if (!clientId) {
      clientId =
        web.length === 1 || !ask
          ? (web[0].ClientId as string)
          : await select({
              message: 'Select a Web client to import:',
              choices: web.map((c) => ({
                name: `${c.ClientName} (${c.ClientId})`,
                value: c.ClientId as string,
              })),
            });
      if (web.length === 1)
        out.say(
          `Only one Web app client found: '${web[0].ClientName}' was automatically selected.`,
        );
    }
    const identityPool =
      kind === 'both'
        ? await chooseIdentityPool(identity, poolId, clientId, opts.identityPoolId, ask, out)
        : undefined;
    const pool = (await api.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
    const poolName = (pool?.Name ?? poolId).replace(/[^A-Za-z0-9]/g, '');
    const name = checkResourceName(opts.name ?? (poolName || 'importedauth').slice(0, 128));
    const backend = project.backendConfig();
    backend.auth[name] = { service: 'Cognito', serviceType: 'imported' };
    env.resources.auth[name] = {
      UserPoolId: poolId,
      UserPoolClientId: clientId,
      ...(identityPool
        ? {
            IdentityPoolId: identityPool.pool.IdentityPoolId,
            AuthRoleArn: identityPool.roles.authenticated,
            UnauthRoleArn: identityPool.roles.unauthenticated,
          }
        : {}),
      Region: poolId.split('_')[0],
    };
    info[envName] = env;
    project.saveTeamProviderInfo(info);
    project.saveBackendConfig(backend);
    out.say(
      identityPool
        ? `✔ Cognito User Pool '${poolId}' and Identity Pool '${identityPool.pool.IdentityPoolName}' (${identityPool.pool.IdentityPoolId}) were successfully imported as auth/${name}.`
        : `✔ Cognito User Pool '${poolId}' was successfully imported as auth/${name}.`,
    );
    if (identityPool && !identityPool.roles.authenticated) {
      out.say(
        `⚠ identity pool ${identityPool.pool.IdentityPoolId} has no authenticated role: signed-in users get no credentials until one is set (SetIdentityPoolRoles).`,
      );
    }
    const hostedUi = await importedHostedUi(api, env.endpoint, pool, clientId, clients);
    for (const line of hostedUi.lines) out.say(line);
    out.say('Next: `cognate push` to write aws-exports.js for it.');
    return {
      resourceName: name,
      UserPoolId: poolId,
      UserPoolClientId: clientId,
      IdentityPoolId: identityPool?.pool.IdentityPoolId,
      hostedUi: hostedUi.summary,
    };
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') {
      throw new CliError(
        `the server at ${env.endpoint} has no user pool ${opts.userPoolId}`,
        'check the id (`aws cognito-idp list-user-pools`), or run `cognate import auth` without flags to pick one',
        'NotFound',
      );
    }
    throw explain(err, env, 'importing auth');
  } finally {
    api.destroy();
    destroyIdentityApis(identity);
  }
}

/** Whether the server has any identity pool (an older server without them has none). */
async function hasIdentityPools(identity: IdentityApis): Promise<boolean> {
  try {
    const page = await identity.identity.send(new ListIdentityPoolsCommand({ MaxResults: 1 }));
    return Boolean(page.IdentityPools?.length);
  } catch (err) {
    if ((err as Error).name === 'UnknownOperationException') return false;
    throw err;
  }
}

/** Every identity pool on the server, described (ListIdentityPools gives only names). */
async function identityPools(identity: IdentityApis): Promise<IdentityPool[]> {
  const pools: IdentityPool[] = [];
  let NextToken: string | undefined;
  do {
    const page = await identity.identity.send(
      new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }),
    );
    for (const p of page.IdentityPools ?? []) {
      const full = await describeIdentityPool(identity, p.IdentityPoolId as string);
      if (full) pools.push(full);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return pools;
}

/**
 * The identity pool to import with the user pool, checked as the Amplify CLI checks it: it must
 * name the user pool as a Cognito identity provider, with the web app client being imported.
 */
async function chooseIdentityPool(
  identity: IdentityApis,
  poolId: string,
  clientId: string,
  given: string | undefined,
  ask: boolean,
  out: Output,
): Promise<{ pool: IdentityPool; roles: Record<string, string> }> {
  const region = poolId.split('_')[0];
  const provider = `cognito-idp.${region}.amazonaws.com/${poolId}`;
  const howToAdd = (id: string) =>
    `add the web client to the identity pool's Cognito identity providers (aws cognito-identity update-identity-pool --identity-pool-id ${id} … --cognito-identity-providers ProviderName=${provider},ClientId=${clientId}), or import the user pool only`;
  const forPool = (p: IdentityPool) =>
    (p.CognitoIdentityProviders ?? []).filter((c) => c.ProviderName?.endsWith(`/${poolId}`));
  const withClient = (p: IdentityPool) => forPool(p).some((c) => c.ClientId === clientId);
  let chosen: IdentityPool | undefined;
  if (given) {
    chosen = await describeIdentityPool(identity, given);
    if (!chosen) {
      throw new CliError(
        `the server has no identity pool ${given}`,
        'check the id (`aws cognito-identity list-identity-pools --max-results 60`), or run `cognate import auth` without --identity-pool-id to pick one',
        'NotFound',
      );
    }
    if (!forPool(chosen).length) {
      throw new CliError(
        `identity pool ${given} does not have the selected Cognito User Pool ${poolId} configured as identity provider`,
        howToAdd(given),
        'ImportRequirements',
      );
    }
    if (!withClient(chosen)) {
      throw new CliError(
        `identity pool ${given} lists user pool ${poolId} with app client(s) ${forPool(chosen)
          .map((c) => c.ClientId)
          .join(', ')}, not the web client ${clientId} being imported`,
        howToAdd(given),
        'ImportRequirements',
      );
    }
  } else {
    const all = await identityPools(identity);
    const candidates = all.filter((p) => forPool(p).length);
    if (!candidates.length) {
      throw new CliError(
        'There are no Identity Pools found which has the selected Cognito User Pool configured as identity provider.',
        `create one for it (aws cognito-identity create-identity-pool --identity-pool-name <name> --allow-unauthenticated-identities|--no-allow-unauthenticated-identities --cognito-identity-providers ProviderName=${provider},ClientId=${clientId}), or import the user pool only`,
        'ImportRequirements',
      );
    }
    const valid = candidates.filter(withClient);
    if (!valid.length) {
      throw new CliError(
        `There are no Identity Pools found which has the selected app clients configured as identity providers (${candidates
          .map(
            (p) =>
              `${p.IdentityPoolName} (${p.IdentityPoolId}) lists ${forPool(p)
                .map((c) => c.ClientId)
                .join(', ')}`,
          )
          .join('; ')}).`,
        howToAdd(candidates[0].IdentityPoolId as string),
        'ImportRequirements',
      );
    }
    if (valid.length === 1) {
      chosen = valid[0];
      out.say(
        `✔ Only one Identity Pool resource found: '${chosen.IdentityPoolName}' (${chosen.IdentityPoolId}) was automatically selected.`,
      );
    } else if (!ask) {
      throw new CliError(
        `${valid.length} identity pools list user pool ${poolId} and client ${clientId}: ${valid.map((p) => p.IdentityPoolId).join(', ')}`,
        'pass --identity-pool-id <id> to say which',
        'ImportRequirements',
      );
    } else {
      out.say(' Multiple Identity Pools are configured for the selected Cognito User Pool.');
      const id = await select({
        message: 'Select the Identity Pool you want to import:',
        choices: valid.map((p) => ({
          name: `${p.IdentityPoolName} (${p.IdentityPoolId})`,
          value: p.IdentityPoolId as string,
        })),
      });
      chosen = valid.find((p) => p.IdentityPoolId === id) as IdentityPool;
    }
  }
  const roles =
    (
      await identity.identity.send(
        new GetIdentityPoolRolesCommand({ IdentityPoolId: chosen.IdentityPoolId }),
      )
    ).Roles ?? {};
  return { pool: chosen, roles };
}
