import assert from 'node:assert/strict';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { type SignedRequest, signingKey, verifySigV4 } from './sigv4.ts';

const AKID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2024-05-01T12:00:00Z');
const BODY = JSON.stringify({ MaxResults: 10 });
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

// node:crypto based hash constructor in the shape @smithy/signature-v4 expects (what
// @smithy/hash-node does for the Node SDK), so the test needs no extra dependency.
class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (secret === undefined) this.#hash = createHash('sha256');
    else if (typeof secret === 'string') this.#hash = createHmac('sha256', secret);
    else if (ArrayBuffer.isView(secret))
      this.#hash = createHmac(
        'sha256',
        Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength),
      );
    else this.#hash = createHmac('sha256', Buffer.from(secret));
  }
  update(data: Uint8Array) {
    this.#hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
}

interface SignOptions {
  body?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  /** The raw request target the server will see; defaults to the path. */
  url?: string;
  headers?: Record<string, string>;
  secret?: string;
  date?: Date;
}

/** Signs a Cognito-shaped request with the real SDK signer and returns it as Node would see it. */
async function sign(o: SignOptions = {}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    service: 'cognito-idp',
    region: 'us-east-1',
    credentials: { accessKeyId: AKID, secretAccessKey: o.secret ?? SECRET },
    sha256: Sha256,
  });
  const body = o.body ?? BODY;
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 9229,
      path: o.path ?? '/',
      query: o.query ?? {},
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.ListUserPools',
        host: '127.0.0.1:9229',
        'content-length': String(Buffer.byteLength(body)),
        ...o.headers,
      },
      body,
    },
    { signingDate: o.date ?? NOW },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { method: 'POST', url: o.url ?? o.path ?? '/', headers, body: Buffer.from(body) };
}

const verify = (req: SignedRequest, now = NOW) =>
  verifySigV4(req, { now, lookupSecret: (id) => (id === AKID ? SECRET : undefined) });

function assertFails(
  result: ReturnType<typeof verifySigV4>,
  code: string,
  message?: string | RegExp,
) {
  assert.equal(result.ok, false, 'expected verification to fail');
  if (result.ok) return;
  assert.equal(result.code, code, result.message);
  if (typeof message === 'string') assert.equal(result.message, message);
  else if (message) assert.match(result.message, message);
}

test('a request signed by @smithy/signature-v4 verifies', async () => {
  const req = await sign();
  assert.match(
    String(req.headers.authorization),
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240501\//,
  );
  assert.deepEqual(verify(req), {
    ok: true,
    accessKeyId: AKID,
    region: 'us-east-1',
    service: 'cognito-idp',
  });
});

test('Authorization without spaces after the commas, or with extra spaces, still verifies', async () => {
  const req = await sign();
  const auth = String(req.headers.authorization);
  for (const variant of [
    auth.replace(/, /g, ','),
    auth.replace(/ /g, '   '),
    auth.replace(/, /g, ' '),
  ]) {
    assert.equal(
      verify({ ...req, headers: { ...req.headers, authorization: variant } }).ok,
      true,
      variant,
    );
  }
});

test('a body tampered with after signing fails', async () => {
  const req = await sign();
  assertFails(
    verify({ ...req, body: Buffer.from(JSON.stringify({ MaxResults: 60 })) }),
    'InvalidSignatureException',
    MISMATCH,
  );
});

