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
import type { EnvironmentInfo } from './project.ts';

export type { Credentials };

/** What to do when the environment's credentials file gives no key. */
const NO_KEY_HINTS = {
  'no-file':
    'start the server once (`cognate serve` writes .cognate/credentials), or point the environment at the server\'s file: `cognate init --credentials <data-dir>/credentials` / edit "credentialsFile" in cognate/team-provider-info.json',
  'no-key':
    'use the profile the server wrote (`cognate`), or fix "profile" in cognate/team-provider-info.json',
};

/** The admin key of an environment, or a CliError that says where to find it. */
function adminKey(root: string, env: EnvironmentInfo): Credentials {
  try {
    return readProfile(path.resolve(root, env.credentialsFile), env.profile);
  } catch (err) {
    if (!(err instanceof CredentialsFileError)) throw err;
    throw new CliError(err.message, NO_KEY_HINTS[err.reason], 'NoCredentials');
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
      'start it with `cognate serve` (or `npm start` in the Cognate checkout), or fix "endpoint" in cognate/team-provider-info.json',
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
      "use the credentials file of that server (its data folder's `credentials`): `cognate init --credentials <file>` or edit cognate/team-provider-info.json",
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
  return new CliError(`${doing}: ${e.name}: ${e.message}`, refusedHint, e.name);
}
