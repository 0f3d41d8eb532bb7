/**
 * The benchmark (`npm run bench`; the file keeps its first name). Starts the real server as child
 * processes and drives it over keep-alive HTTP from this process:
 *
 * 0. startup: five cold starts of the compiled server on a new SQLite folder; the median time
 *    from spawn to the first answer of /health, and the RSS once idle (see bench/startup.ts);
 * 1. the crypto bound of every operation (its public-key work on all cores, worker threads);
 * 2. Cognate on SQLite, one process: USER_PASSWORD_AUTH, USER_SRP_AUTH, its two steps timed
 *    apart (SRP InitiateAuth, SRP PASSWORD_VERIFIER, see bench/srp-steps.ts), SignUp,
 *    REFRESH_TOKEN_AUTH, USER_SRP_AUTH+TOTP (SRP then an authenticator code: three round trips,
 *    on a pool of its own with MFA, see bench/totp.ts), GetCredentialsForIdentity (a guest's
 *    identity-pool credentials, see bench/identity-pool.ts); then the open-loop phase (see
 *    bench/open-loop.ts): USER_PASSWORD_AUTH, SignUp and each SRP step at a fixed arrival rate of
 *    50 % and 80 % of its maximum just measured; then the same closed-loop phases but the SRP
 *    steps with `--workers <cores>` on the same database;
 * 3. cognito-local (the peer) with the calls it shares: USER_PASSWORD_AUTH and SignUp;
 * 4. if the server has `--database`: the sign-in phases on a scratch PostgreSQL database, one
 *    process, then two instances (separate processes, ports) with the load spread over both;
 * 5. JWT verification with jose in this process, on the pool's JWKS and real access tokens;
 * 6. ListUsers and AdminGetUser on a SQLite pool of 1,000,000 users (100,000 with --quick), and a
 *    CSV user import job of 100,000 users (20,000 with --quick), see bench/users.ts;
 * 7. the targets, each beside its reference from this run (bench/targets.ts).
 *
 * Every single-process Cognate server runs with COGNATE_QUERY_STATS=1: before each timed phase a
 * counted pass of 4 × concurrency flows gives the statements and round trips per flow in the
 * table (bench/query-stats.ts), and the counter is paused for the timed run itself. The table
 * also gives each phase's peak RSS.
 *
 *   npm run bench -- [--quick] [--seconds 8] [--concurrency 8] [--users 200] [--bound-seconds 2]
 *                    [--workers <cores>] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 *                    [--skip cluster,cognito-local,postgres,verify,users,open-loop] [--list-users 1000000]
 *                    [--open-seconds 10]   (each open-loop rate, after a 1 s lead-in)
 *                    [--targets-out <file>] (the targets as JSON there, and not in the text)
 *                    [--phases startup,USER_SRP_AUTH,...]   (a subset of the Cognate phases;
 *                     with startup alone, nothing but the startup phase runs)
 *                    [--json]
 *                    [--server-cpu-prof <dir>]   (V8 CPU profiles of Cognate's processes)
 *
 * Progress goes to stderr; the table (or, with --json, the JSON) to stdout. Exits 1 on any error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChildServer } from './child.ts';
import { BOUND_KINDS, type CryptoBound, measureCryptoBound } from './crypto-bound.ts';
import { measureJwtVerify } from './jwt-verify.ts';
import { createScratchDatabase } from './postgres.ts';
import { formatText, problems, type Report, rowsOf } from './report.ts';
import {
  type LoadSettings,
  PHASES,
  type PhaseName,
  runCognate,
  runCognitoLocal,
  type VerifyInput,
} from './scenarios.ts';
import { cognateHasDatabaseOption } from './server-process.ts';
import { measureStartup } from './startup.ts';
import { targetsOf } from './targets.ts';
import { formatUsersText, runUsersBench, type UsersReport, usersFor } from './users.ts';

const SKIPPABLE = ['cluster', 'cognito-local', 'postgres', 'verify', 'users', 'open-loop'] as const;
const SIGN_INS: PhaseName[] = ['USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'USER_SRP_AUTH+TOTP'];
const PEER_PHASES: PhaseName[] = ['USER_PASSWORD_AUTH', 'SignUp'];
/** Timed apart for the open-loop phase's maxima only; the cluster leaves them out. */
const SRP_STEPS: PhaseName[] = ['SRP InitiateAuth', 'SRP PASSWORD_VERIFIER'];
const OPEN_LOOP_LEAD_SECONDS = 1;
/** jose verifies on the libuv pool: a few in flight per thread keep it busy (see jwt-verify.ts). */
const VERIFY_IN_FLIGHT = 4;
/** The phase that measures start-up rather than load; it runs first, on a quiet machine. */
const STARTUP = 'startup';
const STARTS = 5;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    // 8: on 2 cores 16 and 32 gave the same throughput (within 5%) at 2x and 4x the p99.
    concurrency: { type: 'string', default: '8' },
    users: { type: 'string' },
    'bound-seconds': { type: 'string' },
    workers: { type: 'string', default: String(availableParallelism()) },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    skip: { type: 'string', default: '' },
    phases: { type: 'string', default: [STARTUP, ...PHASES].join(',') },
    json: { type: 'boolean', default: false },
    'server-cpu-prof': { type: 'string' },
    'list-users': { type: 'string' },
    'open-seconds': { type: 'string' },
    'targets-out': { type: 'string' },
  },
});
// --quick: about a minute on 2 cores; explicit flags still win.
const settings = {
  seconds: positive('seconds', flags.seconds ?? (flags.quick ? '3' : '8')),
  concurrency: positive('concurrency', flags.concurrency),
  users: positive('users', flags.users ?? (flags.quick ? '100' : '200')),
  boundSeconds: positive('bound-seconds', flags['bound-seconds'] ?? (flags.quick ? '1' : '2')),
  workers: positive('workers', flags.workers),
  openSeconds: positive('open-seconds', flags['open-seconds'] ?? (flags.quick ? '3' : '10')),
};
const skip = new Set(flags.skip.split(',').filter(Boolean));
const selected = flags.phases.split(',').filter(Boolean);
for (const p of selected) {
  if (p !== STARTUP && !(PHASES as readonly string[]).includes(p)) {
    throw new Error(`--phases takes a list of ${[STARTUP, ...PHASES].join(', ')}; got ${p}`);
  }
}
const phases = selected.filter((p) => p !== STARTUP) as PhaseName[];
const only = (list: readonly PhaseName[]) => list.filter((p) => phases.includes(p));
for (const s of skip) {
  if (!(SKIPPABLE as readonly string[]).includes(s)) {
    throw new Error(`--skip takes a list of ${SKIPPABLE.join(', ')}; got ${s}`);
  }
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
  return n;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** Servers, folders and databases to remove however the run ends. */
const running = new Set<ChildServer>();
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  await Promise.all([...running].map((s) => s.stop()));
  for (const c of cleanups.splice(0).reverse()) await c();
}
// An interrupted run must not leave servers or data behind; exit as the signal would.
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function measureBounds(): Promise<CryptoBound[]> {
  log(
    `crypto bound: ${settings.boundSeconds} s per operation on ${availableParallelism()} threads`,
  );
  const bounds: CryptoBound[] = [];
  for (const kind of BOUND_KINDS)
    bounds.push(await measureCryptoBound(kind, settings.boundSeconds));
  return bounds;
}

