// The console's only door to the server. The admin secret is sent once, to POST
// /console/api/session, and never kept; what stays is the CSRF token, in memory only, and the
// HttpOnly session cookie the browser holds (and scripts cannot read).

/** An error answered by the server: `type` is the Cognito `__type` (e.g. NotAuthorizedException). */
export class ApiError extends Error {
  type: string;
  status: number;
  constructor(type: string, message: string, status: number) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

/** What the server says about the signed-in admin (GET /console/api/session). */
export interface ConsoleSession {
  accessKeyId: string;
  csrfToken: string;
  expiresAt: string;
  sessionId: string;
  dev?: boolean;
  outbox?: boolean;
  endpoint?: string;
  region?: string;
}

let csrfToken: string | undefined;
let current: ConsoleSession | undefined;
const listeners = new Set<(s: ConsoleSession | undefined) => void>();

function publish(s: ConsoleSession | undefined): void {
  current = s;
  csrfToken = s?.csrfToken;
  for (const l of listeners) l(s);
}

/** The live session, if any (without its secret: there is none to keep). */
export function currentSession(): ConsoleSession | undefined {
  return current;
}

/** Calls `listener` whenever the session starts or ends; returns the unsubscribe function. */
export function onSession(listener: (s: ConsoleSession | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function call<T>(method: string, url: string, body?: object, signIn = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken) headers['x-cognate-csrf'] = csrfToken;
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data ?? {}) as { __type?: string; message?: string; Message?: string };
    const type = (err.__type ?? `Http${res.status}`).split('#').pop() as string;
    if (res.status === 401 && !signIn) {
      publish(undefined);
      if (location.hash !== '#/sign-in') location.hash = '#/sign-in';
    }
    throw new ApiError(type, err.message ?? err.Message ?? res.statusText, res.status);
  }
  return data as T;
}

/** Runs a Cognito Identity Provider operation as the signed-in admin. */
// biome-ignore lint/suspicious/noExplicitAny: operation outputs are as wide as the Cognito API.
export function idp<T = any>(operation: string, input?: object): Promise<T> {
  return call<T>('POST', `/console/api/cognito-idp/${operation}`, input ?? {});
}

/** Runs a Cognito Identity (identity pools) operation. */
// biome-ignore lint/suspicious/noExplicitAny: operation outputs are as wide as the Cognito API.
export function identity<T = any>(operation: string, input?: object): Promise<T> {
  return call<T>('POST', `/console/api/cognito-identity/${operation}`, input ?? {});
}

/** GET/POST/DELETE a console endpoint under /console/api/ (JSON). */
// biome-ignore lint/suspicious/noExplicitAny: each endpoint has its own shape.
export function api<T = any>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: object,
): Promise<T> {
  return call<T>(method, `/console/api/${path.replace(/^\//, '')}`, body);
}

/** Exchanges the admin key pair for a session cookie; the secret is not kept anywhere. */
export async function signIn(accessKeyId: string, secretAccessKey: string): Promise<void> {
  const s = await call<ConsoleSession>(
    'POST',
    '/console/api/session',
    { accessKeyId, secretAccessKey },
    true,
  );
  publish(s);
  // The session endpoint's GET adds dev/outbox/endpoint; a failure here is not a failed sign-in.
  await restoreSession().catch(() => undefined);
}

/** Reads the live session (after a reload the cookie survives, the CSRF token is fetched again). */
export async function restoreSession(): Promise<ConsoleSession | undefined> {
  try {
    const s = await call<ConsoleSession>('GET', '/console/api/session', undefined, true);
    publish(s);
    return s;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      publish(undefined);
      return undefined;
    }
    throw err;
  }
}

/** Ends this session on the server (the cookie is cleared) and forgets the CSRF token. */
export async function signOut(): Promise<void> {
  try {
    await call('DELETE', '/console/api/session');
  } finally {
    publish(undefined);
    location.hash = '#/sign-in';
  }
}

/** A readable one-line form of any thrown value, for alerts. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.type}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
