/**
 * One configuration of servers under load: start them, make or reuse the pool, warm up, run
 * the phases, read peak memory, stop them. Cognate on SQLite or PostgreSQL with any number of
 * processes, and cognito-local, go through the same steps and the same load generator.
 */
import { randomBytes } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { ChildServer } from './child.ts';
import { startCognitoLocal } from './cognito-local.ts';
import {
  type AdminEndpoint,
  type BenchPool,
  type BenchUser,
  createPool,
  eachLimited,
  passwordSignIn,
  refreshSignIn,
  signUp,
  srpSignIn,
} from './flows.ts';
import { type BenchIdentityPool, createIdentityPool, guestCredentials } from './identity-pool.ts';
import { IdpClient, type PhaseResult, runPhase } from './load.ts';
import { type OpenLoopResult, runOpenLoop } from './open-loop.ts';
import { PG_STATS_DELAY_MS, type PgCounters, pgPerOp } from './postgres.ts';
import { type Observed, PeakRss, type TreeRss, treeRss } from './proc.ts';
import {
  QUERY_STATS_ENV,
  type QueryStats,
  readQueryStats,
  resetQueryStats,
  setCounting,
} from './query-stats.ts';
import { type CognateOptions, type CognateServer, startCognate } from './server-process.ts';
import { prepareVerifiers, srpInitiate, srpVerify, type VerifierRequest } from './srp-steps.ts';
import {
  addTotpUsers,
  CODES_PER_USER,
  createTotpPool,
  openCodes,
  type TotpPool,
  totpSignIn,
} from './totp.ts';

export const PHASES = [
  'USER_PASSWORD_AUTH',
  'USER_SRP_AUTH',
  // The two SRP steps timed apart (see bench/srp-steps.ts), for the open-loop phase's maxima.
  'SRP InitiateAuth',
  'SRP PASSWORD_VERIFIER',
  'SignUp',
  'REFRESH_TOKEN_AUTH',
  'USER_SRP_AUTH+TOTP',
  'GetCredentialsForIdentity',
] as const;
export type PhaseName = (typeof PHASES)[number];

/** The operations the open-loop phase sends at fixed rates, each at fractions of its maximum. */
export const OPEN_LOOP_PHASES: PhaseName[] = [
  'USER_PASSWORD_AUTH',
  'SignUp',
  'SRP InitiateAuth',
  'SRP PASSWORD_VERIFIER',
];
export const OPEN_LOOP_FRACTIONS = [0.5, 0.8];

/** The open-loop phase's settings: how long each rate runs, after how long a lead-in. */
export interface OpenLoopSettings {
  seconds: number;
  leadSeconds: number;
}

/** Sockets per server for the open-loop phase: enough that none queues behind a busy socket. */
const OPEN_LOOP_SOCKETS = 64;

export interface LoadSettings {
  seconds: number;
  concurrency: number;
  users: number;
  log: (message: string) => void;
  /** Servers that are running, so an interrupted run can stop them. */
  running: Set<ChildServer>;
  /**
   * Sign-ins the USER_SRP_AUTH+TOTP phase may make in one run (its crypto bound times the phase
   * length, plus the warm-up): each needs a code no sign-in used before.
   */
  totpCodes?: number;
  /**
   * At most how many PASSWORD_VERIFIER answers the closed-loop step phase can send in one run
   * (its crypto bound times the phase length): each needs a session made beforehand.
   */
  verifierBank?: number;
}

/** The authenticator-app users of each pool, made when a run first needs them. */
const totpPools = new WeakMap<BenchPool, TotpPool>();

/** The identity pool and guest identities of each pool, made when a run first needs them. */
const identityPools = new WeakMap<BenchPool, BenchIdentityPool>();

/** Makes sure `pool` has an identity pool with as many guest identities as it has users. */
async function ensureIdentityPool(
  load: LoadSettings,
  pool: BenchPool,
  admin: AdminEndpoint,
  idp: IdpClient,
) {
  if (identityPools.has(pool)) return;
  load.log(`  identity pool: ${load.users} guest identities`);
  identityPools.set(pool, await createIdentityPool(admin, idp, load.users, load.concurrency));
}

