import { deriveSecret, parseCredentialsKey, readSessionToken } from './credentials.ts';
import { VerifyError, type VerifyErrorCode } from './errors.ts';
import type { PolicyDocument } from './policy.ts';
import {
  type AdminCredentials,
  checkSignature,
  headerValue,
  type IncomingSignedRequest,
  type ParsedSignature,
  parseSignature,
  payloadHash,
  signPost,
} from './signature.ts';

/** Options of `createVerifier`. Give `credentialsKey` to check offline, else `endpoint` and `adminCredentials`. */
export interface VerifierOptions {
  /**
   * The Cognate server's base URL (`http://127.0.0.1:9229`). Online mode asks it about every
   * request; offline mode fetches role policies from it (once per role, cached) unless `policies`
   * is given.
   */
  endpoint?: string;
  /** One of the server's admin access keys: signs the calls to `endpoint`. */
  adminCredentials?: AdminCredentials;
  /**
   * The server's `credentialsKey` (base64, as in its config or `COGNATE_CREDENTIALS_KEY`): with it
   * requests are checked offline, without a call to the server. Treat it as a secret: it can mint
   * credentials.
   */
  credentialsKey?: string | Buffer;
  /**
   * Permissions policies by role ARN, instead of fetching them from the server. A role not listed
   * has none, so every request of its credentials is denied.
   */
  policies?: Record<string, readonly (PolicyDocument | string)[]>;
  /** How long fetched policies are kept, in seconds. @default 300 */
  policyCacheSeconds?: number;
  /**
   * The Host header values (host, or host:port) this app answers to. A request signed for any
   * other host is refused (SignatureDoesNotMatch): a signature for one app must not open another.
   * Without it any host is accepted.
   */
  hosts?: readonly string[];
  /** The region requests must be signed for; any when unset. Also the region of calls to the server. @default 'us-east-1' for those calls */
  region?: string;
  /** The service name requests must be signed for (`execute-api`, …); any when unset. */
  service?: string;
  /** Allowed difference between the request time and this machine's clock. @default 300 */
  clockSkewSeconds?: number;
  /** The time source, epoch ms: for the checks and for signing calls to the server (tests). @default Date.now */
  now?: () => number;
  /** The fetch used to call the server. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** The holder of valid credentials, as a verified request names it. */
export interface VerifiedCaller {
  /** The identity id (`<region>:<uuid>`): the `cognito-identity.amazonaws.com:sub` variable. */
  identityId: string;
  /** The identity pool id: the `cognito-identity.amazonaws.com:aud` variable. */
  identityPoolId: string;
  /** The role the credentials were issued for. */
  roleArn: string;
  accessKeyId: string;
  /** When the credentials expire. */
  expiration: Date;
  /** The role's permissions policies. */
  policies: PolicyDocument[];
}

/** A verifier made by `createVerifier`. */
export interface Verifier {
  /** 'offline' with a credentials key, else 'online'. */
  readonly mode: 'offline' | 'online';
  /**
   * Checks a request signed with identity-pool credentials: the signature (with the body bytes as
   * received), the credentials, their expiry, the host. Resolves to the caller with its role's
   * policies; rejects with a `VerifyError`.
   */
  verify(request: IncomingSignedRequest): Promise<VerifiedCaller>;
}

const INVALID = 'The security token included in the request is invalid.';
const EXPIRED = 'The security token included in the request is expired';
const CODES = new Set<VerifyErrorCode>([
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'InvalidClientTokenId',
  'ExpiredToken',
  'SignatureDoesNotMatch',
  'AccessDenied',
]);

function parseDocuments(docs: readonly (PolicyDocument | string)[]): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  for (const doc of docs) {
    try {
      out.push(typeof doc === 'string' ? JSON.parse(doc) : doc);
    } catch {
      // an unreadable document grants nothing
    }
  }
  return out;
}

const xmlDecode = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });

