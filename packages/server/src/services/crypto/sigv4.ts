// AWS SigV4 verification (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html) so
// the real AWS SDKs and CLI can call the management API with an ordinary credentials profile.
// Header form only: no Cognito client presigns URLs, and a leaked presigned URL is replayable.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequest {
  method: string;
  url: string; // raw request target including the query string, e.g. '/?a=b'
  headers: Record<string, string | string[] | undefined>; // lower-cased names, as Node gives them
  body?: Buffer; // the raw bytes received
  /**
   * Hex SHA-256 of the body, for a verifier that only has the hash (CognateVerifyRequest); used
   * when `body` is absent.
   */
  payloadHash?: string;
}
export type SigV4Failure = {
  ok: false;
  code:
    | 'MissingAuthenticationTokenException'
    | 'IncompleteSignatureException'
    | 'UnrecognizedClientException'
    | 'InvalidSignatureException';
  message: string;
};
export type SigV4Result =
  | { ok: true; accessKeyId: string; region: string; service: string }
  | SigV4Failure;
export interface VerifyOptions {
  now: Date;
  lookupSecret: (accessKeyId: string) => string | undefined;
  maxSkewMs?: number; // allowed client/server clock difference; default 5 minutes, like AWS
  /**
   * The services a credential scope may name (`cognito-idp`, `sts` …); any when absent. A
   * signature for another service must not be replayable here.
   */
  services?: readonly string[];
  /** The regions a credential scope may name; any when absent. */
  regions?: readonly string[];
  /**
   * Headers that must be signed when the request carries them (`x-amz-target`: unsigned, a
   * signed call could be turned into another operation).
   */
  signedIfPresent?: readonly string[];
  /**
   * Development mode: a key `lookupSecret` does not know is accepted without checking its
   * signature (the request must still be a complete, well-formed and current signed request).
   */
  anyKey?: boolean;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNKNOWN_KEY = 'The security token included in the request is invalid.';
const NO_DATE =
  "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function fail(code: SigV4Failure['code'], message: string): SigV4Failure {
  return { ok: false, code, message };
}
const incomplete = (message: string) => fail('IncompleteSignatureException', message);
const invalid = (message: string) => fail('InvalidSignatureException', message);
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** yyyymmddTHHMMSSZ, the "ISO 8601 basic format" SigV4 uses everywhere. */
const basicDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
const headerValue = (req: SignedRequest, name: string) => {
  // hasOwn: a signed header named "constructor" or "__proto__" must not reach Object.prototype.
  const value = Object.hasOwn(req.headers, name) ? req.headers[name] : undefined;
  return Array.isArray(value) ? value.join(',') : value;
};

/** Request time in ms from x-amz-date (ISO 8601 basic) or else an HTTP Date header; NaN if invalid. */
function parseDate(amzDate: string | undefined, httpDate: string): number {
  if (amzDate === undefined) return Date.parse(httpDate);
  const m = amzDate.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  const time = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Number.NaN;
  // The round trip rejects out-of-range fields (month 13 …) that Date.UTC would roll over.
  return !Number.isNaN(time) && basicDate(time) === amzDate ? time : Number.NaN;
}

// RFC 3986 escaping as @smithy/signature-v4 (escapeUri) and botocore do it: encodeURIComponent
// leaves !'()* alone, SigV4 wants them percent-encoded.
const hexEscape = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
const uriEscape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, hexEscape);
const uriDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // malformed %-sequence: keep it verbatim; the signature will simply not match
  }
};

// For every service but S3 the SDKs (uriEscapePath: true) and botocore normalise the path as sent
// on the wire (drop empty and '.' segments, resolve '..') and then escape it once more, so an
// already-encoded segment ends up double-encoded. We receive the wire form and do the same.
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

// Decode then re-escape each name and value so equivalent encodings agree, sort by name then value.
// X-Amz-Signature is skipped just as the SDK signer skips it.
function canonicalQuery(rawQuery: string): string {
  const pairs: string[] = [];
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    const name = uriEscape(uriDecode(eq < 0 ? part : part.slice(0, eq)));
    if (part === '' || name.toLowerCase() === 'x-amz-signature') continue;
    // Escaped text is plain ASCII above NUL, so sorting "name\0value" sorts by name, then value.
    pairs.push(`${name}\0${uriEscape(uriDecode(eq < 0 ? '' : part.slice(eq + 1)))}`);
  }
  return pairs.sort().join('&').replaceAll('\0', '=');
}

