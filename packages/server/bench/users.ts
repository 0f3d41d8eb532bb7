/**
 * ListUsers at scale. `npm run bench` runs it after the sign-in phases (`--skip users` leaves it
 * out); alone:
 *
 *   node --import tsx bench/users.ts [--quick] [--users 1000000] [--requests 200] [--json]
 *
 * 1. bulk-loads the users (1,000,000; 100,000 with --quick) into a SQLite pool through the
 *    store's repositories, in transactions of 10,000, with progress on stderr;
 * 2. starts the real server on that data folder and measures, one request at a time through the
 *    AWS SDK over keep-alive HTTP: ListUsers unfiltered and with `email ^=`, `email =`,
 *    `cognito:user_status =` and `status =` filters (walking pages with the PaginationToken),
 *    and AdminGetUser on random users;
 * 3. a CSV user import job of 100,000 users (20,000 with --quick) into a new pool: upload, then
 *    StartUserImportJob until Succeeded, in users per second.
 *
 * Progress goes to stderr; the table (or, with --json, the JSON) to stdout.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  ListUsersCommand,
  StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { sql } from 'kysely';
import type { User, UserStatus } from '../src/model/user.ts';
import type { UserPool } from '../src/model/user-pool.ts';
import { createUserPoolSettings } from '../src/services/user-pools/index.ts';
import { openDatabase } from '../src/store/open.ts';
import { insertPool } from '../src/store/repositories/user-pools.ts';
import { insertUsers } from '../src/store/repositories/users.ts';
import { sqliteFileOf } from '../src/store/sqlite-file.ts';
import type { ChildServer } from './child.ts';
import { importCsvStream } from './import-csv.ts';
import { startCognate } from './server-process.ts';
import { percentile } from './stats.ts';

const POOL_ID = 'us-east-1_BenchUsers';
const FIRST = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jon'];
const LAST = ['Smith', 'Jones', 'Brown', 'Lee', 'Garcia', 'Kim', 'Novak', 'Silva'];
const DOMAINS = ['example.com', 'example.org', 'mail.test'];
const BATCH = 10_000;

/** One measured call shape. */
export interface UsersPhase {
  operation: string;
  filter: string;
  requests: number;
  /** Users returned per request, on average. */
  usersPerPage: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

/** A CSV user import job (CreateUserImportJob, PUT, StartUserImportJob) run to the end. */
export interface ImportReport {
  users: number;
  uploadSeconds: number;
  /** From StartUserImportJob until DescribeUserImportJob says Succeeded. */
  importSeconds: number;
  usersPerSecond: number;
}

export interface UsersReport {
  users: number;
  loadSeconds: number;
  databaseMiB: number;
  phases: UsersPhase[];
  import?: ImportReport;
  /** The server's largest process's peak RSS over this part (VmHWM), bytes. */
  peakRssBytes?: number;
}

export interface UsersBenchOptions {
  users: number;
  /** Requests measured per phase. */
  requests: number;
  log: (message: string) => void;
  /** Users in the CSV import job measured after the phases (0: none). */
  importUsers: number;
  /** Servers that are running, so an interrupted run can stop them. */
  running?: Set<ChildServer>;
}

/** User `i` of the bench pool: every 10th unconfirmed, every 50th disabled. */
function benchUser(i: number, now: number): User {
  const n = String(i).padStart(7, '0');
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  const status: UserStatus = i % 10 === 0 ? 'UNCONFIRMED' : 'CONFIRMED';
  const id = randomUUID();
  return {
    id,
    userPoolId: POOL_ID,
    username: `user${n}`,
    status,
    enabled: i % 50 !== 0,
    attributes: {
      sub: id,
      email: `${first}.${last.toLowerCase()}${n}@${DOMAINS[i % DOMAINS.length]}`,
      email_verified: 'true',
      phone_number: `+1555${n}`,
      given_name: first,
      family_name: last,
    },
    tokensValidAfter: 0,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  };
}

/** Loads the pool straight through the repositories; returns the seconds it took. */
async function loadUsers(dataDir: string, count: number, log: UsersBenchOptions['log']) {
  const db = await openDatabase({ dataDir });
  try {
    // A scratch database: a crash may lose it, so the load skips the per-commit fsync.
    await sql`pragma synchronous = off`.execute(db);
    await sql`pragma cache_size = -262144`.execute(db);
    const now = Date.now();
    const pool: UserPool = {
      id: POOL_ID,
      name: 'bench-users',
      settings: createUserPoolSettings({ PoolName: 'bench-users' }),
      createdAt: new Date(now),
      updatedAt: new Date(now),
    };
    await insertPool(db, pool);
    const started = performance.now();
    let reported = 0;
    for (let start = 0; start < count; start += BATCH) {
      const batch: { user: User; usernameKey: string }[] = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const user = benchUser(i, now);
        batch.push({ user, usernameKey: user.username });
      }
      await db.transaction().execute((trx) => insertUsers(trx, batch));
      const done = start + batch.length;
      if (done - reported >= count / 10 || done === count) {
        reported = done;
        const s = (performance.now() - started) / 1000;
        log(`  loaded ${done} / ${count} users in ${s.toFixed(1)} s (${(done / s).toFixed(0)}/s)`);
      }
    }
    return (performance.now() - started) / 1000;
  } finally {
    await db.destroy();
  }
}