/** Makes sure `pool` has TOTP users with enough unused codes for one run of the phase. */
async function ensureTotpUsers(
  load: LoadSettings,
  pool: BenchPool,
  admin: AdminEndpoint,
  idp: IdpClient,
) {
  const needed = load.totpCodes ?? load.users * CODES_PER_USER;
  const existing = totpPools.get(pool);
  const missing = needed - (existing ? openCodes(existing) : 0);
  if (missing <= 0) return;
  const count = Math.ceil(missing / CODES_PER_USER);
  load.log(`  TOTP users: ${count} more, each with a verified authenticator app`);
  if (existing) await addTotpUsers(admin, idp, existing, count);
  else totpPools.set(pool, await createTotpPool(admin, idp, count));
}

export interface ConfigRun {
  /** `cognate` or `cognito-local`. */
  server: string;
  store: string;
  /** How the server ran, e.g. `1`, `1+2 workers`, `2 instances`. */
  processes: string;
  phases: PhaseResult[];
  peakRss: TreeRss;
  /** Every process's peak RSS over the whole run of this configuration, largest first. */
  processPeaks: { pid: number; peakBytes: number }[];
  /** The open-loop phase, when it ran on this configuration. */
  openLoop?: OpenLoopResult[];
  /** Whether the servers counted statements (COGNATE_QUERY_STATS and /_dev/query-stats). */
  queryStats?: boolean;
}

/** Access tokens of one server as a resource server would see them, for the JWT phase. */
export interface VerifyInput {
  jwks: JSONWebKeySet;
  tokens: string[];
  issuer: string;
}

/**
 * Runs `phases` on Cognate: `instances` server processes (or clusters) on one store. Without a
 * `pool` it creates one, signs every user in once each way (warming the server, filling the
 * client's SRP caches and the users' refresh tokens) and returns what the JWT phase needs.
 */
export async function runCognate(
  load: LoadSettings,
  spec: {
    store: string;
    processes: string;
    instances: CognateOptions[];
    phases: readonly PhaseName[];
    pool?: BenchPool;
    /** The database server's processes, measured apart. */
    database?: Observed;
    /** PostgreSQL's commit and WAL counters, read around each phase. */
    pg?: { counters(): Promise<PgCounters> };
    /** Run the open-loop phase after the closed-loop ones. */
    openLoop?: OpenLoopSettings;
  },
): Promise<{ run: ConfigRun; pool: BenchPool; verify?: VerifyInput }> {
  const servers: CognateServer[] = [];
  try {
    // One after the other: the first one creates or migrates the schema.
    for (const opts of spec.instances) {
      // A cluster's workers each count their own and cannot be reached one by one: not counted.
      const counted = opts.workers === 1 ? QUERY_STATS_ENV : {};
      const server = await startCognate({ ...opts, env: { ...opts.env, ...counted } });
      servers.push(server);
      load.running.add(server);
    }
    load.log(`Cognate, ${spec.store}, ${spec.processes}: ${servers.map((s) => s.url).join(', ')}`);
    const pool = spec.pool ?? (await createPool(adminOf(servers[0]), load.users));
    const idp = new IdpClient(
      servers.map((s) => s.url),
      load.concurrency,
    );
    try {
      let verify: VerifyInput | undefined;
      if (spec.phases.includes('USER_SRP_AUTH+TOTP')) {
        await ensureTotpUsers(load, pool, adminOf(servers[0]), idp);
      }
      if (spec.phases.includes('GetCredentialsForIdentity')) {
        await ensureIdentityPool(load, pool, adminOf(servers[0]), idp);
      }
      if (spec.pool) {
        await warmUp(load, idp, pool, spec.phases);
      } else {
        load.log(`  warm-up: ${pool.users.length} users, one sign-in each way`);
        await eachLimited(pool.users, load.concurrency, (u) =>
          passwordSignIn(idp, pool.clientId, u),
        );
        await eachLimited(pool.users, load.concurrency, (u) => srpSignIn(idp, pool.clientId, u));
        verify = await verifyInputOf(servers[0].url, pool);
      }
      const tree = () => servers.flatMap((s) => s.sample());
      const peak = new PeakRss(tree);
      // A cluster's workers each count their own statements, and a GET reaches one of them.
      const statsUrls = spec.instances.every((i) => i.workers === 1)
        ? servers.map((s) => s.url)
        : [];
      const observed = { servers, database: spec.database, pg: spec.pg, peak, statsUrls };
      const phases = await runPhases(load, idp, pool, observed, spec.phases);
      const openLoop = spec.openLoop
        ? await runOpenLoopPhase(load, pool, servers, observed, phases, spec.openLoop)
        : undefined;
      const run: ConfigRun = {
        server: 'cognate',
        store: spec.store,
        processes: spec.processes,
        phases,
        peakRss: treeRss(tree()),
        processPeaks: peak.perProcess(),
        openLoop,
        queryStats: phases.some((p) => p.queryStats),
      };
      return { run, pool, verify };
    } finally {
      idp.close();
    }
  } catch (err) {
    throw withServerOutput(err, servers);
  } finally {
    for (const s of servers) {
      await s.stop();
      load.running.delete(s);
    }
  }
}

