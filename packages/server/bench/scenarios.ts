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
import { type Observed, type TreeRss, treeRss } from './proc.ts';
import { type CognateOptions, type CognateServer, startCognate } from './server-process.ts';
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
  'SignUp',
  'REFRESH_TOKEN_AUTH',
  'USER_SRP_AUTH+TOTP',
  'GetCredentialsForIdentity',
] as const;
export type PhaseName = (typeof PHASES)[number];

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
  },
): Promise<{ run: ConfigRun; pool: BenchPool; verify?: VerifyInput }> {
  const servers: CognateServer[] = [];
  try {
    // One after the other: the first one creates or migrates the schema.
    for (const opts of spec.instances) {
      const server = await startCognate(opts);
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
      const phases = await runPhases(
        load,
        idp,
        pool,
        { servers, database: spec.database },
        spec.phases,
      );
      const peakRss = treeRss(servers.flatMap((s) => s.sample()));
      const run = {
        server: 'cognate',
        store: spec.store,
        processes: spec.processes,
        phases,
        peakRss,
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
    const results = await runPhases(load, idp, pool, { servers: [server] }, phases);
    return {
      server: 'cognito-local',
      version: server.version,
      store: 'JSON files',
      processes: '1',
      phases: results,
      peakRss: treeRss(server.sample()),
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

/** The call each phase times; SignUp usernames are unique across runs sharing a pool. */
function operations(
  idp: IdpClient,
  pool: BenchPool,
): Record<PhaseName, (i: number) => Promise<void>> {
  const user = (i: number): BenchUser => pool.users[i % pool.users.length];
  const tag = randomBytes(4).toString('hex');
  return {
    USER_PASSWORD_AUTH: (i) => passwordSignIn(idp, pool.clientId, user(i)),
    USER_SRP_AUTH: (i) => srpSignIn(idp, pool.clientId, user(i)),
    SignUp: (i) => signUp(idp, pool.clientId, `signup-${tag}-${i}`),
    REFRESH_TOKEN_AUTH: (i) => refreshSignIn(idp, pool.clientId, user(i)),
    'USER_SRP_AUTH+TOTP': () => totpSignIn(idp, totpPools.get(pool) as TotpPool),
    GetCredentialsForIdentity: (i) =>
      guestCredentials(idp, identityPools.get(pool) as BenchIdentityPool, i),
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
  const ops = operations(idp, pool);
  const calls = Array.from({ length: 4 * load.concurrency }, (_, i) => i);
  load.log(`  warm-up: ${calls.length} calls of each phase`);
  for (const phase of phases) await eachLimited(calls, load.concurrency, (i) => ops[phase](i));
}

async function runPhases(
  load: LoadSettings,
  idp: IdpClient,
  pool: BenchPool,
  observed: { servers: Observed[]; database?: Observed },
  phases: readonly PhaseName[],
): Promise<PhaseResult[]> {
  const ops = operations(idp, pool);
  const results: PhaseResult[] = [];
  for (const name of phases) {
    load.log(`  ${name}: ${load.seconds} s at concurrency ${load.concurrency}`);
    results.push(
      await runPhase({
        name,
        seconds: load.seconds,
        concurrency: load.concurrency,
        ...observed,
        op: ops[name],
      }),
    );
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
