// Secrets never reach the log: query values that grant something (an import upload's token, an
// OAuth code or token, a presigned signature) and credential headers are replaced before a line
// is written, whatever logged them.
import { type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

// Query parameters whose value is a credential (lower-cased names).
const SECRET_PARAMS = new Set([
  'token',
  'code',
  'access_token',
  'id_token',
  'refresh_token',
  'client_secret',
  'password',
  'secret',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'samlresponse',
  'assertion',
  'session',
]);

// Headers whose value is a credential.
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-amz-security-token',
];

/** The URL (path and query, or absolute) with every secret query value replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed name is compared as sent
      }
      return SECRET_PARAMS.has(name.toLowerCase()) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q + 1)}${redacted}${hash < 0 ? '' : url.slice(hash)}`;
}

/** A copy of `headers` with credential headers replaced. */
export function redactHeaders(
  headers: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!headers || typeof headers !== 'object') return headers;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] = SECRET_HEADERS.includes(lower)
      ? REDACTED
      : lower === 'referer' || lower === 'location'
        ? redactUrl(String(value))
        : value;
  }
  return out;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer (method, url, host, address), with the URL redacted. */
function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** The reply's status, as Fastify logs it (its headers stay out of the log). */
function serializeReply(reply: { statusCode?: number }) {
  return { statusCode: reply.statusCode };
}

// pino redact paths for loggers that put raw headers or URLs in a line.
const REDACT_PATHS = [
  ...SECRET_HEADERS.flatMap((h) => [
    `headers["${h}"]`,
    `*.headers["${h}"]`,
    `req.headers["${h}"]`,
    `res.headers["${h}"]`,
  ]),
];

/**
 * A child of `log` for the HTTP app: requests are logged with their URL redacted, and credential
 * headers are censored wherever a line carries `headers`.
 */
export function redactingLogger(log: Logger): Logger {
  return log.child(
    {},
    {
      serializers: { req: serializeRequest, res: serializeReply },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
  );
}

/** Fastify's log lines with URLs in their text ("Route GET:/x?token=… not found"), redacted. */
export class RedactingLogController extends LogController {
  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.raw.method}:${redactUrl(request.raw.url ?? '')} not found`);
  }
}
