// Soak: minutes of mixed load against the compiled server (a child process, as `npm start` runs
// it) on SQLite, with short retention so housekeeping's bound shows within minutes.
//
//   npm run soak -- [--minutes 10] [--concurrency 4] [--users 200] [--retention-minutes 2]
//
// The mix, per worker, until the time is up: sign-up of a new user confirmed with the code from
// the dev outbox (then deleted by an administrator, so the user table stays at its base
// population), USER_SRP_AUTH and USER_PASSWORD_AUTH sign-ins, REFRESH_TOKEN_AUTH, GlobalSignOut
// and ForgotPassword of base users. Every 10 s it samples the server's RSS, the database's size
// on disk (file + WAL) and by table (SQLite's dbstat), and each operation's latency; it prints a
// table per minute and a verdict:
// - memory flat: the last minute's mean RSS within 20 % (and 32 MB) of the second minute's;
// - history bounded: housekeeping runs every minute, so the outbox holds no more rows than the
//   messages sent in the last retention + 1 minute, and auth and audit events per operation of
//   that window stay flat (within 25 %) once it has passed, whatever the load's rate;
// - database bounded: the database less the history, its freed pages, the refresh tokens
//   (which live their validity, 60 minutes at least, so they grow through a 10-minute run,
//   bounded by sign-ins × validity) and the users, no larger at the end than once the window
//   has passed, within 25 % (and 1 MB); the free pages no more than the history ever held
//   (deleted pages are reused); the WAL under 16 MB (checkpointed).
// Exit status 1 when a verdict fails or the server dies.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import Database from 'better-sqlite3';
import { register } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    users: { type: 'string', default: '200' },
    'retention-minutes': { type: 'string', default: '2' },
    'sample-seconds': { type: 'string', default: '10' },
  },
});
const MINUTES = Number(values.minutes);
const CONCURRENCY = Number(values.concurrency);
const BASE_USERS = Number(values.users);
const RETENTION_MIN = Number(values['retention-minutes']);
const SAMPLE_MS = Number(values['sample-seconds']) * 1000;
const PASSWORD = 'Soak-Passw0rd!';

register();
const { startCognate } = await import('../bench/server-process.ts');
const { srpUser, passwordClaim } = await import('../bench/srp-client.ts');

// Short retention, so housekeeping (every minute) deletes history within the run; code limits
// raised so ForgotPassword keeps sending (its refusals would write nothing to bound).
const retentionDays = String(RETENTION_MIN / (24 * 60));
Object.assign(process.env, {
  COGNATE_RETENTION_OUTBOX_DAYS: retentionDays,
  COGNATE_RETENTION_AUTH_EVENTS_DAYS: retentionDays,
  COGNATE_RETENTION_IMPORT_JOBS_DAYS: retentionDays,
  COGNATE_RETENTION_AUDIT_EVENTS_DAYS: retentionDays,
  COGNATE_RATE_LIMIT_CODES_PER_USER: '600/min',
});

const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-soak-'));
const dbFile = path.join(dataDir, 'cognate.sqlite');
console.error(`soak: building and starting the server (data in ${dataDir})…`);
const server = await startCognate({ dataDir, workers: 1 });
const admin = new CognitoIdentityProviderClient({
  region: server.region,
  endpoint: server.url,
  credentials: server.credentials,
});

// ------------------------------------------------------------------------------------------
// The wire.

class CallError extends Error {
  constructor(type, message) {
    super(`${type}: ${message}`);
    this.type = type;
  }
}

async function call(op, body) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
    },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 200) throw new CallError(json.__type ?? `HTTP ${res.status}`, json.message);
  return json;
}

