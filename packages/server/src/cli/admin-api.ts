import path from 'node:path';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { dataDirOf, loadConfig } from '../config.ts';
import { type Credentials, CredentialsFileError, readProfile } from './credentials-file.ts';
import { UsageError } from './usage-error.ts';

// A small client for the server's management API, for commands that work over HTTP: the admin
// key from the server's credentials file (or the environment), and SigV4-signed AWS JSON calls.

/** Where the admin key comes from; see `credentialsFor`. */
export interface CredentialSources {
  'data-dir'?: string;
  config?: string;
  profile?: string;
}

/** The key of `profile` in `file`, or a UsageError that says what to pass. */
function keyIn(file: string, profile: string): Credentials {
  try {
    return readProfile(file, profile);
  } catch (err) {
    if (!(err instanceof CredentialsFileError)) throw err;
    throw new UsageError(
      err.reason === 'no-file' ? `${err.message}; pass --data-dir of the server` : err.message,
    );
  }
}

/** The admin key, found as `--help` says. */
export function credentialsFor(values: CredentialSources): Credentials {
  const profile = values.profile ?? process.env.AWS_PROFILE ?? 'cognate';
  if (values['data-dir'] || values.config) {
    const config = loadConfig({
      env: process.env,
      file: values.config,
      flags: { dataDir: values['data-dir'] },
    });
    return keyIn(path.join(dataDirOf(config), 'credentials'), profile);
  }
  const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret } = process.env;
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret };
  const file =
    process.env.AWS_SHARED_CREDENTIALS_FILE ??
    path.join(dataDirOf(loadConfig({ env: process.env })), 'credentials');
  return keyIn(file, profile);
}

/** Cognito API client: AWS JSON 1.1 POSTs, signed by the AWS SDK's SigV4 signer. */
export class Api {
  private readonly signer: SignatureV4;

  constructor(
    private readonly endpoint: URL,
    credentials: Credentials,
    region: string,
  ) {
    this.signer = new SignatureV4({ service: 'cognito-idp', region, credentials, sha256: Sha256 });
  }

  private async sign(target: string, body: string): Promise<Record<string, string>> {
    const { protocol, hostname, port, host, pathname } = this.endpoint;
    const signed = await this.signer.sign({
      method: 'POST',
      protocol,
      hostname,
      port: port ? Number(port) : undefined,
      path: pathname || '/',
      headers: {
        host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body,
    });
    // fetch sends the Host header itself (the same value).
    const { host: _host, ...headers } = signed.headers;
    return headers;
  }

  /** Calls `target` with `input`. */
  call<T>(target: string, input: unknown): Promise<T> {
    return this.send<T>(target, JSON.stringify(input));
  }

  /** Posts a JSON body; retries a few times on a server error or a concurrent modification. */
  async send<T>(target: string, body: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(this.endpoint, {
          method: 'POST',
          headers: await this.sign(target, body),
          body,
        });
      } catch (err) {
        if (attempt < 3) continue;
        throw new Error(
          `${target}: cannot reach ${this.endpoint.origin}: ${(err as Error).message}`,
        );
      }
      const text = await res.text();
      if (res.ok) return JSON.parse(text) as T;
      let error = { __type: `HTTP ${res.status}`, message: text.slice(0, 200) };
      try {
        error = JSON.parse(text);
      } catch {}
      const retry = res.status >= 500 || error.__type === 'ConcurrentModificationException';
      if (retry && attempt < 3) {
        await new Promise((r) => setTimeout(r, 200 * attempt));
        continue;
      }
      throw new Error(`${target}: ${error.__type}: ${error.message}`);
    }
  }
}
