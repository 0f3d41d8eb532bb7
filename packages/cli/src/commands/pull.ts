import { existsSync } from 'node:fs';
import path from 'node:path';
import { GetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { readAnswers, saveResource, writeExportsFor } from '../context.ts';
import { describeIdentityPool } from '../identity-pool.ts';
import { CliError, type Output } from '../output.ts';
import { hostedUiOnServer } from '../plan-oauth.ts';
import { type EnvironmentInfo, Project } from '../project.ts';
import { answersFromServer, identityPoolAnswers } from '../pulled-answers.ts';
import { clientFor, explain } from '../server-api.ts';
import { credentialsProblem, findLocalServer } from '../server-credentials.ts';
import { importAuth } from './auth.ts';
import {
  checkEndpoint,
  checkEnvName,
  createProject,
  environmentSettings,
  projectNameOf,
} from './init.ts';
import { planFor } from './push.ts';

/** Options of `cognate pull`; all but `env` and `yes` are for the setup form. */
export interface PullOptions {
  endpoint?: string;
  userPoolId?: string;
  appClientId?: string;
  credentials?: string;
  profile?: string;
  region?: string;
  env?: string;
  yes?: boolean;
}

/**
 * `cognate pull --endpoint <url> --user-pool-id <id> --app-client-id <id>`, the admin console's
 * local setup: one command, no questions. In a folder without a project it makes one (as `init`
 * would, environment `dev` unless `--env` says otherwise); it imports the pool and its web
 * client as the auth resource (an imported resource already there is pointed at them) and
 * writes aws-exports.js and amplifyconfiguration.json.
 */
async function setUp(opts: PullOptions, out: Output): Promise<unknown> {
  const root = process.cwd();
  let project: Project | undefined;
  try {
    project = Project.find(root);
  } catch {}
  const poolId = opts.userPoolId as string;
  const region = opts.region ?? poolId.split('_')[0];
  const current = project ? currentEnvOf(project) : undefined;
  const envName = checkEnvName(opts.env ?? current?.name ?? 'dev');
  const existing = project?.teamProviderInfo()[envName];
  const endpoint = checkEndpoint(
    opts.endpoint ??
      existing?.endpoint ??
      current?.env.endpoint ??
      findLocalServer(root)?.endpoint ??
      'http://127.0.0.1:9229',
  );
  const settings = await environmentSettings(
    { endpoint, region, profile: opts.profile, credentials: opts.credentials },
    false,
    existing && existing.endpoint === endpoint ? existing : undefined,
    undefined,
    project?.root ?? root,
  );
  // Nothing is written before the key is known to be there: a half-made project would stop the
  // next try with "already initialized".
  const problem = credentialsProblem(
    path.resolve(project?.root ?? root, settings.credentialsFile),
    settings.profile,
  );
  if (problem) {
    throw new CliError(
      `${problem} (the admin key of ${endpoint})`,
      `add --credentials <file> with the server's credentials file (it prints it when it starts: AWS_SHARED_CREDENTIALS_FILE=<data-dir>/credentials)`,
      'NoCredentials',
    );
  }
  const created = !project;
  if (!project) {
    project = new Project(root);
    createProject(project, {
      projectName: projectNameOf(root),
      envName,
      sourceDir:
        existsSync(path.join(root, 'src')) || !existsSync(path.join(root, 'package.json'))
          ? 'src'
          : '.',
      settings,
    });
    out.say(
      `✔ Initialized project ${project.config().projectName} with environment ${envName} (${endpoint})`,
    );
  } else {
    const info = project.teamProviderInfo();
    info[envName] = { ...settings, resources: info[envName]?.resources ?? { auth: {} } };
    project.saveTeamProviderInfo(info);
    project.setCurrentEnv(envName);
  }
  const backend = project.backendConfig();
  const [name, meta] = Object.entries(backend.auth)[0] ?? [];
  if (name && meta?.serviceType === 'managed') {
    throw new CliError(
      `auth/${name} is managed by this project; the setup form imports a pool`,
      '`cognate pull` (without --user-pool-id) updates it from the server; or `cognate remove auth`, then this command again',
      'NameClash',
    );
  }
  // An imported resource is pointed at the given pool: it is forgotten for this environment
  // and imported again under its name, and restored if the import fails.
  const info = project.teamProviderInfo();
  const previous = name ? info[envName]?.resources.auth[name] : undefined;
  if (name) {
    delete backend.auth[name];
    delete info[envName].resources.auth[name];
    project.saveBackendConfig(backend);
    project.saveTeamProviderInfo(info);
  }
  let imported: { resourceName: string };
  const inProject = process.cwd();
  try {
    process.chdir(project.root);
    imported = (await importAuth(
      { userPoolId: poolId, webClientId: opts.appClientId, name },
      out,
    )) as { resourceName: string };
  } catch (err) {
    if (name && meta) {
      const again = project.teamProviderInfo();
      if (previous) again[envName].resources.auth[name] = previous;
      project.saveTeamProviderInfo(again);
      project.saveBackendConfig({ ...project.backendConfig(), auth: { [name]: meta } });
    }
    throw err;
  } finally {
    process.chdir(inProject);
  }
  const env = project.currentEnv().env;
  const api = clientFor(project.root, env);
  let files: string[];
  try {
    files = await writeExportsFor(project, api, env, out);
  } finally {
    api.destroy();
  }
  out.say(`✔ This folder uses pool ${poolId} on ${endpoint} (environment ${envName}).`);
  return {
    created,
    env: envName,
    endpoint,
    resourceName: imported.resourceName,
    ...project.currentEnv().env.resources.auth[imported.resourceName],
    files: files.map((f) => path.relative(project.root, f)),
  };
}

/** The checked-out environment, or undefined when none is. */
function currentEnvOf(project: Project): { name: string; env: EnvironmentInfo } | undefined {
  try {
    const { name, env } = project.currentEnv();
    return { name, env };
  } catch {
    return undefined;
  }
}

/**
 * `cognate pull`: brings the files in line with the server (someone changed the pool there, or
 * this is a fresh clone) and writes the client config. With `--user-pool-id`, sets this folder
 * up for that pool first (see `setUp`).
 */
export async function pull(opts: PullOptions, out: Output): Promise<unknown> {
  if (opts.userPoolId) return setUp(opts, out);
  const extra = (['endpoint', 'appClientId', 'credentials'] as const).filter((k) => opts[k]);
  if (extra.length) {
    throw new CliError(
      `--${extra.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', --')} go with --user-pool-id`,
      "add --user-pool-id <id> to set this folder up for a pool; `cognate env update` changes the environment's server or credentials",
      'InvalidInput',
    );
  }
  const project = Project.find();
  const { name, env, api, identity, close, plan } = await planFor(project);
  try {
    const pulled: string[] = [];
    for (const r of plan.resources) {
      if (r.serviceType !== 'managed' || !r.pool || !r.client) continue;
      const saved = readAnswers(project, r.name);
      if (!saved) {
        throw new CliError(
          `auth/${r.name} has no cli-inputs.json to update`,
          'run `cognate update auth` once to write it',
          'InvalidConfig',
        );
      }
      const mfa =
        (r.pool.MfaConfiguration ?? 'OFF') !== 'OFF'
          ? await api.send(new GetUserPoolMfaConfigCommand({ UserPoolId: r.pool.Id }))
          : undefined;
      const server = await hostedUiOnServer(api, env.endpoint, r.pool);
      const answers = answersFromServer(saved, r.pool, r.client, {
        mfa,
        region: env.region,
        hostedUi: { ...server, envName: name },
      });
      const identityPool = r.ids.IdentityPoolId
        ? await describeIdentityPool(identity, r.ids.IdentityPoolId)
        : undefined;
      if (identityPool) answers.identityPool = identityPoolAnswers(identityPool, name);
      if (server.domain && !server.domain.endsWith(`-${name}`)) {
        out.say(
          `⚠ the pool's domain ${server.domain} does not end with -${name}: push names domains <prefix>-<env>, so it would replace it with ${server.domain}-${name}`,
        );
      }
      saveResource(project, answers, out);
      pulled.push(r.name);
      out.say(`✔ pulled auth/${r.name} from ${r.pool.Id}`);
    }
    const missing = plan.resources.filter((r) => r.steps.some((s) => s.action === 'create'));
    for (const r of missing) {
      out.say(
        `auth/${r.name} is not on the server yet for environment ${name}: \`cognate push\` creates it.`,
      );
    }
    const files = await writeExportsFor(project, api, env, out);
    return { env: name, pulled, files: files.map((f) => path.relative(project.root, f)) };
  } catch (err) {
    throw explain(err, env, 'pulling');
  } finally {
    close();
  }
}
