import path from 'node:path';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  type Credentials,
  CredentialsFileError,
  readProfile,
} from '@cognate/server/credentials-file';
import type { IdentityApis } from './identity-pool.ts';
import { CliError } from './output.ts';
import { type EnvironmentInfo, Project } from './project.ts';
import { findLocalServer, projectPath } from './server-credentials.ts';

export type { Credentials };

/**
 * The command that points the environment at the right credentials file: the local server's,
 * when one is found for its endpoint, otherwise the file the server prints when it starts.
 */
export function credentialsFix(root: string, env: EnvironmentInfo): string {
  const found = findLocalServer(root, env.endpoint);
  const file =
    found && path.resolve(root, found.credentialsFile) !== path.resolve(root, env.credentialsFile)
      ? projectPath(root, found.credentialsFile)
      : '<data-dir>/credentials';
  return `cognate env update --credentials ${file}`;
}

/** The project's root (paths in its files are relative to it), or the working folder. */
function projectRoot(): string {
  try {
    return Project.find().root;
  } catch {
    return process.cwd();
  }
}

/** The admin key of an environment, or a CliError that says where to find it. */
function adminKey(root: string, env: EnvironmentInfo): Credentials {
  try {
    return readProfile(path.resolve(root, env.credentialsFile), env.profile);
  } catch (err) {
    if (!(err instanceof CredentialsFileError)) throw err;
    const hint =
      err.reason === 'no-file'
        ? `start the server (\`cognate serve\` in this folder writes .cognate/credentials), or point this environment at the file the server printed: \`${credentialsFix(root, env)}\``
        : `use the profile the server wrote: \`cognate env update --profile cognate\``;
    throw new CliError(err.message, hint, 'NoCredentials');
  }
}

/** A management API client for an environment, signed with its admin key. */
export function clientFor(root: string, env: EnvironmentInfo): CognitoIdentityProviderClient {
  const credentials = adminKey(root, env);
  return new CognitoIdentityProviderClient({
    region: env.region,
    endpoint: env.endpoint,
    credentials,
    // One try: a CLI should say "server down" now, not after the SDK's backoff.
    maxAttempts: 1,
  });
}

/**
 * The Cognito Identity and IAM clients of an environment (identity pools and their roles), on
 * the same endpoint and signed with the same admin key as the user-pool client.
 */
export function identityApisFor(root: string, env: EnvironmentInfo): IdentityApis {
  const credentials = adminKey(root, env);
  const settings = { region: env.region, endpoint: env.endpoint, credentials, maxAttempts: 1 };
  return { identity: new CognitoIdentityClient(settings), iam: new IAMClient(settings) };
}

/** Closes the identity clients' connections. */
export function destroyIdentityApis(apis: IdentityApis): void {
  apis.identity.destroy();
  apis.iam.destroy();
}

/**
 * Turns an SDK failure into a message that says what to do: the server is not running, the key
 * is wrong, or the server refused the request (its own message, which is Cognito's, with
 * `refusedHint` as what to do about it).
 */
export function explain(
  err: unknown,
  env: EnvironmentInfo,
  doing: string,
  refusedHint?: string,
): CliError {
  if (err instanceof CliError) return err;
  const e = err as Error & { code?: string; name: string; cause?: { code?: string } };
  const network = e.code ?? e.cause?.code;
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(
      network ?? '',
    ) ||
    /ECONNREFUSED|fetch failed|socket hang up/.test(e.message)
  ) {
    return new CliError(
      `cannot reach the Cognate server at ${env.endpoint} (${network ?? e.message}) while ${doing}`,
      'start it with `cognate serve` (or `npm start` in the Cognate checkout), or point this environment at the server: `cognate env update --endpoint <url>`',
      'ServerUnreachable',
    );
  }
  if (
    [
      'UnrecognizedClientException',
      'InvalidSignatureException',
      'MissingAuthenticationTokenException',
      // IAM's names (the roles are managed with IAM's Query API).
      'InvalidClientTokenId',
      'SignatureDoesNotMatch',
    ].includes(e.name)
  ) {
    return new CliError(
      `the server at ${env.endpoint} refused the admin key from profile "${env.profile}" in ${env.credentialsFile} (${e.name}) while ${doing}`,
      `use that server's credentials file (it prints it when it starts): \`${credentialsFix(projectRoot(), env)}\``,
      'BadCredentials',
    );
  }
  if (e.name === 'UnknownOperationException' || e.name === 'InvalidAction') {
    // A server older than this CLI (MFA settings came later than pools).
    return new CliError(
      `the server at ${env.endpoint} does not know an operation needed while ${doing} (${e.message})`,
      'update the Cognate server to the version of this CLI (`npm install @cognate/server@latest`), restart it, and run the command again',
      e.name,
    );
  }
  return new CliError(
    `${doing}: ${e.name}: ${e.message}`,
    refusedHint ??
      '`cognate status` compares the files with the server; fix what the message names and run the command again',
    e.name,
  );
}
