import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readJson, readJsonIfExists, writeJson } from './files.ts';
import { CliError } from './output.ts';

/** `cognate/project-config.json`: what `init` asked once for the whole project. */
export interface ProjectConfig {
  projectName: string;
  /** Where push writes `aws-exports.js` and `amplifyconfiguration.json`, from the root. */
  sourceDir: string;
  version: 1;
}

/** The ids of one auth resource's server objects in one environment. */
export interface AuthIds {
  UserPoolId?: string;
  UserPoolClientId?: string;
  /** The identity pool (Cognito Identity), `<region>:<uuid>`. */
  IdentityPoolId?: string;
  /**
   * The roles push created for the identity pool (Amplify's `amplify-<project>-<env>-<stamp>-authRole`
   * and `-unauthRole`): removing the identity pool, or the resource, deletes them with it. An
   * imported identity pool's roles are not the project's: only their ARNs are kept.
   */
  AuthRoleName?: string;
  UnauthRoleName?: string;
  AuthRoleArn?: string;
  UnauthRoleArn?: string;
  /** Region of the pool (from its id), written to aws-exports. */
  Region?: string;
  /**
   * Written by `remove auth` into each environment that still has the resource's ids: a
   * `managed` pool is deleted by that environment's next push, an `imported` one unlinked.
   */
  ServiceType?: ServiceType;
}

/** One environment in `cognate/team-provider-info.json`. */
export interface EnvironmentInfo {
  /** The Cognate server, e.g. `http://127.0.0.1:9229`. */
  endpoint: string;
  region: string;
  /** Profile in the credentials file holding the server's admin key. */
  profile: string;
  /** AWS shared-credentials file, relative to the project root. */
  credentialsFile: string;
  resources: { auth: Record<string, AuthIds> };
}

/** `cognate/team-provider-info.json`: every environment, by name. */
export type TeamProviderInfo = Record<string, EnvironmentInfo>;

/** How an auth resource came into the project. */
export type ServiceType = 'managed' | 'imported';

/** `cognate/backend/backend-config.json`: the resources, shared by all environments. */
export interface BackendConfig {
  auth: Record<string, { service: 'Cognito'; serviceType: ServiceType }>;
}

/** The files of an app's `cognate/` folder. */
export class Project {
  readonly dir: string;

  constructor(readonly root: string) {
    this.dir = path.join(root, 'cognate');
  }

  /** The project above or at `from`, or an error telling the user to run `cognate init`. */
  static find(from = process.cwd()): Project {
    let current = path.resolve(from);
    for (;;) {
      if (existsSync(path.join(current, 'cognate', 'project-config.json'))) {
        return new Project(current);
      }
      const parent = path.dirname(current);
      if (parent === current) {
        throw new CliError(
          `no Cognate project here (${from}) or in any folder above`,
          'run `cognate init` in your app folder first',
          'NoProject',
        );
      }
      current = parent;
    }
  }

  get configFile() {
    return path.join(this.dir, 'project-config.json');
  }
  get teamProviderFile() {
    return path.join(this.dir, 'team-provider-info.json');
  }
  get localEnvFile() {
    return path.join(this.dir, '.config', 'local-env-info.json');
  }
  get backendConfigFile() {
    return path.join(this.dir, 'backend', 'backend-config.json');
  }

  /**
   * The trigger functions' folder: `<name>.mjs` here is what a trigger naming function `<name>`
   * runs, when the server is started with this folder as its functions folder.
   */
  functionsDir(): string {
    return path.join(this.dir, 'backend', 'function');
  }

  /** Folder of one auth resource's definitions. */
  authDir(name: string): string {
    return path.join(this.dir, 'backend', 'auth', name);
  }

  config(): ProjectConfig {
    return readJson<ProjectConfig>(this.configFile, 'cognate/project-config.json');
  }

  teamProviderInfo(): TeamProviderInfo {
    return readJsonIfExists<TeamProviderInfo>(this.teamProviderFile, 'the environments file') ?? {};
  }

  saveTeamProviderInfo(info: TeamProviderInfo): void {
    writeJson(this.teamProviderFile, info);
  }

  backendConfig(): BackendConfig {
    const config = readJsonIfExists<BackendConfig>(this.backendConfigFile, 'backend-config.json');
    if (config && (typeof config.auth !== 'object' || config.auth === null)) {
      throw new CliError(
        `${path.relative(this.root, this.backendConfigFile)} has no "auth" object`,
        'restore it from version control, or write {"auth": {}}',
        'InvalidConfig',
      );
    }
    return config ?? { auth: {} };
  }

  saveBackendConfig(config: BackendConfig): void {
    writeJson(this.backendConfigFile, config);
  }

  /** The checked-out environment's name. */
  currentEnvName(): string {
    const local = readJsonIfExists<{ envName?: string }>(this.localEnvFile, 'local-env-info.json');
    if (!local?.envName) {
      throw new CliError(
        'no environment is checked out',
        'run `cognate env checkout <name>` (see `cognate env list`) or `cognate env add <name>`',
        'NoEnvironment',
      );
    }
    return local.envName;
  }

  setCurrentEnv(name: string): void {
    writeJson(this.localEnvFile, { envName: name });
  }

  /** The checked-out environment, with its name. */
  currentEnv(): { name: string; env: EnvironmentInfo; info: TeamProviderInfo } {
    const name = this.currentEnvName();
    const info = this.teamProviderInfo();
    const env = info[name];
    if (!env) {
      throw new CliError(
        `environment "${name}" is checked out but missing from cognate/team-provider-info.json`,
        `\`cognate env add ${name}\` recreates it, or \`cognate env checkout <name>\` switches to another (\`cognate env list\`)`,
        'NoEnvironment',
      );
    }
    env.resources ??= { auth: {} };
    env.resources.auth ??= {};
    return { name, env, info };
  }

  /** The project's folder for the generated client config files. */
  sourceDir(): string {
    return path.resolve(this.root, this.config().sourceDir);
  }

  /** Deletes a resource's definitions folder. */
  removeAuthDir(name: string): void {
    rmSync(this.authDir(name), { recursive: true, force: true });
  }
}
