/**
 * The webhook form of a trigger, for teams whose functions are not JavaScript: a pool's
 * LambdaConfig may name an `https://` URL (or an `http://` one on a loopback address, for tests)
 * where an ARN would go. The server POSTs the trigger event to it as JSON, signed, and reads the
 * event the receiver answers, exactly as a Lambda function returns it.
 *
 * Signature: `X-Cognate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
 * with the configured webhook secret, so a receiver can check both who sent the event and when.
 */
import { createHmac } from 'node:crypto';
import type { Invocation } from './invocation.ts';

/** The header carrying the signature. A wire name receivers check: never change it. */
export const SIGNATURE_HEADER = 'X-Cognate-Signature';

/** Hosts an `http://` webhook may name: the machine itself, where nothing travels a network. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True when a LambdaConfig value is a webhook URL rather than an ARN: `https://…`, or
 * `http://` to a loopback host.
 */
export function isWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * POSTs `event` to `url` and reports how it ended, as Lambda would for a function:
 * - a 2xx answer is the result (its JSON body; an empty or unreadable one is not an event);
 * - a non-2xx answer whose JSON body has `errorMessage` (Lambda's error shape) is the function
 *   failing with that message; any other non-2xx answer, a redirect or a connection failure
 *   means the function could not be reached;
 * - no answer within `timeoutMs` is a timeout.
 */
export async function invokeWebhook(
  url: string,
  event: unknown,
  opts: { secret?: string; timeoutMs: number },
): Promise<Invocation> {
  const unavailable = (detail: string): Invocation => ({
    kind: 'unavailable',
    message: `Webhook could not be reached: ${url}`,
    detail,
  });
  if (!opts.secret) return unavailable('no webhook secret is configured (webhookSecret)');
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Cognate-Triggers/1',
        [SIGNATURE_HEADER]: signWebhook(opts.secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
    return unavailable((err as Error).message);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
    return unavailable((err as Error).message);
  }
  const value = parseJson(text);
  if (response.status >= 200 && response.status < 300) return { kind: 'result', value };
  const message = (value as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (response.status >= 400 && typeof message === 'string') return { kind: 'error', message };
  return unavailable(`the webhook answered HTTP ${response.status}`);
}

/** The body as JSON; undefined when it is not JSON (the caller then finds no event in it). */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
