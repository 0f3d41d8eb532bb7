import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { CognateError } from '../../services/errors.ts';

/** AWS JSON 1.1 timestamps are epoch seconds. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toWire(v);
    }
    return out;
  }
  return value;
}

/** Sends a success in Cognito's shape. */
export function sendResult(reply: FastifyReply, result: unknown): FastifyReply {
  return reply
    .status(200)
    .header('content-type', 'application/x-amz-json-1.1')
    .send(JSON.stringify(toWire(result ?? {})));
}

/** Longest echoed value kept whole in an error message, in characters. */
export const ECHO_LIMIT = 256;
/** Longest error message sent, in characters: a header must stay far below clients' 16-80 KB caps. */
export const MESSAGE_LIMIT = 2048;

/**
 * The message with every echoed value (`Value '…' at '…'`) cut to ECHO_LIMIT characters and a
 * `...`, and the whole cut to MESSAGE_LIMIT: a validation error must not send back a 20,000-
 * character ClientName, in the body nor in `x-amzn-errormessage` (the AWS SDK fails with
 * HPE_HEADER_OVERFLOW before it sees the error's name).
 */
export function boundMessage(message: string): string {
  let out = message;
  if (out.length > ECHO_LIMIT) {
    out = out.replace(/Value '([\s\S]*?)' at '/g, (whole, value: string) =>
      value.length > ECHO_LIMIT ? `Value '${value.slice(0, ECHO_LIMIT)}...' at '` : whole,
    );
  }
  return out.length > MESSAGE_LIMIT ? `${out.slice(0, MESSAGE_LIMIT - 3)}...` : out;
}

/**
 * The message as a header value: printable ASCII only, since a header cannot hold control
 * characters (Cognito's schema messages end with a newline). The body keeps the exact message.
 */
function headerSafe(message: string): string {
  return message.replace(/[^\x20-\x7e]+/g, ' ').trim();
}

/**
 * Renders any error as Cognito does: `{__type, message}` with its status and
 * `x-amzn-ErrorType`. Errors outside the domain union become InternalErrorException; their
 * details go to the log only.
 */
export function sendError(reply: FastifyReply, err: unknown, log: Logger): FastifyReply {
  let code = 'InternalErrorException';
  let message = 'Internal server error.';
  let status = 500;
  if (err instanceof CognateError) {
    ({ code, message, status } = err);
    message = boundMessage(message);
    if (err.detail) log.info({ code, detail: err.detail }, 'request refused');
  } else {
    log.error({ err }, 'unexpected error');
  }
  return reply
    .status(status)
    .header('content-type', 'application/x-amz-json-1.1')
    .header('x-amzn-errortype', `${code}:`)
    .header('x-amzn-errormessage', headerSafe(message))
    .send(JSON.stringify({ __type: code, message }));
}