/** Times `requests` calls of `call(i)`, one at a time; `call` returns the users it got. */
async function measure(
  operation: string,
  filter: string,
  requests: number,
  call: (i: number) => Promise<number>,
): Promise<UsersPhase> {
  for (let i = 0; i < 5; i++) await call(i); // warm-up: JIT, statement cache
  const ms: number[] = [];
  let users = 0;
  let errors = 0;
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    try {
      users += await call(i);
    } catch (err) {
      errors++;
      if (errors === 1)
        process.stderr.write(`  ${operation} ${filter}: ${(err as Error).message}\n`);
    }
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return {
    operation,
    filter,
    requests,
    usersPerPage: users / requests,
    p50Ms: percentile(ms, 0.5),
    p99Ms: percentile(ms, 0.99),
    maxMs: ms[ms.length - 1],
    errors,
  };
}

/** ListUsers pages of one filter, following PaginationToken and starting over at the end. */
function pager(client: CognitoIdentityProviderClient, filters: (i: number) => string) {
  let token: string | undefined;
  let round = 0;
  let pages = 0;
  return async () => {
    // A few pages deep per filter, then the next filter's first page.
    if (pages === 5) {
      token = undefined;
      pages = 0;
      round++;
    }
    const res = await client.send(
      new ListUsersCommand({
        UserPoolId: POOL_ID,
        Filter: filters(round),
        Limit: 60,
        PaginationToken: token,
      }),
    );
    token = res.PaginationToken;
    pages = token ? pages + 1 : 5;
    return res.Users?.length ?? 0;
  };
}

/**
 * Imports `count` users into a new pool of the running server with a CSV import job, the file
 * streamed to the PreSignedUrl, and times the job.
 */
async function measureImport(
  client: CognitoIdentityProviderClient,
  count: number,
  log: UsersBenchOptions['log'],
): Promise<ImportReport> {
  log(`User import: a CSV of ${count} users through a user import job`);
  const pool = await client.send(
    new CreateUserPoolCommand({ PoolName: 'bench-import', AutoVerifiedAttributes: ['email'] }),
  );
  const poolId = pool.UserPool?.Id as string;
  const header = (await client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader;
  const { UserImportJob: job } = await client.send(
    new CreateUserImportJobCommand({
      JobName: 'bench',
      UserPoolId: poolId,
      CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/CognitoImport',
    }),
  );
  const uploadStart = performance.now();
  const res = await fetch(
    job?.PreSignedUrl as string,
    {
      method: 'PUT',
      headers: { 'x-amz-server-side-encryption': 'aws:kms' },
      body: importCsvStream(header ?? [], count),
      duplex: 'half',
    } as RequestInit,
  );
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const uploadSeconds = (performance.now() - uploadStart) / 1000;
  const started = performance.now();
  await client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job?.JobId }));
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const { UserImportJob: now } = await client.send(
      new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job?.JobId }),
    );
    if (now?.Status === 'Succeeded' && now.ImportedUsers === count) break;
    if (['Succeeded', 'Failed', 'Stopped'].includes(now?.Status ?? '')) {
      throw new Error(`import ended ${now?.Status}: ${now?.CompletionMessage}`);
    }
  }
  const importSeconds = (performance.now() - started) / 1000;
  return { users: count, uploadSeconds, importSeconds, usersPerSecond: count / importSeconds };
}

