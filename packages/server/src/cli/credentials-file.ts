import { existsSync, readFileSync } from 'node:fs';

/** An access key pair. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The access key of one profile of an AWS shared-credentials (INI) file's text, as the server
 * writes it (`.cognate/credentials`, profile `cognate`); undefined when the profile has none.
 */
export function credentialsFromIni(text: string, profile: string): Credentials | undefined {
  let section = '';
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1].trim();
    const pair = /^([\w.]+)\s*=\s*(.*)$/.exec(line);
    if (pair && section === profile) values[pair[1]] = pair[2].trim();
  }
  if (!values.aws_access_key_id || !values.aws_secret_access_key) return undefined;
  return { accessKeyId: values.aws_access_key_id, secretAccessKey: values.aws_secret_access_key };
}

/** Why a credentials file gave no key: there is no file, or the profile has no key in it. */
export class CredentialsFileError extends Error {
  constructor(
    readonly reason: 'no-file' | 'no-key',
    message: string,
  ) {
    super(message);
    this.name = 'CredentialsFileError';
  }
}

/**
 * The access key of `profile` in the shared-credentials file at `file`. Throws
 * CredentialsFileError ("no credentials file at …", "profile "x" in … has no access key"), which
 * each caller turns into its own advice. Shared by the server's subcommands and the `cognate` CLI.
 */
export function readProfile(file: string, profile: string): Credentials {
  if (!existsSync(file))
    throw new CredentialsFileError('no-file', `no credentials file at ${file}`);
  const credentials = credentialsFromIni(readFileSync(file, 'utf8'), profile);
  if (!credentials) {
    throw new CredentialsFileError('no-key', `profile "${profile}" in ${file} has no access key`);
  }
  return credentials;
}
