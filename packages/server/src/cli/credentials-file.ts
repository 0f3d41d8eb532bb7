/** An access key pair. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The access key of one profile of an AWS shared-credentials (INI) file's text, as the server
 * writes it (`.cognate/credentials`, profile `cognate`); undefined when the profile has none.
 * Shared by the server's own subcommands and the `cognate` CLI.
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