// Every request would otherwise need four chained HMACs; keys only change per day/region/service.
const KEY_CACHE_MAX = 64;
const keyCache = new Map<string, Buffer>();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = JSON.stringify([secret, date, region, service]);
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = Buffer.from(`AWS4${secret}`);
    for (const part of [date, region, service, 'aws4_request'])
      key = createHmac('sha256', key).update(part).digest();
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(cacheKey, key);
  }
  return key;
}

export function verifySigV4(req: SignedRequest, opts: VerifyOptions): SigV4Result {
  const auth = headerValue(req, 'authorization');
  if (!auth) return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');

  // SDKs send "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."; other clients
  // vary the spaces and commas. No value can contain a space or a comma.
  const isV4 = auth.startsWith(`${ALGORITHM} `);
  const param = (name: string) =>
    isV4 ? new RegExp(`[\\s,]${name}=([^\\s,]+)`).exec(auth)?.[1] : undefined;
  const amzDate = headerValue(req, 'x-amz-date');
  const rawDate = amzDate ?? headerValue(req, 'date');
  // Same wording and order as AWS, which lists every missing part and echoes the header.
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((name) => !param(name))
    .map((name) => `Authorization header requires '${name}' parameter.`);
  if (!rawDate) missing.push(NO_DATE);
  if (missing.length > 0 || !rawDate)
    return incomplete(`${missing.join(' ')} Authorization=${auth}`);

  const credential = param('Credential') ?? '';
  const scope = credential.split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (scope.length !== 5 || scope.includes('') || terminator !== 'aws4_request')
    return incomplete(
      `Credential should have the form <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request, not '${credential}'.`,
    );

  const signedHeaders = (param('SignedHeaders') ?? '').toLowerCase().split(';');
  // Unsigned, the timestamp (and with it the expiry check) or target host could be changed freely.
  for (const required of ['Host', amzDate !== undefined ? 'X-Amz-Date' : 'Date'])
    if (!signedHeaders.includes(required.toLowerCase()))
      return incomplete(`'${required}' must be a 'SignedHeader' in the AWS Authorization.`);

  const time = parseDate(amzDate, rawDate);
  if (Number.isNaN(time))
    return incomplete(
      `Date must be in ISO-8601 'basic format'. Got '${rawDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  const longDate = amzDate ?? basicDate(time);
  if (scopeDate !== longDate.slice(0, 8))
    return invalid(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${longDate.slice(0, 8)}', from '${longDate}'.`,
    );

  // AWS's wordings (each ends with a space, as AWS sends them).
  if (opts.regions && !opts.regions.includes(region))
    return invalid(`Credential should be scoped to a valid region, not '${region}'. `);
  if (opts.services && !opts.services.includes(service))
    return invalid(`Credential should be scoped to correct service: '${opts.services[0]}'. `);
  for (const name of opts.signedIfPresent ?? [])
    if (headerValue(req, name) !== undefined && !signedHeaders.includes(name))
      return incomplete(`'${name}' must be a 'SignedHeader' in the AWS Authorization.`);

  const secret = opts.lookupSecret(accessKeyId);
  if (secret === undefined && !opts.anyKey) return fail('UnrecognizedClientException', UNKNOWN_KEY);

  const skew = opts.maxSkewMs ?? 5 * 60_000;
  const now = opts.now.getTime();
  if (time < now - skew)
    return invalid(
      `Signature expired: ${longDate} is now earlier than ${basicDate(now - skew)} (${basicDate(now)} - ${skew / 60_000} min.)`,
    );
  if (time > now + skew)
    return invalid(
      `Signature not yet current: ${longDate} is still later than ${basicDate(now + skew)} (${basicDate(now)} + ${skew / 60_000} min.)`,
    );

  if (secret === undefined) return { ok: true, accessKeyId, region, service };

  const q = req.url.indexOf('?');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headerValue(req, name) ?? '').replace(/[ \t\r\n]+/g, ' ').trim()}\n`)
    .join('');
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(q < 0 ? req.url : req.url.slice(0, q)),
    canonicalQuery(q < 0 ? '' : req.url.slice(q + 1)),
    canonicalHeaders,
    signedHeaders.join(';'),
    // The body we actually received, never x-amz-content-sha256: a signed but lying hash header
    // must not let a different body through.
    req.body ? sha256Hex(req.body) : (req.payloadHash ?? sha256Hex('')).toLowerCase(),
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${longDate}\n${scope.slice(1).join('/')}\n${sha256Hex(canonicalRequest)}`;
  const key = signingKey(secret, scopeDate, region, service);
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const provided = Buffer.from(param('Signature') ?? '');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected))
    return invalid(MISMATCH);
  return { ok: true, accessKeyId, region, service };
}
