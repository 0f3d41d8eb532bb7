// A console API client for the console's security and API tests: what the console's pages do
// over HTTP (sign in for the session cookie, send the CSRF header), done with fetch so a test can
// also leave a part out or forge it.
import assert from 'node:assert/strict';
import type { TestServer } from '../support/index.ts';

/** One answer: status, headers and the parsed JSON body (or the text). */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
  body: any;
  text: string;
}

/** A raw request to the server (no cookie or CSRF unless given). */
export async function request(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** The `cognate-console=<token>` pair of a sign-in answer's Set-Cookie. */
export function sessionCookieOf(answer: ApiAnswer): string {
  const header = answer.headers.get('set-cookie') ?? '';
  const pair = /(?:^|,\s*)(cognate-console=[^;]*)/.exec(header)?.[1];
  assert.ok(pair, `a session cookie was set: ${header}`);
  return pair;
}

/** A signed-in console: the cookie and CSRF token its pages hold. */
export class ConsoleSession {
  constructor(
    readonly base: string,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly sessionId: string,
  ) {}

  /** A console API call (`path` under /console/api/) with the cookie and, unless told, CSRF. */
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    opts: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer> {
    const csrf = opts.csrf === undefined ? this.csrfToken : opts.csrf;
    return request(`${this.base}/console/api/${path}`, method, body, {
      cookie: this.cookie,
      ...(csrf === null ? {} : { 'x-cognate-csrf': csrf }),
      ...opts.headers,
    });
  }

  /** A Cognito Identity Provider operation through the console. */
  idp(operation: string, input: object = {}, opts: { csrf?: string | null } = {}) {
    return this.call('POST', `cognito-idp/${operation}`, input, opts);
  }
}

/** Signs in to the console of `base` with an access key pair; asserts it worked. */
export async function signIn(
  base: string,
  accessKeyId: string,
  secretAccessKey: string,
): Promise<ConsoleSession> {
  const answer = await request(`${base}/console/api/session`, 'POST', {
    accessKeyId,
    secretAccessKey,
  });
  assert.equal(answer.status, 200, answer.text);
  return new ConsoleSession(
    base,
    sessionCookieOf(answer),
    answer.body.csrfToken,
    answer.body.sessionId,
  );
}

/** Signs in to a test server's console with its admin key. */
export function signInAdmin(t: TestServer): Promise<ConsoleSession> {
  return signIn(t.url, t.server.accessKey.accessKeyId, t.server.accessKey.secret);
}