test('x-amz-content-sha256 is never trusted: the received body is hashed', async () => {
  const realHash = createHash('sha256').update(BODY).digest('hex');
  // An honest, signed hash header is fine.
  assert.equal(verify(await sign({ headers: { 'x-amz-content-sha256': realHash } })).ok, true);
  // A signed header vouching for the original body does not let a different body through.
  const honest = await sign({ headers: { 'x-amz-content-sha256': realHash } });
  assertFails(
    verify({ ...honest, body: Buffer.from('{"MaxResults":60}') }),
    'InvalidSignatureException',
  );
  // A header lying about the body (here S3-style UNSIGNED-PAYLOAD) fails even with the same body.
  const unsigned = await sign({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  assertFails(verify(unsigned), 'InvalidSignatureException', MISMATCH);
  const lying = await sign({
    headers: { 'x-amz-content-sha256': createHash('sha256').update('{}').digest('hex') },
  });
  assertFails(verify(lying), 'InvalidSignatureException', MISMATCH);
});

test('a wrong secret fails with InvalidSignatureException', async () => {
  assertFails(
    verify(await sign({ secret: 'not-the-secret' })),
    'InvalidSignatureException',
    MISMATCH,
  );
});

test('an unknown access key fails with UnrecognizedClientException', async () => {
  const req = await sign();
  assertFails(
    verifySigV4(req, { now: NOW, lookupSecret: () => undefined }),
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  );
});

test('a missing Authorization header fails with MissingAuthenticationTokenException', async () => {
  const req = await sign();
  const { authorization: _, ...headers } = req.headers;
  assertFails(
    verify({ ...req, headers }),
    'MissingAuthenticationTokenException',
    'Missing Authentication Token',
  );
});

test('a malformed Authorization header fails with IncompleteSignatureException', async () => {
  const req = await sign();
  const withAuth = (authorization: string) =>
    verify({ ...req, headers: { ...req.headers, authorization } });
  assertFails(
    withAuth('Bearer abc.def'),
    'IncompleteSignatureException',
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc.def",
  );
  const auth = String(req.headers.authorization);
  assertFails(
    withAuth(auth.replace(/, Signature=\w+/, '')),
    'IncompleteSignatureException',
    /^Authorization header requires 'Signature' parameter\. Authorization=AWS4/,
  );
  assertFails(
    withAuth(auth.replace('/aws4_request', '')),
    'IncompleteSignatureException',
    "Credential should have the form <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request, not 'AKIDEXAMPLE/20240501/us-east-1/cognito-idp'.",
  );
  assertFails(
    withAuth(auth.replace('aws4_request', 'aws5_request')),
    'IncompleteSignatureException',
    /^Credential should have the form .*aws5_request'\.$/,
  );
  assertFails(
    withAuth(auth.replace('SignedHeaders=', 'SignedHeaders=x-amz-target;').replace(/host;/, '')),
    'IncompleteSignatureException',
    "'Host' must be a 'SignedHeader' in the AWS Authorization.",
  );
  const { 'x-amz-date': _, ...noDate } = req.headers;
  assertFails(
    verify({ ...req, headers: noDate }),
    'IncompleteSignatureException',
    /requires existence of either a 'X-Amz-Date' or a 'Date' header/,
  );
  assertFails(
    verify({ ...req, headers: { ...req.headers, 'x-amz-date': '2024-05-01T12:00:00Z' } }),
    'IncompleteSignatureException',
    /^Date must be in ISO-8601 'basic format'/,
  );
});

test('signed header names that exist on Object.prototype are just missing headers', async () => {
  const req = await sign();
  const auth = String(req.headers.authorization).replace(
    'SignedHeaders=',
    'SignedHeaders=__proto__;constructor;hasownproperty;',
  );
  assertFails(
    verify({ ...req, headers: { ...req.headers, authorization: auth } }),
    'InvalidSignatureException',
    MISMATCH,
  );
});

test('the credential scope date must match x-amz-date', async () => {
  const req = await sign();
  const auth = String(req.headers.authorization).replace('/20240501/', '/20240430/');
  assertFails(
    verify({ ...req, headers: { ...req.headers, authorization: auth } }),
    'InvalidSignatureException',
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240430' != '20240501', from '20240501T120000Z'.",
  );
});

test('a request signed 6 minutes ago has expired', async () => {
  const req = await sign({ date: new Date(NOW.getTime() - 6 * 60_000) });
  assertFails(
    verify(req),
    'InvalidSignatureException',
    'Signature expired: 20240501T115400Z is now earlier than 20240501T115500Z (20240501T120000Z - 5 min.)',
  );
  // Four minutes is within the allowed skew.
  assert.equal(verify(await sign({ date: new Date(NOW.getTime() - 4 * 60_000) })).ok, true);
});

test('a request signed 6 minutes in the future is not yet current', async () => {
  const req = await sign({ date: new Date(NOW.getTime() + 6 * 60_000) });
  assertFails(
    verify(req),
    'InvalidSignatureException',
    'Signature not yet current: 20240501T120600Z is still later than 20240501T120500Z (20240501T120000Z + 5 min.)',
  );
});

test('a path and query string are canonicalised like the SDK does', async () => {
  // The SDK's HttpRequest holds the wire-encoded path and decoded query values; the server
  // sees the raw target, with query parameters in whatever order the client sent them.
  const req = await sign({
    path: '/some%20dir/./x/../file(1)',
    query: { b: 'two words', a: ['2', '1'], 'c*': '', 'd/e': 'f=g&h' },
    url: '/some%20dir/./x/../file(1)?b=two%20words&a=2&a=1&c%2A=&d%2Fe=f%3Dg%26h',
  });
  assert.equal(verify(req).ok, true);
  // Equivalent encodings of the same query verify too.
  assert.equal(
    verify({ ...req, url: '/some%20dir/./x/../file(1)?a=1&c*&d/e=f%3dg%26h&a=2&b=two%20words' }).ok,
    true,
  );
  assertFails(verify({ ...req, url: req.url.replace('a=2', 'a=3') }), 'InvalidSignatureException');
  assertFails(
    verify({ ...req, url: req.url.replace('file', 'other') }),
    'InvalidSignatureException',
  );
});

test('header values are trimmed and runs of whitespace collapsed', async () => {
  const req = await sign({ headers: { 'x-custom': '  a   b \t c  ' } });
  assert.match(String(req.headers.authorization), /SignedHeaders=[^,]*x-custom/);
  assert.equal(verify(req).ok, true);
  // Whitespace differences do not matter; other changes do.
  assert.equal(verify({ ...req, headers: { ...req.headers, 'x-custom': 'a b     c' } }).ok, true);
  assertFails(
    verify({ ...req, headers: { ...req.headers, 'x-custom': 'a bc' } }),
    'InvalidSignatureException',
  );
});

test('signingKey matches the AWS documentation example and is cached', () => {
  const key = signingKey(SECRET, '20120215', 'us-east-1', 'iam');
  assert.equal(
    key.toString('hex'),
    'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
  );
  assert.equal(signingKey(SECRET, '20120215', 'us-east-1', 'iam'), key);
  // The cache is bounded: after many other keys the first is derived afresh (same bytes).
  for (let i = 0; i < 200; i++) signingKey(SECRET, '20120215', `region-${i}`, 'iam');
  const again = signingKey(SECRET, '20120215', 'us-east-1', 'iam');
  assert.notEqual(again, key);
  assert.deepEqual(again, key);
});

// The JSON protocol hands over a Uint8Array subclass (older versions a string). Wrap its bytes
// directly: Buffer.from(view) would call its valueOf(), which makes the SDK log a warning.
function toBuffer(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body);
  assert.ok(body instanceof Uint8Array, 'request body is bytes');
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

test('a request signed by the real CognitoIdentityProviderClient verifies', async () => {
  const client = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
    maxAttempts: 1,
  });
  let captured:
    | {
        method: string;
        path: string;
        query?: Record<string, unknown>;
        headers: Record<string, string>;
        body?: unknown;
      }
    | undefined;
  // 'deserialize' runs after every finalizeRequest middleware (signing included) and 'low' puts
  // this innermost, right before the HTTP handler would send the request.
  client.middlewareStack.add(
    () => async (args) => {
      captured = args.request as typeof captured;
      throw new Error('captured');
    },
    { step: 'deserialize', priority: 'low' },
  );
  await assert.rejects(client.send(new ListUserPoolsCommand({ MaxResults: 10 })), /captured/);
  assert.ok(captured, 'middleware saw the request');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(captured.headers)) headers[name.toLowerCase()] = value;
  assert.match(
    headers.authorization,
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cognito-idp\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
  );
  assert.equal(headers.host, '127.0.0.1:1');
  assert.equal(headers['x-amz-target'], 'AWSCognitoIdentityProviderService.ListUserPools');
  assert.equal(Object.keys(captured.query ?? {}).length, 0);
  const req: SignedRequest = {
    method: captured.method,
    url: captured.path,
    headers,
    body: toBuffer(captured.body),
  };
  assert.deepEqual(verify(req, new Date()), {
    ok: true,
    accessKeyId: AKID,
    region: 'us-east-1',
    service: 'cognito-idp',
  });
  assertFails(
    verify({ ...req, body: Buffer.from('{"MaxResults":11}') }, new Date()),
    'InvalidSignatureException',
  );
});