/** Loads the pool, starts the server on it and measures every phase. */
export async function runUsersBench(opts: UsersBenchOptions): Promise<UsersReport> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-bench-users-'));
  try {
    opts.log(`ListUsers: bulk-loading ${opts.users} users into a SQLite pool`);
    const loadSeconds = await loadUsers(dataDir, opts.users, opts.log);
    const databaseMiB = statSync(sqliteFileOf(dataDir)).size / 2 ** 20;
    const server = await startCognate({ dataDir, workers: 1 });
    opts.running?.add(server);
    const client = new CognitoIdentityProviderClient({
      endpoint: server.url,
      region: server.region,
      credentials: server.credentials,
    });
    try {
      opts.log(`ListUsers: ${opts.requests} requests per phase against ${server.url}`);
      const n = opts.requests;
      const pick = (i: number) => (i * 7919 + 13) % opts.users; // spread over the pool
      const phases = [
        await measure(
          'ListUsers',
          '(none)',
          n,
          pager(client, () => ''),
        ),
        await measure(
          'ListUsers',
          'email ^= "<first>.<last>"',
          n,
          pager(client, (r) => `email ^= "${FIRST[r % FIRST.length]}.${LAST[r % LAST.length]}"`),
        ),
        await measure('ListUsers', 'email = "<address>"', n, async (i) => {
          const email = benchUser(pick(i), 0).attributes.email;
          const res = await client.send(
            new ListUsersCommand({ UserPoolId: POOL_ID, Filter: `email = "${email}"` }),
          );
          if (res.Users?.length !== 1)
            throw new Error(`email = "${email}" found ${res.Users?.length}`);
          return 1;
        }),
        await measure(
          'ListUsers',
          'cognito:user_status = "UNCONFIRMED"',
          n,
          pager(client, () => 'cognito:user_status = "UNCONFIRMED"'),
        ),
        await measure(
          'ListUsers',
          'status = "Disabled"',
          n,
          pager(client, () => 'status = "Disabled"'),
        ),
        await measure('AdminGetUser', '-', n, async (i) => {
          const username = `user${String(pick(i)).padStart(7, '0')}`;
          await client.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: username }));
          return 1;
        }),
      ];
      const imported =
        opts.importUsers > 0 ? await measureImport(client, opts.importUsers, opts.log) : undefined;
      const peakRssBytes = Math.max(0, ...server.sample().map((p) => p.peakRss));
      return {
        users: opts.users,
        loadSeconds,
        databaseMiB,
        phases,
        import: imported,
        peakRssBytes,
      };
    } finally {
      client.destroy();
      await server.stop();
      opts.running?.delete(server);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The report as a table with a line on the load. */
export function formatUsersText(report: UsersReport): string {
  const header = [
    'operation',
    'filter',
    'requests',
    'users/page',
    'p50 ms',
    'p99 ms',
    'max ms',
    'errors',
  ];
  const body = report.phases.map((p) => [
    p.operation,
    p.filter,
    String(p.requests),
    p.usersPerPage.toFixed(1),
    p.p50Ms.toFixed(2),
    p.p99Ms.toFixed(2),
    p.maxMs.toFixed(2),
    String(p.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [
    '',
    `ListUsers on a SQLite pool of ${report.users} users (bulk-loaded in ${report.loadSeconds.toFixed(1)} s, ` +
      `${(report.users / report.loadSeconds).toFixed(0)} users/s; database ${report.databaseMiB.toFixed(0)} MiB), ` +
      'one request at a time through the AWS SDK, Limit 60, five pages deep per filter:',
    '',
    line(header),
    rule,
    ...body.map(line),
    '',
    ...(report.import
      ? [
          `User import job (CSV, Cognito's format) of ${report.import.users} users into a new pool: ` +
            `upload ${report.import.uploadSeconds.toFixed(1)} s, import ${report.import.importSeconds.toFixed(1)} s, ` +
            `${report.import.usersPerSecond.toFixed(0)} users/s`,
          '',
        ]
      : []),
  ].join('\n');
}

/** Users the run measures: --users, else 1,000,000 (100,000 with --quick). */
export function usersFor(quick: boolean, users?: string): number {
  const n = Number(users ?? (quick ? 100_000 : 1_000_000));
  if (!(Number.isInteger(n) && n >= 1000)) throw new Error('--users must be an integer >= 1000');
  return n;
}

async function main() {
  const { values: flags } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      users: { type: 'string' },
      requests: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const running = new Set<ChildServer>();
  const stop = () => Promise.all([...running].map((s) => s.stop()));
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  const report = await runUsersBench({
    users: usersFor(flags.quick, flags.users),
    requests: Number(flags.requests ?? (flags.quick ? 100 : 200)),
    importUsers: flags.quick ? 20_000 : 100_000,
    log: (m) => process.stderr.write(`${m}\n`),
    running,
  });
  process.stdout.write(
    flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatUsersText(report),
  );
  if (report.phases.some((p) => p.errors > 0)) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
