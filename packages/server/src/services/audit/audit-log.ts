// The audit log of admin operations: who called which operation on what, with what outcome, when
// and from where. A row is written after the operation, outside its transaction, so a failed or
// rolled-back operation still leaves its row. Only named identifiers are kept (pool, user, client
// and group names); a password, secret, token or code never reaches the table.
import { randomUUID } from 'node:crypto';
import { insertAuditEvent } from '../../store/repositories/audit-events.ts';
import type { Context } from '../context.ts';
import { CognateError } from '../errors.ts';

/** Who called and from where. */
export interface AuditActor {
  /** The SigV4 access key id the call was signed (or the console session opened) with. */
  accessKeyId?: string;
  /** The admin console session the call came through. */
  consoleSessionId?: string;
  sourceIp?: string;
  userAgent?: string;
}

// Request members naming what an operation acts on; nothing else of a request is kept.
const TARGETS = {
  userPoolId: 'UserPoolId',
  targetUsername: 'Username',
  targetClientId: 'ClientId',
  targetGroup: 'GroupName',
} as const;
// Stored values are cut to this length: an identifier is far shorter, a bigger value is junk.
const MAX_VALUE = 256;
const cut = (v: string | undefined) => (v === undefined ? undefined : v.slice(0, MAX_VALUE));

function targetsOf(input: Record<string, unknown>) {
  const out: Partial<Record<keyof typeof TARGETS, string>> = {};
  for (const [key, member] of Object.entries(TARGETS) as [keyof typeof TARGETS, string][]) {
    const value = input[member];
    if (typeof value === 'string' && value) out[key] = cut(value);
  }
  return out;
}

/** The wire name of what `err` answers: a domain error's code, else InternalErrorException. */
function outcomeOf(err: unknown): string {
  return err instanceof CognateError ? err.code : 'InternalErrorException';
}

/**
 * Runs an admin operation (`fn`) and then records it: the outcome is 'ok' or the error's wire
 * name, and the error is rethrown. Recording never changes the answer: a failure to write the
 * row is logged and the operation's result or error stands.
 */
export async function withAudit<T>(
  ctx: Pick<Context, 'db' | 'clock' | 'log'>,
  call: { operation: string; input: Record<string, unknown>; actor: AuditActor },
  fn: () => Promise<T>,
): Promise<T> {
  let outcome = 'ok';
  try {
    return await fn();
  } catch (err) {
    outcome = outcomeOf(err);
    throw err;
  } finally {
    await recordAuditEvent(ctx, { ...call, outcome });
  }
}

/** Writes one audit row (on `ctx.db`, outside any operation's transaction). */
export async function recordAuditEvent(
  ctx: Pick<Context, 'db' | 'clock' | 'log'>,
  call: { operation: string; input: Record<string, unknown>; actor: AuditActor; outcome: string },
): Promise<void> {
  const { actor } = call;
  try {
    await insertAuditEvent(ctx.db, {
      id: randomUUID(),
      at: ctx.clock.now(),
      operation: call.operation,
      outcome: call.outcome,
      ...targetsOf(call.input),
      accessKeyId: cut(actor.accessKeyId),
      consoleSessionId: cut(actor.consoleSessionId),
      sourceIp: cut(actor.sourceIp),
      userAgent: cut(actor.userAgent),
    });
  } catch (err) {
    ctx.log.error({ err, operation: call.operation }, 'could not write the audit event');
  }
}
