import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDirOf, loadConfig } from '../config.ts';
import { signingKey } from '../protocols/sigv4.ts';
import { type Credentials, credentialsFromIni } from './credentials-file.ts';
import { UsageError } from './keys.ts';

// A small client for the server's management API, for commands that work over HTTP: the admin
// key from the server's credentials file (or the environment), and SigV4-signed AWS JSON calls.

/** Where the admin key comes from; see `credentialsFor`. */
export interface CredentialSources {
  'data-dir'?: string;
  config?: string;
  profile?: string;
}

export type { Credentials };

/** One profile of an AWS shared-credentials (INI) file. */
function readProfile(file: string, profile: string): Credentials {
  if (!existsSync(file)) {
    throw new UsageError(`no credentials file at ${file}; pass --data-dir of the server`);
  }
  const credentials = credentialsFromIni(readFileSync(file, 'utf8'), profile);
  if (!credentials) throw new UsageError(`profile "${profile}" in ${file} has no access key`);
  return credentials;
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
    return readProfile(path.join(dataDirOf(config), 'credentials'), profile);
  }
  const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret } = process.env;
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret };
  const file =
    process.env.AWS_SHARED_CREDENTIALS_FILE ??
    path.join(dataDirOf(loadConfig({ env: process.env })), 'credentials');
  return readProfile(file, profile);
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/** Cognito API client: signed AWS JSON 1.1 POSTs. */
export class Api {
  constructor(
    private readonly endpoint: URL,
    private readonly credentials: Credentials,
    private readonly region: string,
  ) {}

  /** SigV4 headers (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). */
  private sign(target: string, body: string): Record<string, string> {
    const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      host: this.endpoint.host,
      'x-amz-date': amzDate,
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    };
    const names = Object.keys(headers).sort();
    const canonical = [
      'POST',
      this.endpoint.pathname || '/',
      '',
      names.map((n) => `${n}:${headers[n]}\n`).join(''),
      names.join(';'),
      sha256(body),
    ].join('\n');
    const scope = `${day}/${this.region}/cognito-idp/aws4_request`;
    const key = signingKey(this.credentials.secretAccessKey, day, this.region, 'cognito-idp');
    const signature = createHmac('sha256', key)
      .update(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`)
      .digest('hex');
    const { host: _host, ...rest } = headers;
    return {
      ...rest,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    };
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
          headers: this.sign(target, body),
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