/** SQLite: one process, then a cluster on the same database and pool. */
async function runSqlite(load: LoadSettings, report: Report): Promise<VerifyInput | undefined> {
  const dataDir = tempDir('cognate-bench-');
  const cpuProfDir = flags['server-cpu-prof'];
  const single = await runCognate(load, {
    store: 'SQLite',
    processes: '1',
    instances: [{ dataDir, workers: 1, cpuProfDir }],
    phases,
    openLoop: skip.has('open-loop')
      ? undefined
      : { seconds: settings.openSeconds, leadSeconds: OPEN_LOOP_LEAD_SECONDS },
  });
  if (skip.has('open-loop')) report.skipped.push('open-loop: --skip open-loop');
  report.runs.push(single.run);
  if (skip.has('cluster')) {
    report.skipped.push('cluster: --skip cluster');
  } else if (settings.workers < 2) {
    report.skipped.push('cluster: --workers 1 is the single process already measured');
  } else {
    const cluster = await runCognate(load, {
      store: 'SQLite',
      processes: `1+${settings.workers} workers`,
      instances: [{ dataDir, workers: settings.workers, cpuProfDir }],
      phases: phases.filter((p) => !SRP_STEPS.includes(p)),
      pool: single.pool,
    });
    report.runs.push(cluster.run);
  }
  return single.verify;
}

/** PostgreSQL: one process, then two instances on the same scratch database. */
async function runPostgres(load: LoadSettings, report: Report): Promise<void> {
  if (!(await cognateHasDatabaseOption())) {
    report.skipped.push(
      'postgres: this server build has no --database option (its --help does not list it); ' +
        'once it does, these phases run with no change here',
    );
    return;
  }
  const db = await createScratchDatabase(flags.postgres);
  cleanups.push(() => db.drop());
  log(`PostgreSQL scratch database: ${db.url}`);
  const instance = () => ({ dataDir: tempDir('cognate-bench-pg-'), workers: 1, database: db.url });
  const single = await runCognate(load, {
    store: 'PostgreSQL',
    processes: '1',
    instances: [instance()],
    phases: only(SIGN_INS),
    database: db.server,
    pg: db,
  });
  report.runs.push(single.run);
  // Behind one load balancer: one public URL, so tokens from either instance serve on both.
  const balanced = () => ({ ...instance(), publicUrl: 'https://auth.bench.test' });
  const pair = await runCognate(load, {
    store: 'PostgreSQL',
    processes: '2 instances',
    instances: [balanced(), balanced()],
    phases: only(SIGN_INS),
    pool: single.pool,
    database: db.server,
    pg: db,
  });
  report.runs.push(pair.run);
}

