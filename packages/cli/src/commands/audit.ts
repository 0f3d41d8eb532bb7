import type { Command } from 'commander';
import { CliError, type Output } from '../output.ts';
import { Project } from '../project.ts';
import { clientFor, credentialsFix } from '../server-api.ts';

/** One event of the server's audit log, as CognateListAuditEvents answers it. */
interface AuditEvent {
  EventId: string;
  /** Epoch seconds. */
  EventTime: number;
  Operation: string;
  Outcome: string;
  AccessKeyId?: string;
  ConsoleSessionId?: string;
  UserPoolId?: string;
  Username?: string;
  ClientId?: string;
  GroupName?: string;
  SourceIp?: string;
  UserAgent?: string;
}

/** Options of `cognate audit`. */
export interface AuditOptions {
  /** How far back: `90s`, `30m`, `1h`, `7d`, or a date (`2026-12-01`, ISO 8601). */
  since?: string;
  operation?: string;
  pool?: string;
  /** At most this many events (newest first); default 200. */
  limit?: string;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `--since` as epoch seconds. */
export function parseSince(value: string, now = Date.now()): number {
  const relative = /^(\d+)([smhd])$/.exec(value.trim());
  if (relative) return now / 1000 - Number(relative[1]) * UNITS[relative[2]];
  const date = Date.parse(value);
  if (Number.isNaN(date)) {
    throw new CliError(
      `--since ${value} is neither a duration nor a date`,
      'e.g. --since 1h, --since 7d or --since 2026-12-01T09:00:00Z',
      'BadOption',
    );
  }
  return date / 1000;
}

/** One line per event: time, operation, outcome, target, who and from where. */
function line(e: AuditEvent): string {
  const time = new Date(e.EventTime * 1000).toISOString().replace('T', ' ').slice(0, 19);
  const target = [
    e.UserPoolId && `pool=${e.UserPoolId}`,
    e.Username && `user=${e.Username}`,
    e.ClientId && `client=${e.ClientId}`,
    e.GroupName && `group=${e.GroupName}`,
  ].filter(Boolean);
  const who = [
    e.AccessKeyId && `key=${e.AccessKeyId}`,
    e.ConsoleSessionId && 'via console',
    e.SourceIp && `from ${e.SourceIp}`,
  ].filter(Boolean);
  return [time, e.Operation.padEnd(26), e.Outcome.padEnd(24), ...target, ...who].join('  ');
}

/**
 * `cognate audit`: the server's audit log of admin operations (who did what, with what outcome,
 * when and from where), newest first, read with the environment's admin key.
 */
export async function audit(opts: AuditOptions, out: Output): Promise<unknown> {
  const project = Project.find();
  const { env } = project.currentEnv();
  const limit = opts.limit === undefined ? 200 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new CliError(
      `--limit ${opts.limit} is not a positive whole number`,
      undefined,
      'BadOption',
    );
  }
  const filter = {
    ...(opts.since !== undefined && { StartTime: parseSince(opts.since) }),
    ...(opts.operation && { Operation: opts.operation }),
    ...(opts.pool && { UserPoolId: opts.pool }),
  };
  const client = clientFor(project.root, env);
  const events: AuditEvent[] = [];
  try {
    let token: string | undefined;
    do {
      const page = (await call(client, env.endpoint, {
        ...filter,
        MaxResults: Math.min(60, limit - events.length),
        ...(token && { NextToken: token }),
      })) as { AuditEvents: AuditEvent[]; NextToken?: string };
      events.push(...page.AuditEvents);
      token = page.NextToken;
    } while (token && events.length < limit);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `the server at ${env.endpoint} does not answer (${(err as Error).message})`,
      'start it (`cognate serve`), or point this environment at it: `cognate env update --endpoint <url>`',
      'ServerUnavailable',
    );
  } finally {
    client.destroy();
  }
  if (events.length === 0) out.say('No audit events match.');
  for (const e of events) out.say(line(e));
  return { events };
}

/** A signed CognateListAuditEvents call (a Cognate operation the SDK has no command for). */
async function call(
  client: ReturnType<typeof clientFor>,
  endpoint: string,
  body: Record<string, unknown>,
): Promise<unknown> {
  const url = new URL(endpoint);
  const text = JSON.stringify(body);
  // The SDK client's own signer: the environment's key, region and the cognito-idp scope.
  const signer = await client.config.signer();
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.CognateListAuditEvents',
    },
    body: text,
  });
  const { host: _host, ...headers } = signed.headers;
  const res = await fetch(url, { method: 'POST', headers, body: text });
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const type = String(answer.__type ?? `HTTP ${res.status}`);
    const known = /UnrecognizedClient|InvalidSignature|MissingAuthenticationToken/.test(type);
    throw new CliError(
      `${type}: ${String(answer.message ?? 'the server refused the request')}`,
      known ? `use the server's admin key: \`${credentialsFix(project(), envOf())}\`` : undefined,
      type.replace(/^.*#/, ''),
    );
  }
  return answer;
}

// The hint above needs the project again; read lazily, only on a refused key.
const project = () => Project.find().root;
const envOf = () => Project.find().currentEnv().env;

/**
 * Adds `cognate audit` to the program; `run` is main's wrapper that prints the result with the
 * global `--json`.
 */
export function registerAudit(
  program: Command,
  run: (
    fn: (opts: AuditOptions, cmd: Command, out: Output) => unknown,
  ) => (...args: [AuditOptions, Command]) => Promise<void>,
): void {
  program
    .command('audit')
    .description(
      "the server's audit log of admin operations, newest first (who, what, outcome, when, from where)",
    )
    .option('--since <when>', 'only events since a duration ago (90s, 30m, 1h, 7d) or a date')
    .option('--operation <name>', 'only this operation (e.g. AdminDeleteUser)')
    .option('--pool <id>', 'only operations on this user pool')
    .option('--limit <n>', 'at most this many events (default 200)')
    .action(run((opts, _cmd, out) => audit(opts, out)));
}
