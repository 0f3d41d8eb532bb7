// Shared helpers for the Cognito Identity Provider API tests (real AWS SDK v3 against a real server).
import assert from 'node:assert/strict';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import {
  type AuthenticationResultType,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  CreateUserPoolCommand,
  type CreateUserPoolRequest,
  InitiateAuthCommand,
  SignUpCommand,
  type UserPoolClientType,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { decodeJwt, type JWTPayload } from 'jose';
import { PASSWORD, type TestServer, unique } from '../harness.ts';

export { PASSWORD, startTestServer, type TestServer, unique } from '../harness.ts';

/**
 * Awaits a call that must fail and checks the SDK error's name (Cognito's `__type`) and message.
 * `message` is compared exactly when a string, matched when a RegExp.
 */
export async function rejects(
  promise: Promise<unknown>,
  name: string,
  message?: string | RegExp,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof Error, `expected ${name}, but the call succeeded`);
  assert.equal(caught.name, name, `expected ${name}, got ${caught.name}: ${caught.message}`);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught as Error & { $metadata?: { httpStatusCode?: number } };
}

/** Creates a pool with exactly `input` (plus a unique name unless given). */
export async function createPool(
  t: TestServer,
  input: Partial<CreateUserPoolRequest> = {},
): Promise<UserPoolType & { Id: string }> {
  const res = await t.admin.send(
    new CreateUserPoolCommand({ PoolName: unique('pool'), ...input } as CreateUserPoolRequest),
  );
  assert.ok(res.UserPool?.Id);
  return res.UserPool as UserPoolType & { Id: string };
}

/** Creates an app client with exactly `input` (plus a unique name unless given). */
export async function createClient(
  t: TestServer,
  userPoolId: string,
  input: Partial<CreateUserPoolClientRequest> = {},
): Promise<UserPoolClientType & { ClientId: string }> {
  const res = await t.admin.send(
    new CreateUserPoolClientCommand({
      ClientName: unique('client'),
      UserPoolId: userPoolId,
      ...input,
    }),
  );
  assert.ok(res.UserPoolClient?.ClientId);
  return res.UserPoolClient as UserPoolClientType & { ClientId: string };
}

/** A pool that auto-verifies email and a client allowing USER_PASSWORD_AUTH. */
export async function passwordPool(
  t: TestServer,
  pool: Partial<CreateUserPoolRequest> = {},
  client: Partial<CreateUserPoolClientRequest> = {},
) {
  const p = await createPool(t, { AutoVerifiedAttributes: ['email'], ...pool });
  const c = await createClient(t, p.Id, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...client,
  });
  return { poolId: p.Id, clientId: c.ClientId, pool: p, client: c };
}

/** Signs a user up (email attribute = `email`) and confirms with the code from the outbox. */
export async function signUpConfirmed(
  t: TestServer,
  clientId: string,
  username: string,
  opts: { password?: string; email?: string; attributes?: { Name: string; Value: string }[] } = {},
): Promise<string> {
  const email = opts.email ?? `${username.toLowerCase()}@example.com`;
  const res = await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: opts.password ?? PASSWORD,
      UserAttributes: opts.attributes ?? [{ Name: 'email', Value: email }],
    }),
  );
  const code = (await t.outbox(email))?.code;
  assert.ok(code, `no confirmation code for ${email}`);
  await t.anon.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }),
  );
  return res.UserSub as string;
}

/** USER_PASSWORD_AUTH sign-in that must finish with tokens. */
export async function signIn(
  t: TestServer,
  clientId: string,
  username: string,
  password = PASSWORD,
  extra: Record<string, string> = {},
): Promise<
  Required<Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'RefreshToken'>> &
    AuthenticationResultType
> {
  const res = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password, ...extra },
    }),
  );
  const r = res.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken, 'expected tokens');
  return r as Required<Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'RefreshToken'>>;
}

/** Unverified JWT claims. */
export function claims(token: string): JWTPayload & Record<string, unknown> {
  return decodeJwt(token) as JWTPayload & Record<string, unknown>;
}

/** SECRET_HASH = Base64(HMAC-SHA256(clientSecret, username + clientId)). */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/** Attribute list as a map. */
export function attrMap(list: { Name?: string; Value?: string }[] | undefined) {
  return Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
}

/**
 * Moves server time forward and keeps the admin client's SigV4 signing date in step with it.
 * (The SDK would also correct itself from the server's Date header after one refused try.)
 */
export function advanceClock(t: TestServer, ms: number): void {
  t.clock.advance(ms);
  const config = t.admin.config as unknown as { systemClockOffset: number };
  config.systemClockOffset = t.clock.offset;
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
class Sha256 {
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