/** Runs a part that `--skip` may leave out; if it cannot run here, records why and goes on. */
async function optional(
  report: Report,
  name: (typeof SKIPPABLE)[number],
  part: () => Promise<void>,
) {
  if (skip.has(name)) {
    report.skipped.push(`${name}: --skip ${name}`);
    return;
  }
  try {
    await part();
  } catch (err) {
    const message = (err as Error).message.split('\n').slice(0, 6).join('\n  ');
    log(`${name} failed: ${message}`);
    report.skipped.push(`${name}: ${message}`);
  }
}

/** Every part that puts the server under load; returns the users part's report, if it ran. */
async function runLoadParts(load: LoadSettings, report: Report): Promise<UsersReport | undefined> {
  const { machine } = report;
  let usersReport: UsersReport | undefined;
  report.bounds = await measureBounds();
  // Each sign-in of the TOTP phase needs a code no sign-in used before: as many as its bound
  // allows in one phase, plus the warm-up and the counted pass (4 × concurrency each).
  const totpBound = report.bounds.find((b) => b.kind === 'srp+totp');
  if (totpBound) {
    load.totpCodes = Math.ceil(totpBound.perSecond * settings.seconds) + 8 * settings.concurrency;
  }
  const verifierBound = report.bounds.find((b) => b.kind === 'srp-verify');
  if (verifierBound) load.verifierBank = Math.ceil(verifierBound.perSecond * settings.seconds);
  const verifyInput = await runSqlite(load, report);
  await optional(report, 'cognito-local', async () => {
    report.peer = await runCognitoLocal(load, only(PEER_PHASES));
  });
  await optional(report, 'postgres', () => runPostgres(load, report));
  await optional(report, 'verify', async () => {
    if (!verifyInput) return;
    log(`JWT verify (jose): ${settings.seconds} s on ${machine.cores} threads`);
    report.verify = await measureJwtVerify({
      ...verifyInput,
      seconds: settings.seconds,
      inFlight: VERIFY_IN_FLIGHT,
    });
  });
  await optional(report, 'users', async () => {
    usersReport = await runUsersBench({
      users: usersFor(flags.quick, flags['list-users']),
      requests: flags.quick ? 100 : 200,
      importUsers: flags.quick ? 20_000 : 100_000,
      log,
      running,
    });
    report.usersPeakRssBytes = usersReport.peakRssBytes;
  });
  return usersReport;
}

async function main() {
  const report: Report = {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      node: process.version,
    },
    settings: { ...settings, skip: [...skip] },
    bounds: [],
    runs: [],
    skipped: [],
  };
  const { machine } = report;
  log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  const load: LoadSettings = { ...settings, log, running };
  let usersReport: UsersReport | undefined;
  try {
    if (selected.includes(STARTUP)) {
      report.startup = await measureStartup({ starts: STARTS, log });
    }
    if (phases.length === 0) {
      report.skipped.push('the load parts: --phases selects none of their phases');
    } else {
      usersReport = await runLoadParts(load, report);
    }
  } catch (err) {
    log(`bench failed: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
    return;
  } finally {
    await cleanUp();
  }

  const targetsOut = flags['targets-out'];
  if (targetsOut) {
    writeFileSync(
      targetsOut,
      JSON.stringify({
        machine,
        quick: flags.quick,
        noisy: problems(report).noisy,
        settings: report.settings,
        targets: targetsOf(report),
      }),
    );
  }
  process.stdout.write(
    flags.json
      ? `${JSON.stringify({ ...report, rows: rowsOf(report), targets: targetsOf(report), users: usersReport }, null, 2)}\n`
      : formatText(report, { targets: !targetsOut }) +
          (usersReport ? formatUsersText(usersReport) : ''),
  );
  const { noisy } = problems(report);
  const errors =
    problems(report).errors + (usersReport?.phases.reduce((n, p) => n + p.errors, 0) ?? 0);
  if (noisy) log('WARNING: other processes used CPU during the run; rerun on a quiet machine');
  if (errors > 0) {
    log(`${errors} operations failed (see the error lines above)`);
    process.exitCode = 1;
  }
}

await main();
