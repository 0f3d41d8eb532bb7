import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { input } from '@inquirer/prompts';
import { requireTerminal } from '../context.ts';
import { readJsonInput, writeJson } from '../files.ts';
import { CliError, type Output } from '../output.ts';
import { type EnvironmentInfo, Project } from '../project.ts';
import { credentialsProblem, findLocalServer, projectPath } from '../server-credentials.ts';

/** Flags of `cognate init` (also the members of its headless JSON). */
export interface InitOptions {
  name?: string;
  env?: string;
  endpoint?: string;
  region?: string;
  profile?: string;
  credentials?: string;
  sourceDir?: string;
  headless?: string;
  yes?: boolean;
}

/** Checks an environment name the way Amplify does: 2 to 10 lowercase letters. */
export function checkEnvName(name: string): string {
  if (!/^[a-z]{2,10}$/.test(name)) {
    throw new CliError(
      `environment name "${name}" must be 2 to 10 lowercase letters`,
      'pick a name such as dev, staging or prod',
      'InvalidInput',
    );
  }
  return name;
}

/** Checks an endpoint is an http(s) URL. */
export function checkEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url.replace(/\/+$/, '');
  } catch {}
  throw new CliError(
    `endpoint "${url}" is not an http(s) URL`,
    'pass the server address, e.g. --endpoint http://127.0.0.1:9229',
    'InvalidInput',
  );
}

/**
 * An environment's settings, from flags, then questions, then defaults. A local server found
 * from here (its data folder, `.cognate/` as `cognate serve` or `npm start` writes it) gives the
 * default endpoint and credentials file; a credentials file that does not hold the profile's key
 * is asked again, or, without questions, warned about with the command that fixes it.
 */
export async function environmentSettings(
  opts: InitOptions,
  ask: boolean,
  defaults?: Partial<EnvironmentInfo>,
  warn?: (line: string) => void,
  root = process.cwd(),
): Promise<Omit<EnvironmentInfo, 'resources'>> {
  const value = async (given: string | undefined, message: string, fallback: string) =>
    given ?? (ask ? await input({ message, default: fallback }) : fallback);
  const nearby = findLocalServer(root);
  const endpoint = checkEndpoint(
    await value(
      opts.endpoint,
      'Cognate server endpoint:',
      defaults?.endpoint ?? nearby?.endpoint ?? 'http://127.0.0.1:9229',
    ),
  );
  const region = await value(opts.region, 'Region of the server:', defaults?.region ?? 'us-east-1');
  const profile = await value(
    opts.profile,
    'Credentials profile with the admin key:',
    defaults?.profile ?? 'cognate',
  );
  const found = findLocalServer(root, endpoint);
  const fallback =
    defaults?.credentialsFile ??
    (found ? projectPath(root, found.credentialsFile) : '.cognate/credentials');
  const problem = (file: string) => credentialsProblem(path.resolve(root, file), profile);
  let credentialsFile = opts.credentials;
  if (credentialsFile === undefined && ask) {
    credentialsFile = await input({
      message: `Credentials file with the admin key (the server prints it: AWS_SHARED_CREDENTIALS_FILE=<data-dir>/credentials):`,
      default: problem(fallback) ? undefined : fallback,
      validate: (file) =>
        !file.trim()
          ? 'the server prints its credentials file when it starts'
          : (problem(file.trim()) ?? true),
    });
    credentialsFile = credentialsFile.trim();
  }
  credentialsFile ??= fallback;
  const trouble = problem(credentialsFile);
  if (trouble) {
    // Said now rather than at the first push: the file may come later (a server not started
    // yet, a key handed over), so it is a warning with the command that fixes it.
    warn?.(
      `⚠ ${trouble}. Start the server (\`cognate serve\` in this folder writes .cognate/credentials), or point the environment at the file the server printed: \`cognate env update --credentials <data-dir>/credentials\``,
    );
  }
  return { endpoint, region, profile, credentialsFile };
}

/** `cognate init`: creates `cognate/` with the project, its first environment and no resources. */
export async function init(flags: InitOptions, out: Output): Promise<unknown> {
  const root = process.cwd();
  const project = new Project(root);
  if (existsSync(project.configFile)) {
    throw new CliError(
      `this folder already has a Cognate project (${path.relative(root, project.configFile)})`,
      'add an environment with `cognate env add <name>`, or `cognate add auth`',
      'AlreadyInitialized',
    );
  }
  const opts: InitOptions = flags.headless
    ? { ...((await readJsonInput(flags.headless)) as InitOptions), ...withoutUndefined(flags) }
    : flags;
  const ask = !flags.yes && !flags.headless;
  if (ask) requireTerminal('cognate init', '--yes (defaults) or --headless <json>');
  const projectName =
    opts.name ??
    (ask
      ? await input({
          message: 'Enter a name for the project',
          default: projectNameOf(root),
        })
      : projectNameOf(root));
  const envName = checkEnvName(
    opts.env ??
      (ask ? await input({ message: 'Enter a name for the environment', default: 'dev' }) : 'dev'),
  );
  const sourceDir =
    opts.sourceDir ??
    (ask ? await input({ message: 'Source Directory Path:', default: 'src' }) : 'src');
  const settings = await environmentSettings(opts, ask, undefined, (line) => out.say(line));
  createProject(project, { projectName, envName, sourceDir, settings });
  out.say(
    `✔ Initialized project ${projectName} with environment ${envName} (${settings.endpoint})`,
  );
  out.say('Next: `cognate add auth` (or `cognate import auth`), then `cognate push`.');
  return { projectName, env: envName, sourceDir, ...settings };
}

/** Writes a new project's files: no resources, one environment, checked out. */
export function createProject(
  project: Project,
  p: {
    projectName: string;
    envName: string;
    sourceDir: string;
    settings: Omit<EnvironmentInfo, 'resources'>;
  },
): void {
  project.saveBackendConfig({ auth: {} });
  project.saveTeamProviderInfo({ [p.envName]: { ...p.settings, resources: { auth: {} } } });
  project.setCurrentEnv(p.envName);
  // Written last: its presence is what marks the folder as a project.
  writeJson(project.configFile, { projectName: p.projectName, sourceDir: p.sourceDir, version: 1 });
  ignoreLocalFiles(project.root);
}

/** The project name `init` proposes for a folder. */
export function projectNameOf(root: string): string {
  return path.basename(root).replace(/[^A-Za-z0-9]/g, '') || 'app';
}

/** Drops members commander left undefined, so they do not hide the headless input's. */
export function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([k, v]) => v !== undefined && k !== 'headless'),
  ) as Partial<T>;
}

/**
 * Adds the checked-out environment, the server's data folder (admin key included) and the master
 * key file beside it to the app's .gitignore, as `amplify init` does for its local files: they
 * belong to one machine.
 */
function ignoreLocalFiles(root: string): void {
  const file = path.join(root, '.gitignore');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const lines = ['cognate/.config/local-*', '.cognate/', '.cognate-master-key'].filter(
    (line) => !current.split(/\r?\n/).includes(line),
  );
  if (!lines.length) return;
  const prefix = current && !current.endsWith('\n') ? '\n' : '';
  appendFileSync(file, `${prefix}#cognate\n${lines.join('\n')}\n`);
}