/** cognito-local: its pool and users through the AWS SDK, then the calls it supports. */
export async function runCognitoLocal(
  load: LoadSettings,
  phases: readonly PhaseName[],
): Promise<ConfigRun & { version: string }> {
  const server = await startCognitoLocal();
  load.running.add(server);
  const idp = new IdpClient([server.url], load.concurrency);
  try {
    load.log(`cognito-local ${server.version}: ${server.url}`);
    const pool = await createPool(
      {
        url: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      },
      load.users,
    );
    load.log(`  warm-up: ${pool.users.length} users, one sign-in each`);
    await eachLimited(pool.users, load.concurrency, (u) => passwordSignIn(idp, pool.clientId, u));
    const peak = new PeakRss(() => server.sample());
    const observed = { servers: [server], peak, statsUrls: [] };
    const results = await runPhases(load, idp, pool, observed, phases);
    return {
      server: 'cognito-local',
      version: server.version,
      store: 'JSON files',
      processes: '1',
      phases: results,
      peakRss: treeRss(server.sample()),
      processPeaks: peak.perProcess(),
    };
  } catch (err) {
    throw withServerOutput(err, [server]);
  } finally {
    idp.close();
    await server.stop();
    load.running.delete(server);
  }
}

function adminOf(server: CognateServer): AdminEndpoint {
  return { url: server.url, region: server.region, credentials: server.credentials };
}

/**
 * How a phase drives the server: `op(i)` is one timed flow (`i` counts from 0 in each run of the
 * phase, to pick a user). A phase whose flows need inputs made beforehand has `prepare(count)`,
 * which makes `count` of them (untimed); `op(i)` then takes the i-th.
 */
interface Driver {
  op: (i: number) => Promise<void>;
  prepare?: (count: number) => Promise<void>;
}

/**
 * The drivers of every phase, made afresh for each run of a phase: SignUp's usernames carry a
 * tag of their own, so they are unique across runs on a pool.
 */
function drivers(idp: IdpClient, pool: BenchPool, concurrency: number): Record<PhaseName, Driver> {
  const user = (i: number): BenchUser => pool.users[i % pool.users.length];
  const tag = randomBytes(4).toString('hex');
  let bank: VerifierRequest[] = [];
  return {
    USER_PASSWORD_AUTH: { op: (i) => passwordSignIn(idp, pool.clientId, user(i)) },
    USER_SRP_AUTH: { op: (i) => srpSignIn(idp, pool.clientId, user(i)) },
    'SRP InitiateAuth': {
      op: async (i) => {
        await srpInitiate(idp, pool.clientId, user(i));
      },
    },
    'SRP PASSWORD_VERIFIER': {
      prepare: async (count) => {
        bank = await prepareVerifiers(idp, pool, count, concurrency);
      },
      op: (i) => {
        if (i >= bank.length) throw new Error('no prepared PASSWORD_VERIFIER session left');
        return srpVerify(idp, bank[i]);
      },
    },
    SignUp: { op: (i) => signUp(idp, pool.clientId, `signup-${tag}-${i}`) },
    REFRESH_TOKEN_AUTH: { op: (i) => refreshSignIn(idp, pool.clientId, user(i)) },
    'USER_SRP_AUTH+TOTP': { op: () => totpSignIn(idp, totpPools.get(pool) as TotpPool) },
    GetCredentialsForIdentity: {
      op: (i) => guestCredentials(idp, identityPools.get(pool) as BenchIdentityPool, i),
    },
  };
}