/**
 * Makes a verifier of requests signed with Cognate identity-pool credentials. Offline (with
 * `credentialsKey`) it needs no call per request; online (with `endpoint` and
 * `adminCredentials`) the server checks each request, and so also refuses credentials of a
 * deleted identity or a disabled user.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const key =
    options.credentialsKey === undefined
      ? undefined
      : Buffer.isBuffer(options.credentialsKey)
        ? options.credentialsKey
        : parseCredentialsKey(options.credentialsKey);
  const endpoint = options.endpoint ? new URL(options.endpoint) : undefined;
  if (!key && !(endpoint && options.adminCredentials))
    throw new TypeError('createVerifier needs credentialsKey, or endpoint and adminCredentials');
  const now = options.now ?? Date.now;
  const skewMs = (options.clockSkewSeconds ?? 300) * 1000;
  const hosts = options.hosts?.map((h) => h.toLowerCase());
  const doFetch = options.fetch ?? globalThis.fetch;
  const callRegion = options.region ?? 'us-east-1';
  const cacheMs = (options.policyCacheSeconds ?? 300) * 1000;
  const policyCache = new Map<string, { at: number; docs: Promise<PolicyDocument[]> }>();

  /** Checks what needs no secret: the header's form, the host, the region and service. */
  function precheck(req: IncomingSignedRequest): ParsedSignature {
    const sig = parseSignature(req);
    if (hosts) {
      const host = (headerValue(req.headers, 'host') ?? '').toLowerCase();
      if (!hosts.includes(host))
        throw new VerifyError(
          'SignatureDoesNotMatch',
          `The request was signed for host '${host}', which is not this service.`,
        );
    }
    if (options.region && sig.region !== options.region)
      throw new VerifyError(
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region, not '${sig.region}'.`,
      );
    if (options.service && sig.service !== options.service)
      throw new VerifyError(
        'SignatureDoesNotMatch',
        `Credential should be scoped to correct service: '${options.service}'.`,
      );
    return sig;
  }

  /** POSTs a signed call to the server; the parsed JSON or text answer and status. */
  async function callServer(headers: Record<string, string>, body: string, service: string) {
    if (!endpoint || !options.adminCredentials)
      throw new VerifyError('ServiceUnavailable', 'No Cognate endpoint is configured.');
    const signed = signPost(
      endpoint,
      headers,
      body,
      options.adminCredentials,
      callRegion,
      service,
      now(),
    );
    const { host: _host, ...send } = signed; // fetch sets Host from the URL, to the same value
    try {
      const res = await doFetch(endpoint, { method: 'POST', headers: send, body });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      throw new VerifyError(
        'ServiceUnavailable',
        `The Cognate server could not be reached: ${(err as Error).message}`,
      );
    }
  }

  async function iam(params: Record<string, string>): Promise<string | undefined> {
    const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
    const res = await callServer(
      { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      'iam',
    );
    if (res.status === 404) return undefined; // NoSuchEntity: the role is not here
    if (res.status !== 200)
      throw new VerifyError('ServiceUnavailable', `IAM ${params.Action} answered ${res.status}.`);
    return res.text;
  }

  async function fetchPolicies(roleArn: string): Promise<PolicyDocument[]> {
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const xml = await iam({
        Action: 'ListRolePolicies',
        RoleName: roleName,
        ...(marker ? { Marker: marker } : {}),
      });
      if (xml === undefined) return [];
      for (const m of xml.matchAll(/<member>([^<]*)<\/member>/g)) names.push(xmlDecode(m[1]));
      const next = /<Marker>([^<]*)<\/Marker>/.exec(xml)?.[1];
      marker = /<IsTruncated>true<\/IsTruncated>/.test(xml) && next ? xmlDecode(next) : undefined;
    } while (marker);
    const docs: string[] = [];
    for (const policyName of names) {
      const xml = await iam({
        Action: 'GetRolePolicy',
        RoleName: roleName,
        PolicyName: policyName,
      });
      const doc = xml && /<PolicyDocument>([^<]*)<\/PolicyDocument>/.exec(xml)?.[1];
      if (doc) docs.push(decodeURIComponent(xmlDecode(doc)));
    }
    return parseDocuments(docs);
  }

  /** The role's policies: from `policies`, else from the server (cached), else none. */
  function policiesOf(roleArn: string): Promise<PolicyDocument[]> {
    if (options.policies)
      return Promise.resolve(
        Object.hasOwn(options.policies, roleArn) ? parseDocuments(options.policies[roleArn]) : [],
      );
    if (!endpoint || !options.adminCredentials) return Promise.resolve([]);
    const cached = policyCache.get(roleArn);
    if (cached && Date.now() - cached.at < cacheMs) return cached.docs;
    const docs = fetchPolicies(roleArn);
    policyCache.set(roleArn, { at: Date.now(), docs });
    // A failed fetch is not kept: the next request tries again.
    docs.catch(() => policyCache.delete(roleArn));
    return docs;
  }

  async function verifyOffline(req: IncomingSignedRequest): Promise<VerifiedCaller> {
    const sig = precheck(req);
    const token = headerValue(req.headers, 'x-amz-security-token');
    const payload = token ? readSessionToken(key as Buffer, token) : undefined;
    if (!payload || payload.akid !== sig.accessKeyId)
      throw new VerifyError('InvalidClientTokenId', INVALID);
    if (payload.exp * 1000 <= now()) throw new VerifyError('ExpiredToken', EXPIRED);
    checkSignature(req, sig, deriveSecret(key as Buffer, sig.accessKeyId), now(), skewMs);
    return {
      identityId: payload.iid,
      identityPoolId: payload.ipid,
      roleArn: payload.role,
      accessKeyId: payload.akid,
      expiration: new Date(payload.exp * 1000),
      policies: await policiesOf(payload.role),
    };
  }

  async function verifyOnline(req: IncomingSignedRequest): Promise<VerifiedCaller> {
    const sig = precheck(req);
    // Only what the signature covers (and the signature itself) leaves this process.
    const headers: Record<string, string> = {};
    for (const name of [...sig.signedHeaders, 'authorization', 'x-amz-security-token']) {
      const value = headerValue(req.headers, name);
      if (value !== undefined) headers[name] = value;
    }
    const body = JSON.stringify({
      Method: req.method,
      Url: req.url,
      Headers: headers,
      PayloadSha256: payloadHash(req.body),
    });
    const res = await callServer(
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.CognateVerifyRequest',
      },
      body,
      'cognito-identity',
    );
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(res.text);
    } catch {
      throw new VerifyError('ServiceUnavailable', `CognateVerifyRequest answered ${res.status}.`);
    }
    if (res.status !== 200) {
      const type = String(answer.__type ?? '');
      const code = type.slice(type.lastIndexOf('#') + 1) as VerifyErrorCode;
      const message = String(answer.message ?? answer.Message ?? code);
      if (CODES.has(code)) throw new VerifyError(code, message);
      throw new VerifyError('ServiceUnavailable', `CognateVerifyRequest: ${type}: ${message}`);
    }
    const expiration = answer.Expiration;
    return {
      identityId: String(answer.IdentityId),
      identityPoolId: String(answer.IdentityPoolId),
      roleArn: String(answer.RoleArn),
      accessKeyId: sig.accessKeyId,
      expiration: new Date(typeof expiration === 'number' ? expiration * 1000 : String(expiration)),
      policies: options.policies
        ? await policiesOf(String(answer.RoleArn))
        : parseDocuments((answer.Policies as string[] | undefined) ?? []),
    };
  }

  return {
    mode: key ? 'offline' : 'online',
    verify: key ? verifyOffline : verifyOnline,
  };
}
