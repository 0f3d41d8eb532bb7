import { existsSync } from 'node:fs';
import path from 'node:path';
import { readJsonIfExists, writeJson } from './files.ts';
import {
  credentialKeys,
  type ProviderCredential,
  type ProviderCredentials,
  SOCIAL_PROVIDERS,
  type SocialProvider,
} from './oauth.ts';
import type { Project } from './project.ts';

// The social providers' app ids and secrets, kept out of the committed files as the Amplify CLI
// keeps its `hostedUIProviderCreds` (per environment, outside what the team shares): in
// `cognate/.config/local-secrets.json`, which `cognate init`'s .gitignore line
// `cognate/.config/local-*` already covers, readable by its owner only.

/** `{ <env>: { auth: { <resource>: { hostedUIProviderCreds: [...] } } } }`, Amplify's names. */
type SecretsFile = Record<
  string,
  {
    auth?: Record<
      string,
      { hostedUIProviderCreds?: ({ ProviderName: string } & ProviderCredential)[] }
    >;
  }
>;

/** The local secrets file of a project. */
export function secretsFile(project: Project): string {
  return path.join(project.dir, '.config', 'local-secrets.json');
}

function readFile(project: Project): SecretsFile {
  return readJsonIfExists<SecretsFile>(secretsFile(project), 'the local secrets file') ?? {};
}

/** The providers' credentials of a resource in an environment. */
export function readCredentials(
  project: Project,
  envName: string,
  resource: string,
): ProviderCredentials {
  const list = readFile(project)[envName]?.auth?.[resource]?.hostedUIProviderCreds ?? [];
  const out: ProviderCredentials = {};
  for (const { ProviderName, ...credential } of list) {
    if (SOCIAL_PROVIDERS.includes(ProviderName as SocialProvider)) {
      out[ProviderName as SocialProvider] = credential;
    }
  }
  return out;
}

/**
 * Saves the credentials of `providers` (others are dropped: a provider removed from the answers
 * takes its secret with it). Nothing is written when there is nothing to keep and no file.
 */
export function writeCredentials(
  project: Project,
  envName: string,
  resource: string,
  credentials: ProviderCredentials,
  providers: readonly SocialProvider[],
): void {
  const file = secretsFile(project);
  const list = providers
    .filter((p) => credentials[p])
    .map((p) => ({ ProviderName: p, ...pick(p, credentials[p] as ProviderCredential) }));
  if (!list.length && !existsSync(file)) return;
  const all = readFile(project);
  all[envName] ??= {};
  const env = all[envName];
  env.auth ??= {};
  if (list.length) env.auth[resource] = { hostedUIProviderCreds: list };
  else delete env.auth[resource];
  writeJson(file, all, 0o600);
}

/** Only the members a provider takes, so a stray member never reaches the file. */
function pick(provider: SocialProvider, credential: ProviderCredential): ProviderCredential {
  return Object.fromEntries(
    credentialKeys(provider).map((k) => [k, credential[k]]),
  ) as unknown as ProviderCredential;
}

/** Copies a resource's credentials from one environment to another (`env add`). */
export function copyCredentials(project: Project, from: string, to: string): void {
  const all = readFile(project);
  if (!all[from]?.auth || all[to]) return;
  all[to] = structuredClone(all[from]);
  writeJson(secretsFile(project), all, 0o600);
}

/** Forgets a resource's credentials in every environment (`remove auth`). */
export function forgetCredentials(project: Project, resource: string): void {
  if (!existsSync(secretsFile(project))) return;
  const all = readFile(project);
  for (const env of Object.values(all)) delete env.auth?.[resource];
  writeJson(secretsFile(project), all, 0o600);
}