/**
 * New server processes on a pool that exists: a few untimed calls of every phase, enough for
 * every process's JIT and every keep-alive connection to be open.
 */
async function warmUp(
  load: LoadSettings,
  idp: IdpClient,
  pool: BenchPool,
  phases: readonly PhaseName[],
) {
  const calls = Array.from({ length: 4 * load.concurrency }, (_, i) => i);
  load.log(`  warm-up: ${calls.length} calls of each phase`);
  for (const phase of phases) {
    const driver = drivers(idp, pool, load.concurrency)[phase];
    await driver.prepare?.(calls.length);
    await eachLimited(calls, load.concurrency, (i) => driver.op(i));
  }
}

interface ObservedServers {
  servers: Observed[];
  database?: Observed;
  pg?: { counters(): Promise<PgCounters> };
  peak: PeakRss;
  /** The servers whose statement counters are read (none: not counted). */
  statsUrls: string[];
}

/**
 * The statements and round trips of one flow, from a counted pass of 4 × concurrency calls made
 * just before its timed run; the counter is paused again after it, since counting costs the
 * server 4–6 % of its CPU. Undefined when the servers do not count.
 */
async function countedPass(
  load: LoadSettings,
  observed: ObservedServers,
  driver: Driver,
): Promise<QueryStats | undefined> {
  if (observed.statsUrls.length === 0) return undefined;
  const calls = Array.from({ length: 4 * load.concurrency }, (_, i) => i);
  await driver.prepare?.(calls.length);
  if (!(await setCounting(observed.statsUrls, true))) return undefined;
  try {
    if (!(await resetQueryStats(observed.statsUrls))) return undefined;
    await eachLimited(calls, load.concurrency, (i) => driver.op(i));
    return await readQueryStats(observed.statsUrls, calls.length);
  } finally {
    await setCounting(observed.statsUrls, false);
  }
}

/**
 * Runs `work` as one measured phase: inputs prepared first, then the peak RSS starts afresh and
 * PostgreSQL's counters are read around it (`flows` of it were sent).
 */
async function measured<R extends Pick<PhaseResult, 'queryStats' | 'postgres'>>(
  observed: ObservedServers,
  work: () => Promise<R & { peakRssBytes?: number }>,
  flows: (r: R) => number,
): Promise<R> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, PG_STATS_DELAY_MS));
  let pgBefore: PgCounters | undefined;
  if (observed.pg) {
    await pause();
    pgBefore = await observed.pg.counters();
  }
  observed.peak.reset();
  const result = await work();
  result.peakRssBytes ??= observed.peak.phase();
  if (observed.pg && pgBefore) {
    await pause();
    result.postgres = pgPerOp(pgBefore, await observed.pg.counters(), flows(result));
  }
  return result;
}

async function runPhases(
  load: LoadSettings,
  idp: IdpClient,
  pool: BenchPool,
  observed: ObservedServers,
  phases: readonly PhaseName[],
): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  for (const name of phases) {
    const driver = drivers(idp, pool, load.concurrency)[name];
    // A driver of its own: its inputs (sign-up names, prepared sessions) are not the phase's.
    const queryStats = await countedPass(
      load,
      observed,
      drivers(idp, pool, load.concurrency)[name],
    );
    let limit: number | undefined;
    if (driver.prepare) {
      limit = verifierBankSize(load, results);
      load.log(`  ${name}: preparing ${limit} sessions`);
      await driver.prepare(limit);
    }
    load.log(`  ${name}: ${load.seconds} s at concurrency ${load.concurrency}`);
    results.push(
      await measured(
        observed,
        () =>
          runPhase({
            name,
            seconds: load.seconds,
            concurrency: load.concurrency,
            servers: observed.servers,
            database: observed.database,
            op: driver.op,
            limit,
          }),
        (r) => r.ops + r.errors,
      ),
    );
    if (queryStats) results[results.length - 1].queryStats = queryStats;
  }
  return results;
}