async function outboxCode(username) {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${server.url}/_dev/outbox?username=${encodeURIComponent(username)}`);
    const code = (await res.json()).messages?.[0]?.code;
    if (code) return code;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new CallError('NoCode', `no code for ${username} in the outbox`);
}

// ------------------------------------------------------------------------------------------
// Setup: a pool that verifies email, a client with the sign-in flows, the base users.

const { UserPool } = await admin.send(
  new CreateUserPoolCommand({
    PoolName: 'soak',
    AutoVerifiedAttributes: ['email'],
    Policies: {
      PasswordPolicy: {
        MinimumLength: 8,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: false,
      },
    },
  }),
);
const poolId = UserPool.Id;
const { UserPoolClient } = await admin.send(
  new CreateUserPoolClientCommand({
    UserPoolId: poolId,
    ClientName: 'soak',
    ExplicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
    // The shortest refresh-token life Cognito allows, so the bound below is the lowest one.
    RefreshTokenValidity: 60,
    TokenValidityUnits: { RefreshToken: 'minutes' },
  }),
);
const clientId = UserPoolClient.ClientId;
const users = [];
for (let i = 0; i < BASE_USERS; i += 8) {
  await Promise.all(
    Array.from({ length: Math.min(8, BASE_USERS - i) }, async (_, j) => {
      const username = `soak-${i + j}`;
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: `${username}@example.com` },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: username,
          Password: PASSWORD,
          Permanent: true,
        }),
      );
      users.push({ username, srp: srpUser(poolId, PASSWORD) });
    }),
  );
}

// ------------------------------------------------------------------------------------------
// The operations.

let signUps = 0;
const pick = () => users[Math.floor(Math.random() * users.length)];
const keep = (user, result) => {
  user.refreshToken = result.AuthenticationResult.RefreshToken;
  user.accessToken = result.AuthenticationResult.AccessToken;
};

const OPS = {
  async signUp() {
    const username = `new-${process.pid}-${++signUps}`;
    await call('SignUp', {
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    const code = await outboxCode(username);
    await call('ConfirmSignUp', { ClientId: clientId, Username: username, ConfirmationCode: code });
    await admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));
  },
  async srpSignIn() {
    const user = pick();
    const challenge = await call('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: user.username, SRP_A: user.srp.A },
    });
    keep(
      user,
      await call('RespondToAuthChallenge', {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: clientId,
        Session: challenge.Session,
        ChallengeResponses: passwordClaim(user.srp, challenge.ChallengeParameters),
      }),
    );
  },
  async passwordSignIn() {
    const user = pick();
    keep(
      user,
      await call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: user.username, PASSWORD },
      }),
    );
  },
  async refresh() {
    const user = users.find((u) => u.refreshToken && Math.random() < 0.2) ?? pick();
    if (!user.refreshToken) return OPS.passwordSignIn();
    await call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: user.refreshToken },
    });
  },
  async signOut() {
    const user = users.find((u) => u.accessToken && Math.random() < 0.2) ?? pick();
    if (!user.accessToken) return OPS.passwordSignIn();
    const token = user.accessToken;
    user.accessToken = undefined;
    user.refreshToken = undefined;
    await call('GlobalSignOut', { AccessToken: token });
  },
  async forgotPassword() {
    await call('ForgotPassword', { ClientId: clientId, Username: pick().username });
  },
};
const WEIGHTS = {
  signUp: 2,
  srpSignIn: 3,
  passwordSignIn: 3,
  refresh: 3,
  signOut: 1,
  forgotPassword: 1,
};
const BAG = Object.entries(WEIGHTS).flatMap(([op, w]) => Array(w).fill(op));

// ------------------------------------------------------------------------------------------
// Measurements.

const started = Date.now();
const minuteOf = (t) => Math.floor((t - started) / 60_000);
/** latencies[minute][op] = ms[]; errors[minute][op:type] = count. */
const latencies = [];
const errors = [];
const samples = [];
/** Every operation that succeeded, when it ended. */
const done = [];

async function worker(deadline) {
  while (Date.now() < deadline) {
    const op = BAG[Math.floor(Math.random() * BAG.length)];
    const t0 = performance.now();
    try {
      await OPS[op]();
      const m = minuteOf(Date.now());
      latencies[m] ??= {};
      latencies[m][op] ??= [];
      latencies[m][op].push(performance.now() - t0);
      done.push({ t: Date.now(), op });
    } catch (err) {
      const m = minuteOf(Date.now());
      errors[m] ??= {};
      const key = `${op}:${err.type ?? err.name ?? 'Error'}`;
      errors[m][key] = (errors[m][key] ?? 0) + 1;
      if (server.exitStatus()) throw new Error(`the server died (${server.exitStatus()})`);
    }
  }
}

function rssBytes() {
  let sum = 0;
  for (const s of server.sample()) {
    try {
      const status = readFileSync(`/proc/${s.pid}/status`, 'utf8');
      sum += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
  }
  return sum;
}

function fileBytes() {
  let sum = 0;
  for (const name of readdirSync(dataDir)) {
    if (name.startsWith('cognate.sqlite')) sum += statSync(path.join(dataDir, name)).size;
  }
  return sum;
}

// Tables whose rows housekeeping deletes by retention or expiry within minutes.
const HISTORY = new Set([
  'outbox',
  'auth_events',
  'audit_events',
  'auth_sessions',
  'codes',
  'rate_limits',
  'sign_in_failures',
]);

/** Bytes by group (history, refresh tokens, users, other, free pages) and a few row counts. */
function tableBytes() {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const owner = new Map(
      db
        .prepare("select name, tbl_name from sqlite_master where type in ('table', 'index')")
        .all()
        .map((r) => [r.name, r.tbl_name]),
    );
    const groups = { history: 0, refresh: 0, users: 0, other: 0 };
    for (const r of db
      .prepare('select name, sum(pgsize) as bytes from dbstat group by name')
      .all()) {
      const table = owner.get(r.name) ?? r.name;
      const group = HISTORY.has(table)
        ? 'history'
        : table === 'refresh_tokens'
          ? 'refresh'
          : table.startsWith('user')
            ? 'users'
            : 'other';
      groups[group] += r.bytes;
    }
    const pageSize = db.pragma('page_size', { simple: true });
    groups.free = db.pragma('freelist_count', { simple: true }) * pageSize;
    const count = (t) => db.prepare(`select count(*) as n from ${t}`).get().n;
    return {
      ...groups,
      rows: {
        outbox: count('outbox'),
        auth_events: count('auth_events'),
        audit_events: count('audit_events'),
        refresh_tokens: count('refresh_tokens'),
        users: count('users'),
      },
    };
  } finally {
    db.close();
  }
}

function walBytes() {
  try {
    return statSync(`${dbFile}-wal`).size;
  } catch {
    return 0;
  }
}

function sample() {
  samples.push({
    t: Date.now(),
    rss: rssBytes(),
    file: fileBytes(),
    wal: walBytes(),
    ...tableBytes(),
  });
}

// ------------------------------------------------------------------------------------------
// Run.

const deadline = started + MINUTES * 60_000;
console.error(
  `soak: ${MINUTES} min, ${CONCURRENCY} workers, ${BASE_USERS} base users, retention ${RETENTION_MIN} min, server pid ${server.pid}`,
);
sample();
const sampler = setInterval(() => {
  try {
    sample();
    const s = samples.at(-1);
    console.error(
      `  ${((s.t - started) / 1000).toFixed(0).padStart(4)} s  rss ${mb(s.rss)}  db ${mb(s.file)} (history ${mb(s.history)}, refresh ${mb(s.refresh)})`,
    );
  } catch (err) {
    console.error(`soak: sampling failed: ${err.message}`);
  }
}, SAMPLE_MS);
let failed;
try {
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(deadline)));
} catch (err) {
  failed = err;
}
clearInterval(sampler);
sample();

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// A table per minute: throughput, latency per op (p50/p99), errors, and the samples' RSS and size.
const ops = Object.keys(WEIGHTS);
const header = [
  'min',
  'ops/s',
  ...ops.map((o) => `${o} p50/p99 ms`),
  'errors',
  'rss',
  'db',
  'history',
  'refresh',
];
const rows = [header];
for (let m = 0; m < MINUTES; m++) {
  const lat = latencies[m] ?? {};
  const total = ops.reduce((n, o) => n + (lat[o]?.length ?? 0), 0);
  const inMinute = samples.filter((s) => minuteOf(s.t) === m);
  const last = inMinute.at(-1) ?? samples.at(-1);
  const errs = Object.entries(errors[m] ?? {})
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
  rows.push([
    String(m + 1),
    (total / 60).toFixed(1),
    ...ops.map((o) => {
      const s = (lat[o] ?? []).sort((a, b) => a - b);
      return s.length ? `${pct(s, 50).toFixed(0)}/${pct(s, 99).toFixed(0)}` : '-';
    }),
    errs || '0',
    mb(mean(inMinute.map((s) => s.rss))),
    mb(last.file),
    mb(last.history),
    mb(last.refresh),
  ]);
}
function mean(xs) {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
const widths = header.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
console.log(rows.map((r) => r.map((c, i) => String(c).padStart(widths[i])).join('  ')).join('\n'));

// Verdicts.
const inMinute = (m) => samples.filter((s) => minuteOf(s.t) === m);
const rss2 = mean(inMinute(1).map((s) => s.rss));
const rssLast = mean(inMinute(MINUTES - 1).map((s) => s.rss));
const memoryOk = rssLast <= Math.max(rss2 * 1.2, rss2 + 32 * 1024 * 1024);
// History once housekeeping has run past the retention window: retention + the sweep's minute.
const settleMinute = Math.min(MINUTES - 1, Math.ceil(RETENTION_MIN) + 2);
const settled = inMinute(settleMinute).at(-1) ?? samples.at(-1);
const end = samples.at(-1);
// Housekeeping runs every minute and deletes what is older than the retention: a history row is
// at most retention + 1 minute (+ a sample) old, so the rows are bounded by the operations that
// wrote them within that window, whatever the run's length or rate.
const windowMs = (RETENTION_MIN + 1) * 60_000 + SAMPLE_MS;
const within = (t, ops) =>
  done.filter((d) => d.t > t - windowMs && d.t <= t && (!ops || ops.includes(d.op))).length;
const messagesIn = (s) => within(s.t, ['signUp', 'forgotPassword']);
const outboxOk = end.rows.outbox <= messagesIn(end);
// Auth and audit events per operation in the window: flat once the window has passed.
const eventsPerOp = (s) => (s.rows.auth_events + s.rows.audit_events) / Math.max(1, within(s.t));
const eventsOk = eventsPerOp(end) <= eventsPerOp(settled) * 1.25 + 0.05;
const historyOk = outboxOk && eventsOk;
// Everything else in the files (other tables, free pages, the WAL) stays flat: the database
// grows only by refresh tokens (their validity), users and the bounded history.
// Pages housekeeping frees are reused: the free list never holds more than the history ever did.
// The WAL file keeps its largest size (SQLite reuses it from the start after each checkpoint):
// bounded by the pages written between two checkpoints, not by the run's length.
const rest = (s) => s.file - s.wal - s.refresh - s.users - s.history - s.free;
const historyMax = Math.max(...samples.map((s) => s.history));
const freeOk = end.free <= historyMax + 1024 * 1024;
const walMax = Math.max(...samples.map((s) => s.wal));
const walOk = walMax <= 16 * 1024 * 1024;
const dbOk =
  freeOk && walOk && rest(end) <= Math.max(rest(settled) * 1.25, rest(settled) + 1024 * 1024);
const totalOps = latencies.reduce(
  (n, lat) => n + Object.values(lat ?? {}).reduce((k, l) => k + l.length, 0),
  0,
);
const totalErrors = errors.reduce(
  (n, e) => n + Object.values(e ?? {}).reduce((k, v) => k + v, 0),
  0,
);
console.log(`
operations: ${totalOps} ok, ${totalErrors} failed, in ${((Date.now() - started) / 60_000).toFixed(1)} min
memory: minute 2 mean RSS ${mb(rss2)}, last minute ${mb(rssLast)}: ${memoryOk ? 'flat' : 'GROWING'} (bound: +20 % or +32 MB)
history (retention ${RETENTION_MIN} min, swept every minute): outbox ${end.rows.outbox} rows for ${messagesIn(end)} messages sent in the last ${(windowMs / 60_000).toFixed(1)} min; auth + audit events ${(eventsPerOp(settled)).toFixed(2)} per operation of the window at minute ${settleMinute + 1}, ${eventsPerOp(end).toFixed(2)} at the end (${end.rows.auth_events} + ${end.rows.audit_events} rows); history tables ${mb(settled.history)} at minute ${settleMinute + 1}, ${mb(end.history)} at the end: ${historyOk ? 'bounded by retention' : 'GROWING'}
database: ${mb(end.file)} on disk (WAL ${mb(end.wal)}) = history ${mb(end.history)} + refresh tokens ${mb(end.refresh)} (${end.rows.refresh_tokens} rows, 60-minute validity) + users ${mb(end.users)} (${end.rows.users} rows) + other tables ${mb(end.other)} + free pages ${mb(end.free)} (history's peak ${mb(historyMax)}) + WAL; other tables ${mb(rest(settled))} at minute ${settleMinute + 1}, ${mb(rest(end))} at the end; WAL at most ${mb(walMax)}: ${dbOk ? 'bounded' : 'GROWING'} (bounds: other tables +25 % or +1 MB, free pages ≤ history's peak + 1 MB, WAL ≤ 16 MB)
verdict: ${memoryOk && historyOk && dbOk && !failed ? 'PASS' : 'FAIL'}${failed ? ` (${failed.message})` : ''}`);

admin.destroy();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(memoryOk && historyOk && dbOk && !failed ? 0 : 1);
