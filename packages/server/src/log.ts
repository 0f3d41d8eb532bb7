import pino, { type Logger } from 'pino';

/** How the server writes its log: `json` (pino's lines), `pretty` (a line for people), or `auto`. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** Where log lines go: a stream with `write`, and whether it is a terminal. */
export interface LogStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/**
 * The server's logger. `auto` writes JSON unless stdout is a terminal, so `npm start` shows
 * lines a person can read (and a sent code stands out) while a service manager or a log
 * collector gets pino's JSON, one object a line.
 */
export function createLogger(
  opts: { level: string; format?: LogFormat },
  stream: LogStream = process.stdout,
): Logger {
  const options = { level: opts.level, redact: ['req.headers.authorization'] };
  const pretty = opts.format === 'pretty' || (opts.format !== 'json' && Boolean(stream.isTTY));
  if (!pretty) return stream === process.stdout ? pino(options) : pino(options, stream);
  const format = prettyFormatter();
  return pino(options, { write: (line: string) => stream.write(format(line)) });
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

/** Why a code was sent, in words (the dev outbox's `purpose`, Cognito's message sources). */
const PURPOSES: Record<string, string> = {
  SignUp: 'sign-up',
  ResendCode: 'sign-up, resent',
  AdminCreateUser: 'temporary password',
  ForgotPassword: 'forgot password',
  UpdateUserAttribute: 'attribute change',
  VerifyUserAttribute: 'attribute verification',
  Authentication: 'MFA',
};

const color = (code: number, text: string) =>
  process.env.NO_COLOR ? text : `\u001b[${code}m${text}\u001b[0m`;

/**
 * A formatter of pino JSON lines as lines for a terminal: time, level, message; a request as one
 * line when it completes (method, url, status, time); a delivered message as a highlighted
 * `code 123456 for me@example.com (sign-up)`.
 */
export function prettyFormatter(): (json: string) => string {
  // Fastify logs the method and url on "incoming request" and the status on "request completed":
  // the first is held by request id until the second comes.
  const pending = new Map<string, { method?: string; url?: string }>();
  return (json) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(json);
    } catch {
      return json;
    }
    const req = entry.req as { method?: string; url?: string } | undefined;
    const id = String(entry.reqId ?? '');
    if (entry.msg === 'incoming request' && req) {
      if (pending.size > 10_000) pending.clear();
      pending.set(id, req);
      return '';
    }
    const started = pending.get(id);
    pending.delete(id);
    return formatEntry(entry, started);
  };
}

function formatEntry(
  entry: Record<string, unknown>,
  started: { method?: string; url?: string } | undefined,
): string {
  const time = new Date(Number(entry.time ?? Date.now())).toTimeString().slice(0, 8);
  const level = LEVELS[Number(entry.level)] ?? String(entry.level);
  const msg = String(entry.msg ?? '');
  const outbox = entry.outbox as
    | { to?: string; channel?: string; code?: string; purpose?: string }
    | undefined;
  if (outbox) {
    const purpose = outbox.purpose ? ` (${PURPOSES[outbox.purpose] ?? outbox.purpose})` : '';
    const what = outbox.code
      ? `code ${outbox.code} for ${outbox.to}${purpose}`
      : `${outbox.channel} to ${outbox.to}${purpose}`;
    return `${time} ${color(1, color(32, `✉ ${what}`))}  ${color(2, `(${msg.replace(/^dev outbox: /, '')})`)}\n`;
  }
  const req = started ?? (entry.req as { method?: string; url?: string } | undefined);
  const res = entry.res as { statusCode?: number } | undefined;
  if (res?.statusCode !== undefined) {
    const ms = typeof entry.responseTime === 'number' ? ` ${entry.responseTime.toFixed(0)}ms` : '';
    const status = res.statusCode >= 500 ? color(31, String(res.statusCode)) : res.statusCode;
    return `${time} ${color(2, `${req?.method ?? ''} ${req?.url ?? ''} ${status}${ms}`.trim())}\n`;
  }
  const err = entry.err as { message?: string; stack?: string } | undefined;
  const tint = Number(entry.level) >= 50 ? 31 : Number(entry.level) >= 40 ? 33 : 0;
  const head = `${time} ${tint ? color(tint, level) : level} ${msg}`;
  return `${head}${err ? `\n${err.stack ?? err.message}` : ''}\n`;
}
