// SigV4 signing of arbitrary requests for the STS and verification tests: the same signer the
// AWS SDK uses (@smithy/signature-v4), hashing with node:crypto.
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../support/wire.ts';

/** Credentials as the signer takes them. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Signs `method url` with `body` and `headers`; returns every header to send, host included. */
export async function sign(opts: {
  method: string;
  url: string;
  body?: string;
  headers?: Record<string, string>;
  service: string;
  credentials: SigningCredentials;
  now: number;
}): Promise<Record<string, string>> {
  const url = new URL(opts.url);
  const signer = new SignatureV4({
    service: opts.service,
    region: 'us-east-1',
    credentials: opts.credentials,
    sha256: Sha256,
  });
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const signed = await signer.sign(
    {
      method: opts.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { host: url.host, ...opts.headers },
      body: opts.body,
    },
    { signingDate: new Date(opts.now) },
  );
  return signed.headers;
}

/** Hex SHA-256 of a body. */
export const sha256Hex = (body: string) => createHash('sha256').update(body).digest('hex');

/** A form POST to the server's Query endpoint signed with `credentials` (service `sts`). */
export async function queryPost(
  serverUrl: string,
  form: string,
  credentials: SigningCredentials | undefined,
  now: number,
): Promise<{ status: number; text: string }> {
  const base: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  };
  const headers = credentials
    ? await sign({
        method: 'POST',
        url: `${serverUrl}/`,
        body: form,
        headers: base,
        service: 'sts',
        credentials,
        now,
      })
    : base;
  const { host: _host, ...rest } = headers;
  const res = await fetch(`${serverUrl}/`, { method: 'POST', headers: rest, body: form });
  return { status: res.status, text: await res.text() };
}
