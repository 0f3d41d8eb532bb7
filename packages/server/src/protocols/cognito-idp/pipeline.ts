// The steps every AWS JSON 1.1 operation goes through, whichever API it belongs to (Cognito
// Identity Provider, Cognito Identity): body parsing, the admin-key signature check, and the
// one-transaction run. Kept apart from route.ts so the other APIs' routers can use them without
// importing the router that dispatches to them.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import { accessKeySecret } from '../../services/access-keys.ts';
import type { Context } from '../../services/context.ts';
import type { Message } from '../../services/delivery/index.ts';
import {
  CognateError,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  SerializationException,
  UnrecognizedClientException,
} from '../../services/errors.ts';
import { authenticate } from '../../services/tokens/index.ts';
import { EXISTENCE_FLOOR_MS } from '../../services/user-pools/existence-timing.ts';
import { str, TOKEN } from '../../services/validation/index.ts';
import { nameOperation } from '../../store/query-stats.ts';
import { signingRegions, verifySigV4 } from '../sigv4.ts';
import type { Operation } from './operation.ts';

/** A JSON 1.1 request body as an object; SerializationException otherwise. */
export function parseBody(raw: Buffer | undefined): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SerializationException('Start of structure or map found where not expected.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SerializationException('Start of structure or map found where not expected.');
  }
  return parsed as Record<string, unknown>;
}

/** The SigV4 service a JSON 1.1 request's credential scope must name, from its target. */
function scopeService(req: FastifyRequest): string {
  const target = String(req.headers['x-amz-target'] ?? '');
  return target.startsWith('AWSCognitoIdentityService.') ? 'cognito-identity' : 'cognito-idp';
}

/**
 * Checks a management call's SigV4 signature against the server's access keys; throws the
 * Cognito JSON error a bad signature gets. The scope must name this API's service and one of
 * the server's regions, and `x-amz-target` must be signed. Dev mode accepts any key, but still
 * only a complete, current signed request (an unsigned one could come from any web page).
 */
export async function checkSignature(
  ctx: Context,
  req: FastifyRequest,
  body: Buffer,
  dev: boolean,
) {
  const secrets = new Map<string, string | undefined>();
  const credential = /Credential=([^/,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1];
  if (credential) secrets.set(credential, await accessKeySecret(ctx, credential));
  const result = verifySigV4(
    { method: req.method, url: req.url, headers: req.headers, body },
    {
      now: new Date(ctx.clock.now()),
      lookupSecret: (id) => secrets.get(id),
      services: [scopeService(req)],
      regions: signingRegions(ctx),
      signedIfPresent: ['x-amz-target'],
      anyKey: dev,
    },
  );
  if (result.ok) return;
  switch (result.code) {
    case 'MissingAuthenticationTokenException':
      throw new MissingAuthenticationTokenException(result.message);
    case 'UnrecognizedClientException':
      throw new UnrecognizedClientException(result.message);
    case 'IncompleteSignatureException':
      throw new CognateError('IncompleteSignatureException', result.message, 403);
    default:
      throw new InvalidSignatureException(result.message);
  }
}

/**
 * Calls the handler; an access-token operation's caller is authenticated here, between its
 * parsing and its work (see CallerOperation), on the operation's transaction.
 */
async function invoke(ctx: Context, op: Operation, input: Record<string, unknown>) {
  if (op.auth !== 'accessToken') return op.handler(ctx, input);
  const token = str(input, 'AccessToken', TOKEN);
  const asCaller = op.handler(ctx, input);
  return asCaller(await authenticate(ctx, token));
}

/**
 * Runs one operation, normally in one transaction. Messages recorded during it are sent after
 * commit; errors marked `keepWrites` commit first (a counted attempt must stick), others roll
 * back.
 */
export async function run(base: Context, op: Operation, input: Record<string, unknown>) {
  // Started before any work, in the same place for every request: the timer's end does not
  // depend on what ran before it (a timer counts from the event loop's cached clock, stale by
  // whatever ran in the same turn). Not awaited unless the service asks; unref'd meanwhile.
  const floor = op.existenceFloor
    ? sleep(EXISTENCE_FLOOR_MS, undefined, { ref: false })
    : undefined;
  let held = false;
  try {
    return await runOnce(base, op, input, () => {
      held = true;
    });
  } finally {
    // After the commit: a held answer never keeps a transaction (SQLite's write lock) open.
    if (held && floor) await floor;
  }
}

async function runOnce(
  base: Context,
  op: Operation,
  input: Record<string, unknown>,
  holdAnswer: () => void,
) {
  nameOperation(op.name, input);
  const sent: Message[] = [];
  const withDb = (db: Context['db']): Context => ({
    ...base,
    db,
    holdAnswer,
    delivery: {
      ...base.delivery,
      outbox: base.delivery.outbox,
      record: (recordDb, m, now) => {
        sent.push(m);
        return base.delivery.record(recordDb, m, now);
      },
    },
  });
  let result: unknown;
  if (op.transaction === false) {
    result = await invoke(withDb(base.db), op, input);
  } else {
    const outcome = await base.db.transaction().execute(async (trx) => {
      try {
        return { result: await invoke(withDb(trx), op, input) };
      } catch (err) {
        if (err instanceof CognateError && err.keepWrites) return { error: err };
        throw err;
      }
    });
    if ('error' in outcome) throw outcome.error;
    result = outcome.result;
  }
  await base.delivery.flush(sent);
  return result;
}
