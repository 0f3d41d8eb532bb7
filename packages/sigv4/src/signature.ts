// AWS Signature V4 in the header form (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
// as the AWS SDKs sign: parsing and checking a request's signature, and signing the few calls this
// package makes to the Cognate server itself.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { VerifyError } from './errors.ts';

/** A request as received. Header names lower-cased, as Node gives them. */
export interface IncomingSignedRequest {
  method: string;
  /** The request target with its query string, as sent: `/notes/1?x=y`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body bytes (a string is taken as UTF-8); absent for none. */
  body?: Buffer | Uint8Array | string;
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header and the request time. */
export interface ParsedSignature {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** x-amz-date (or the Date header in the same form). */
  longDate: string;
  /** Request time, epoch ms. */
  time: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const sha256Hex = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex');
const basicDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** A header's value; several values joined with commas. */
export function headerValue(
  headers: IncomingSignedRequest['headers'],
  name: string,
): string | undefined {
  // hasOwn: a signed header named "constructor" must not reach Object.prototype.
  const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

function parseDate(amzDate: string | undefined, httpDate: string): number {
  if (amzDate === undefined) return Date.parse(httpDate);
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const time = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Number.NaN;
  return !Number.isNaN(time) && basicDate(time) === amzDate ? time : Number.NaN;
}

const incomplete = (message: string) => new VerifyError('IncompleteSignature', message);

/** Reads the Authorization header and the date; throws the error AWS gives for a malformed one. */
export function parseSignature(req: IncomingSignedRequest): ParsedSignature {
  const auth = headerValue(req.headers, 'authorization');
  if (!auth) throw new VerifyError('MissingAuthenticationToken', 'Missing Authentication Token');
  const isV4 = auth.startsWith(`${ALGORITHM} `);
  const param = (name: string) =>
    isV4 ? new RegExp(`[\\s,]${name}=([^\\s,]+)`).exec(auth)?.[1] : undefined;
  const amzDate = headerValue(req.headers, 'x-amz-date');
  const rawDate = amzDate ?? headerValue(req.headers, 'date');
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((name) => !param(name))
    .map((name) => `Authorization header requires '${name}' parameter.`);
  if (!rawDate)
    missing.push(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  if (missing.length > 0 || !rawDate) throw incomplete(missing.join(' '));

  const credential = param('Credential') ?? '';
  const scope = credential.split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (scope.length !== 5 || scope.includes('') || terminator !== 'aws4_request')
    throw incomplete(
      'Credential should have the form <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request.',
    );
  const signedHeaders = (param('SignedHeaders') ?? '').toLowerCase().split(';');
  // Unsigned, the time (and with it the expiry check) or the target host could be changed freely.
  for (const required of ['host', amzDate !== undefined ? 'x-amz-date' : 'date'])
    if (!signedHeaders.includes(required))
      throw incomplete(`'${required}' must be a 'SignedHeader' in the AWS Authorization.`);
  const time = parseDate(amzDate, rawDate);
  if (Number.isNaN(time)) throw incomplete(`Date must be in ISO-8601 'basic format'.`);
  const longDate = amzDate ?? basicDate(time);
  if (scopeDate !== longDate.slice(0, 8))
    throw new VerifyError(
      'SignatureDoesNotMatch',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
    );
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders,
    signature: param('Signature') ?? '',
    longDate,
    time,
  };
}

const hexEscape = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
const uriEscape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, hexEscape);
const uriDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

// The SDKs normalise the path as sent (drop empty and '.' segments, resolve '..') and escape it
// once more, so an encoded segment is double-encoded; we receive the wire form and do the same.
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEscape(segment));
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

function canonicalQuery(rawQuery: string): string {
  const pairs: string[] = [];
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    const name = uriEscape(uriDecode(eq < 0 ? part : part.slice(0, eq)));
    if (part === '' || name.toLowerCase() === 'x-amz-signature') continue;
    pairs.push(`${name}\0${uriEscape(uriDecode(eq < 0 ? '' : part.slice(eq + 1)))}`);
  }
  return pairs.sort().join('&').replaceAll('\0', '=');
}

const keyCache = new Map<string, Buffer>();

/** The day's signing key; cached, since keys change only per day, region and service. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\0${date}\0${region}\0${service}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = Buffer.from(`AWS4${secret}`);
    for (const part of [date, region, service, 'aws4_request'])
      key = createHmac('sha256', key).update(part).digest();
    if (keyCache.size >= 256) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(cacheKey, key);
  }
  return key;
}

function stringToSign(
  method: string,
  url: string,
  headers: IncomingSignedRequest['headers'],
  signedHeaders: string[],
  payloadHash: string,
  longDate: string,
  scope: string,
): string {
  const q = url.indexOf('?');
  const canonicalHeaders = signedHeaders
    .map(
      (name) =>
        `${name}:${(headerValue(headers, name) ?? '').replace(/[ \t\r\n]+/g, ' ').trim()}\n`,
    )
    .join('');
  const canonicalRequest = [
    method.toUpperCase(),
    canonicalPath(q < 0 ? url : url.slice(0, q)),
    canonicalQuery(q < 0 ? '' : url.slice(q + 1)),
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  return `${ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

/** The hex SHA-256 of a body as received (the bytes, never a client's x-amz-content-sha256). */
export function payloadHash(body: IncomingSignedRequest['body']): string {
  return sha256Hex(body ?? '');
}

/**
 * Checks the signature of a parsed request with the secret; SignatureDoesNotMatch when it is
 * wrong or the request time is more than `skewMs` from `now`.
 */
export function checkSignature(
  req: IncomingSignedRequest,
  sig: ParsedSignature,
  secret: string,
  now: number,
  skewMs: number,
): void {
  if (sig.time < now - skewMs)
    throw new VerifyError(
      'SignatureDoesNotMatch',
      `Signature expired: ${sig.longDate} is now earlier than ${basicDate(now - skewMs)}.`,
    );
  if (sig.time > now + skewMs)
    throw new VerifyError(
      'SignatureDoesNotMatch',
      `Signature not yet current: ${sig.longDate} is still later than ${basicDate(now + skewMs)}.`,
    );
  const scope = `${sig.scopeDate}/${sig.region}/${sig.service}/aws4_request`;
  const toSign = stringToSign(
    req.method,
    req.url,
    req.headers,
    sig.signedHeaders,
    payloadHash(req.body),
    sig.longDate,
    scope,
  );
  const key = signingKey(secret, sig.scopeDate, sig.region, sig.service);
  const expected = Buffer.from(createHmac('sha256', key).update(toSign).digest('hex'));
  const given = Buffer.from(sig.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new VerifyError('SignatureDoesNotMatch', MISMATCH);
}

/** Access keys for calls this package makes to the Cognate server. */
export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Signs a POST to the server (`endpoint` its base URL) as the AWS SDKs would; returns the headers
 * to send.
 */
export function signPost(
  endpoint: URL,
  headers: Record<string, string>,
  body: string,
  creds: AdminCredentials,
  region: string,
  service: string,
  now: number,
): Record<string, string> {
  const longDate = basicDate(now);
  const all: Record<string, string> = {
    ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: endpoint.host,
    'x-amz-date': longDate,
  };
  const signed = Object.keys(all).sort();
  const scope = `${longDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const path = endpoint.pathname || '/';
  const toSign = stringToSign('POST', path, all, signed, sha256Hex(body), longDate, scope);
  const key = signingKey(creds.secretAccessKey, longDate.slice(0, 8), region, service);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  all.authorization = `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return all;
}
