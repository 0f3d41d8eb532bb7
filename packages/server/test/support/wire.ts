// Requests the SDK would never send: raw AWS JSON 1.1 posts, signed (SigV4) or not, and the
// SECRET_HASH of clients with a secret.
import assert from 'node:assert/strict';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestServer } from './server.ts';

/** SECRET_HASH = Base64(HMAC-SHA256(clientSecret, username + clientId)). */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/** A raw AWS JSON 1.1 POST without a signature; returns status, headers and parsed body. */
export async function rawPost(
  url: string,
  target: string | undefined,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target ? { 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` } : {}),
      ...headers,
    },
    body,
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    assert.fail(`response is not JSON (status ${res.status}): ${text.slice(0, 200)}`);
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBytes = (d: SourceData): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

/** SHA-256 (and HMAC-SHA256 with a key) for the SigV4 signer, from node:crypto. */
export class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * SigV4 headers (without Host) for a POST of `body` to `target`, by default with the admin key,
 * dated by the server's clock (which tests may have moved).
 */
export async function signHeaders(
  t: TestServer,
  target: string,
  body: string,
  credentials = {
    accessKeyId: t.server.accessKey.accessKeyId,
    secretAccessKey: t.server.accessKey.secret,
  },
): Promise<Record<string, string>> {
  const url = new URL(t.url);
  const signer = new SignatureV4({
    service: 'cognito-idp',
    region: 'us-east-1',
    credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body,
    },
    { signingDate: new Date(t.clock.now()) },
  );
  // fetch sends the Host header itself (the same value).
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

/**
 * A raw AWS JSON 1.1 POST signed with the admin key, for management calls whose body the SDK
 * would never send.
 */
export async function signedPost(t: TestServer, target: string, body: string) {
  return rawPost(t.url, undefined, body, await signHeaders(t, target, body));
}