/**
 * Sessions the closed-loop PASSWORD_VERIFIER phase gets: what its crypto bound allows in one
 * phase, but no more than five times the full SRP sign-ins measured just before (the step is
 * most of a sign-in's work, and the full sign-in also pays for the generator's SRP math); the
 * phase ends early, and says so, if they run out.
 */
function verifierBankSize(load: LoadSettings, earlier: PhaseResult[]): number {
  const bound = load.verifierBank ?? 2000 * load.seconds;
  const srp = earlier.find((p) => p.name === 'USER_SRP_AUTH' && p.ops > 0);
  const cap = srp ? Math.ceil(5 * srp.perSecond * load.seconds) : bound;
  return Math.max(4 * load.concurrency, Math.min(bound, cap));
}

/**
 * The open-loop phase: each operation of OPEN_LOOP_PHASES that ran closed-loop here, at each
 * fraction of its closed-loop maximum, through a client of its own with sockets to spare.
 */
async function runOpenLoopPhase(
  load: LoadSettings,
  pool: BenchPool,
  servers: CognateServer[],
  observed: ObservedServers,
  closed: PhaseResult[],
  settings: OpenLoopSettings,
): Promise<OpenLoopResult[]> {
  const idp = new IdpClient(
    servers.map((s) => s.url),
    OPEN_LOOP_SOCKETS,
  );
  const results: OpenLoopResult[] = [];
  try {
    for (const name of OPEN_LOOP_PHASES) {
      const max = closed.find((p) => p.name === name && p.ops > 0)?.perSecond;
      if (!max) continue;
      for (const fraction of OPEN_LOOP_FRACTIONS) {
        const driver = drivers(idp, pool, load.concurrency)[name];
        const rate = max * fraction;
        const count = Math.ceil(rate * (settings.leadSeconds + settings.seconds)) + 1;
        if (driver.prepare) {
          load.log(`  open loop ${name}: preparing ${count} sessions`);
          await driver.prepare(count);
        }
        load.log(
          `  open loop ${name}: ${rate.toFixed(0)}/s (${(100 * fraction).toFixed(0)}% of ${max.toFixed(0)}/s) for ${settings.seconds} s after ${settings.leadSeconds} s`,
        );
        results.push(
          await measured(
            observed,
            () =>
              runOpenLoop({
                name,
                maxPerSecond: max,
                fraction,
                seconds: settings.seconds,
                leadSeconds: settings.leadSeconds,
                servers: observed.servers,
                op: driver.op,
                peak: observed.peak,
              }),
            // The counters include the lead-in's requests.
            (r) => Math.round(r.ratePerSecond * settings.leadSeconds) + r.sent,
          ),
        );
      }
    }
  } finally {
    idp.close();
  }
  return results;
}

/** The pool's JWKS and every user's access token, all from the same server (one issuer). */
async function verifyInputOf(url: string, pool: BenchPool): Promise<VerifyInput> {
  const res = await fetch(`${url}/${pool.userPoolId}/.well-known/jwks.json`);
  if (!res.ok) throw new Error(`JWKS: HTTP ${res.status}`);
  const tokens = pool.users.map((u) => u.accessToken).filter((t): t is string => Boolean(t));
  const payload = JSON.parse(Buffer.from(tokens[0].split('.')[1], 'base64url').toString('utf8'));
  return { jwks: (await res.json()) as JSONWebKeySet, tokens, issuer: payload.iss };
}

function withServerOutput(err: unknown, servers: ChildServer[]): Error {
  const lines = servers.map((s) => {
    const exit = s.exitStatus();
    const out = s.output().trim();
    return `${exit ? `server ${s.pid} exited (${exit})` : `server ${s.pid}`}${out ? `:\n${out.slice(-4000)}` : ''}`;
  });
  const e = err instanceof Error ? err : new Error(String(err));
  e.message = `${e.message}\n${lines.join('\n')}`;
  return e;
}
