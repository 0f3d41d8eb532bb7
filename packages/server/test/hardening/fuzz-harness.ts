// Runs fuzzed requests against a real server over HTTP and checks what every answer must be:
// never a 5xx, never a crash (the server still answers /health), never a hang (each request
// bounded in time), a 4xx in its API's error shape with a code the server defines, and no
// change to the database on a rejected request (a digest of every table before and after).
// Shared by the CI test (fuzz.test.ts) and the long run (scripts/fuzz.mjs).
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { sql } from 'kysely';
import { sweepExpired } from '../../src/services/housekeeping.ts';
import { startTestServer, type TestServer, testStore } from '../support/server.ts';
import { PASSWORD, unique } from '../support/users.ts';
import { Sha256 } from '../support/wire.ts';
import {
  anyRequest,
  catalogue,
  type FixtureKey,
  type FuzzRequest,
  knownErrorCodes,
  Ref,
} from './fuzz-requests.ts';

/** Longest a request may take before it counts as a hang. */
export const REQUEST_TIMEOUT_MS = 20_000;
const REGION = 'us-east-1';

// Rows a rejected request may write, as Cognito's own rules require: rate-limit buckets, the
// lockout's failure counts (real or a decoy's), sign-in history and the audit trail.
const LEDGER_TABLES = new Set([
  'rate_limits',
  'sign_in_failures',
  'auth_events',
  'audit_events',
  'kysely_migration',
  'kysely_migration_lock',
]);
// Rows a rejected *attempt* may change (a wrong code or answer counts its try, burns a sign-in
// session, or expires the code it used up), only when the answer says it was such an attempt.
const ATTEMPT_TABLES = new Set(['auth_sessions', 'codes']);
const ATTEMPT_ERRORS = new Set([
  'NotAuthorizedException',
  'CodeMismatchException',
  'ExpiredCodeException',
  'TooManyFailedAttemptsException',
  'EnableSoftwareTokenMFAException',
  'LimitExceededException',
  'PasswordResetRequiredException',
  'invalid_grant',
]);

/** The fixture's values that requests may name. */
export type Fixture = Record<FixtureKey, string> & { clientSecret: string };

/** One observed violation of a property. */
export class FuzzViolation extends Error {}

/** A cheap fingerprint of every table: row count and a hash of its rows. */
export type Digest = Map<string, string>;

async function tableNames(t: TestServer): Promise<{ table: string; columns: string[] }[]> {
  const db = t.server.db;
  const rows =
    testStore === 'postgres'
      ? (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
        ).rows
      : (
          await sql<{ name: string }>`select name from sqlite_master
            where type = 'table' and name not like 'sqlite_%'`.execute(db)
        ).rows;
  const names = rows
    .map((r) => r.name)
    .filter((n) => !LEDGER_TABLES.has(n))
    .sort();
  const out: { table: string; columns: string[] }[] = [];
  for (const table of names) {
    const columns =
      testStore === 'postgres'
        ? []
        : (
            await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)
          ).rows.map((r) => r.name);
    out.push({ table, columns });
  }
  return out;
}

/** One query fingerprinting every table but the ledgers. */
function digestQuery(tables: { table: string; columns: string[] }[]): string {
  const part = ({ table, columns }: { table: string; columns: string[] }) =>
    testStore === 'postgres'
      ? `select '${table}' as t, count(*)::text as n,
           md5(coalesce(string_agg(x::text, chr(31) order by x::text), '')) as h from "${table}" x`
      : `select '${table}' as t, count(*) as n, group_concat(r, char(31)) as h
           from (select json_array(${columns.map((c) => `"${c}"`).join(', ')}) as r
             from "${table}" order by r)`;
  return tables.map(part).join(' union all ');
}

/** A server with a fixture, frozen time and the digest of its tables. */
export class FuzzTarget {
  fixture!: Fixture;
  private tables: { table: string; columns: string[] }[] = [];
  private query = '';
  private constructor(readonly t: TestServer) {}

  static async start(): Promise<FuzzTarget> {
    const t = await startTestServer({
      config: {
        // Limits on: their refusals are part of what is fuzzed. Per-IP limits skip loopback.
        rateLimits: {
          enabled: true,
          perIp: '20/s',
          perClient: '2000/s',
          perPool: '5000/s',
          codesPerUser: '5/h',
          codesPerIp: '100/h',
          exemptLoopback: true,
        },
        bodyLimit: 1024 * 1024,
      },
    });
    const target = new FuzzTarget(t);
    // Time moves only between cases, so nothing expires (and no background sweep deletes)
    // while one request is measured.
    t.clock.freeze();
    await target.buildFixture();
    target.tables = await tableNames(t);
    target.query = digestQuery(target.tables);
    return target;
  }

  async close() {
    await this.t.close();
  }

  /** Every table's fingerprint. */
  async digest(): Promise<Digest> {
    const { rows } = await sql
      .raw<{ t: string; n: string | number; h: string | null }>(this.query)
      .execute(this.t.server.db);
    const out: Digest = new Map();
    for (const r of rows) {
      const hash =
        testStore === 'postgres'
          ? r.h
          : createHash('sha1')
              .update(r.h ?? '')
              .digest('hex');
      out.set(r.t, `${r.n}:${hash}`);
    }
    return out;
  }

  /**
   * Moves time on (rate limits refill, sessions expire) and sweeps what expired, so the
   * server's own periodic sweep finds nothing to delete until the next step.
   */
  async step(ms: number) {
    this.t.clock.advance(ms);
    await sweepExpired(this.t.server.ctx);
  }

  /** A JSON 1.1 call of the fixture's setup, signed with the admin key when `signed`. */
  async call(api: 'cognito-idp' | 'cognito-identity', op: string, body: unknown, signed = true) {
    const target =
      api === 'cognito-idp' ? 'AWSCognitoIdentityProviderService' : 'AWSCognitoIdentityService';
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${target}.${op}`,
    };
    const signedHeaders = signed ? await this.sign(headers, raw, api, 'admin') : headers;
    const res = await fetch(this.t.url, { method: 'POST', headers: signedHeaders, body: raw });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${op} failed in the fixture: ${JSON.stringify(json)}`);
    // biome-ignore lint/suspicious/noExplicitAny: the fixture reads a few members of each answer.
    return json as Record<string, any>;
  }

  /** SigV4 headers for a POST to `/`, dated by the server's clock. */
  async sign(
    headers: Record<string, string>,
    body: string,
    service: string,
    key: 'admin' | 'wrong-key',
  ): Promise<Record<string, string>> {
    const url = new URL(this.t.url);
    const signer = new SignatureV4({
      service,
      region: REGION,
      credentials: {
        accessKeyId: this.t.server.accessKey.accessKeyId,
        secretAccessKey: key === 'admin' ? this.t.server.accessKey.secret : 'wrong-secret',
      },
      sha256: Sha256,
    });
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, ...headers },
        body,
      },
      { signingDate: new Date(this.t.clock.now()) },
    );
    const { host: _host, ...out } = signed.headers;
    return out;
  }

  /**
   * A pool with a domain, a group, a public OAuth client and one with a secret, a confirmed
   * user signed in (tokens) and mid-SRP (a live Session), an identity pool with an identity,
   * and an IAM role: the real values requests name.
   */
  async buildFixture(): Promise<void> {
    const { UserPool } = await this.call('cognito-idp', 'CreateUserPool', {
      PoolName: unique('fuzz'),
      AutoVerifiedAttributes: ['email'],
    });
    const poolId = UserPool.Id as string;
    const flows = [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
    ];
    const oauth = {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code', 'implicit'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      CallbackURLs: ['http://localhost:3000/callback'],
      LogoutURLs: ['http://localhost:3000/signed-out'],
      SupportedIdentityProviders: ['COGNITO'],
    };
    const { UserPoolClient: client } = await this.call('cognito-idp', 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'fuzz',
      ExplicitAuthFlows: flows,
      PreventUserExistenceErrors: 'ENABLED',
      ...oauth,
    });
    const { UserPoolClient: secretClient } = await this.call(
      'cognito-idp',
      'CreateUserPoolClient',
      {
        UserPoolId: poolId,
        ClientName: 'fuzz-secret',
        GenerateSecret: true,
        ExplicitAuthFlows: flows,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://localhost:3000/callback'],
        SupportedIdentityProviders: ['COGNITO'],
      },
    );
    const domain = unique('fuzz').toLowerCase();
    await this.call('cognito-idp', 'CreateUserPoolDomain', { UserPoolId: poolId, Domain: domain });
    const groupName = unique('group');
    await this.call('cognito-idp', 'CreateGroup', { UserPoolId: poolId, GroupName: groupName });
    const username = unique('fuzzer');
    const { User } = await this.call('cognito-idp', 'AdminCreateUser', {
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    await this.call('cognito-idp', 'AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    });
    const userSub = (User.Attributes as { Name: string; Value: string }[]).find(
      (a) => a.Name === 'sub',
    )?.Value as string;
    const { AuthenticationResult: tokens } = await this.call(
      'cognito-idp',
      'InitiateAuth',
      {
        ClientId: client.ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      },
      false,
    );
    const { Session: session } = await this.call(
      'cognito-idp',
      'InitiateAuth',
      {
        ClientId: client.ClientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: username, SRP_A: 'ab'.repeat(192) },
      },
      false,
    );
    const provider = `${new URL(this.t.url).host}/${poolId}`;
    const identityPool = await this.call('cognito-identity', 'CreateIdentityPool', {
      IdentityPoolName: unique('fuzz'),
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: client.ClientId }],
    });
    const { IdentityId } = await this.call(
      'cognito-identity',
      'GetId',
      { IdentityPoolId: identityPool.IdentityPoolId },
      false,
    );
    this.fixture = {
      poolId,
      clientId: client.ClientId,
      secretClientId: secretClient.ClientId,
      clientSecret: secretClient.ClientSecret,
      username,
      password: PASSWORD,
      accessToken: tokens.AccessToken,
      idToken: tokens.IdToken,
      refreshToken: tokens.RefreshToken,
      session: session ?? 'no-session',
      groupName,
      domain,
      identityPoolId: identityPool.IdentityPoolId,
      identityId: IdentityId,
      roleName: 'fuzz-role',
      accessKeyId: this.t.server.accessKey.accessKeyId,
      userSub,
    };
  }
}

/** Replaces Refs (and `<key>` placeholders in strings) with the fixture's values. */
function resolve(value: unknown, fx: Fixture): unknown {
  if (value instanceof Ref) return fx[value.key];
  if (Array.isArray(value)) return value.map((v) => resolve(v, fx));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolve(v, fx);
    return out;
  }
  return value;
}

function placeholders(text: string, fx: Fixture): string {
  return text.replace(/<(\w+)>/g, (whole, key: string) =>
    key === 'basic'
      ? Buffer.from(`${fx.secretClientId}:${fx.clientSecret}`).toString('base64')
      : key in fx
        ? String(fx[key as FixtureKey])
        : whole,
  );
}

/** What one request got. */
export interface Outcome {
  status: number;
  /** The error code of a refusal (`__type`, `<Code>`, OAuth's `error`), when there is one. */
  code?: string;
  ms: number;
}

/** Sends a generated request; throws FuzzViolation on a 5xx, a hang or a malformed refusal. */
export async function send(target: FuzzTarget, req: FuzzRequest, known: Set<string>) {
  const fx = target.fixture;
  let body: string | undefined;
  let path = req.path.replace('{domain}', fx.domain);
  if (req.body && 'json' in req.body) body = JSON.stringify(resolve(req.body.json, fx)) ?? '';
  if (req.body && 'raw' in req.body) body = placeholders(req.body.raw, fx);
  if (req.body && 'form' in req.body) {
    const form = new URLSearchParams();
    for (const [k, v] of req.body.form) {
      const value = resolve(v, fx);
      form.append(k, typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
    }
    if (req.method === 'GET') path += `?${form}`;
    else body = form.toString();
  }
  let headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = placeholders(v, fx);
  if (req.signing !== 'none' && req.method === 'POST')
    headers = await target.sign(headers, body ?? '', req.service ?? 'cognito-idp', req.signing);
  const started = performance.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(target.t.url + path, {
      method: req.method,
      headers,
      body: req.method === 'POST' ? body : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (err) {
    throw new FuzzViolation(
      `${req.endpoint.name}: no answer within ${REQUEST_TIMEOUT_MS} ms (${(err as Error).message})`,
    );
  }
  const ms = performance.now() - started;
  const what = `${req.endpoint.api} ${req.endpoint.name} answered ${res.status}: ${text.slice(0, 300)}`;
  if (res.status >= 500) throw new FuzzViolation(what);
  const outcome: Outcome = { status: res.status, ms };
  if (res.status < 400) return outcome;
  // Node's HTTP parser refuses headers over 16 KB before any route runs: not the server's shape.
  if (res.status === 431) {
    outcome.code = 'HTTP 431 (headers over 16 KB, refused by Node)';
    return outcome;
  }
  if (req.expect === 'aws-json') {
    let parsed: { __type?: unknown; message?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new FuzzViolation(`refusal is not JSON: ${what}`);
    }
    if (typeof parsed.__type !== 'string' || !known.has(parsed.__type))
      throw new FuzzViolation(`refusal without a known __type: ${what}`);
    if (res.headers.get('content-type')?.startsWith('application/') !== true)
      throw new FuzzViolation(`refusal without a JSON content type: ${what}`);
    outcome.code = parsed.__type;
  } else if (req.expect === 'aws-xml') {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    if (!text.startsWith('<ErrorResponse') || !code || !known.has(code))
      throw new FuzzViolation(`refusal without a known <Code>: ${what}`);
    outcome.code = code;
  } else if (req.expect === 'oauth-json') {
    let parsed: { error?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new FuzzViolation(`OAuth refusal is not JSON: ${what}`);
    }
    if (typeof parsed.error !== 'string' || !known.has(parsed.error))
      throw new FuzzViolation(`OAuth refusal without a known error: ${what}`);
    outcome.code = parsed.error;
  } else {
    outcome.code = `HTTP ${res.status}`;
  }
  return outcome;
}

/** The tables whose fingerprint differs. */
function changed(before: Digest, after: Digest): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t));
}

// Operations whose success changes what the fixture relies on (tokens, the user, the pool):
// after one succeeds, the fixture is made again.
const KEEPS_FIXTURE =
  /^(Get|Describe|List|Create|Lookup|Admin(Get|List|Create|AddUserToGroup|InitiateAuth|RespondToAuthChallenge|ConfirmSignUp|SetUserSettings))|^(InitiateAuth|RespondToAuthChallenge|SignUp|ConfirmSignUp|ResendConfirmationCode|ForgotPassword|SetUserSettings|TagResource|CognateVerifyRequest|GET |POST \/oauth2\/(token|userInfo)|\(raw)/;

/** Cases between two fixtures at least. */
const REBUILD_EVERY = 40;

/** Counts of a run, for the report. */
export interface FuzzStats {
  cases: number;
  byStatus: Map<number, number>;
  /** Refusals by code. */
  byCode: Map<string, number>;
  /** Cases per endpoint (api + name). */
  byEndpoint: Map<string, number>;
  fixtures: number;
  /** Slowest answer, ms. */
  slowestMs: number;
  slowest?: string;
}

export function newStats(): FuzzStats {
  return {
    cases: 0,
    byStatus: new Map(),
    byCode: new Map(),
    byEndpoint: new Map(),
    fixtures: 1,
    slowestMs: 0,
  };
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * Runs one case and checks every property; a FuzzViolation says which failed. Keeps the
 * digest of the state after it for the next case.
 */
export class FuzzSession {
  private before?: Digest;
  private dirty = false;
  private builtAt = 0;
  readonly known = knownErrorCodes();
  constructor(
    readonly target: FuzzTarget,
    readonly stats: FuzzStats = newStats(),
  ) {}

  async runCase(req: FuzzRequest): Promise<void> {
    const target = this.target;
    this.before ??= await target.digest();
    const outcome = await send(target, req, this.known);
    const s = this.stats;
    s.cases += 1;
    bump(s.byStatus, outcome.status);
    bump(s.byEndpoint, `${req.endpoint.api} ${req.endpoint.name}`);
    if (outcome.code) bump(s.byCode, outcome.code);
    if (outcome.ms > s.slowestMs) {
      s.slowestMs = outcome.ms;
      s.slowest = `${req.endpoint.api} ${req.endpoint.name} (${outcome.status})`;
    }
    const health = await fetch(`${target.t.url}/health`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch((err: Error) => err);
    if (health instanceof Error || health.status !== 200)
      throw new FuzzViolation(`/health did not answer after ${req.endpoint.name}`);
    const after = await target.digest();
    if (outcome.status >= 400) {
      const allowed =
        outcome.code && ATTEMPT_ERRORS.has(outcome.code) ? ATTEMPT_TABLES : new Set<string>();
      const moved = changed(this.before, after).filter((t) => !allowed.has(t));
      if (moved.length > 0) {
        this.before = after;
        throw new FuzzViolation(
          `${req.endpoint.api} ${req.endpoint.name} was refused (${outcome.status} ${outcome.code}) ` +
            `but changed ${moved.join(', ')}`,
        );
      }
    }
    this.before = after;
    if (outcome.status < 300 && !KEEPS_FIXTURE.test(req.endpoint.name)) this.dirty = true;
    // Made again at most every REBUILD_EVERY cases: a fixture costs a second or more (a pool's
    // signing key, a sign-in), and most cases do not need the part that changed.
    if (this.dirty && s.cases - this.builtAt >= REBUILD_EVERY) {
      await target.buildFixture();
      s.fixtures += 1;
      this.dirty = false;
      this.builtAt = s.cases;
      this.before = await target.digest();
    }
    if (s.cases % 50 === 0) {
      // Time moves on in steps: rate limits refill, codes and sessions expire.
      await target.step(2_000);
      this.before = await target.digest();
    }
  }
}

/** Options of a fuzz run. */
export interface FuzzRunOptions {
  runs: number;
  seed: number;
  /** Stop (without failing) after this long, in ms. */
  timeLimitMs?: number;
  /** Start a fresh server after this many cases (keeps tables and digests small). */
  casesPerServer?: number;
  /** Called after each case (progress). */
  onCase?: (stats: FuzzStats) => void;
}

/**
 * Runs the property over every endpoint with fast-check; resolves to the stats, rejects with
 * fast-check's report (seed, path and the shrunk request) on a violation.
 */
export async function runFuzz(opts: FuzzRunOptions): Promise<FuzzStats> {
  const stats = newStats();
  let target = await FuzzTarget.start();
  let session = new FuzzSession(target, stats);
  let onThisServer = 0;
  const deadline = opts.timeLimitMs ? Date.now() + opts.timeLimitMs : Number.POSITIVE_INFINITY;
  const property = fc.asyncProperty(anyRequest(catalogue()), async (req) => {
    // Past the time budget the remaining runs pass without a request (fast-check's own time
    // limit is not checked between the runs of an async property).
    if (Date.now() > deadline) return;
    if (opts.casesPerServer && onThisServer >= opts.casesPerServer) {
      await target.close();
      target = await FuzzTarget.start();
      session = new FuzzSession(target, stats);
      onThisServer = 0;
    }
    onThisServer += 1;
    await session.runCase(req);
    opts.onCase?.(stats);
  });
  try {
    await fc.assert(property, {
      numRuns: opts.runs,
      seed: opts.seed,
      includeErrorInReport: true,
    });
  } finally {
    await target.close();
  }
  return stats;
}

/** Stats as lines of text (cases, statuses, refusals by code, slowest answer). */
export function formatStats(stats: FuzzStats, seconds: number): string {
  const sorted = <K>(m: Map<K, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  const lines = [
    `cases: ${stats.cases} in ${seconds.toFixed(1)} s (${(stats.cases / seconds).toFixed(0)}/s), fixtures made: ${stats.fixtures}`,
    `status: ${sorted(stats.byStatus)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ')}`,
    `5xx: ${[...stats.byStatus].filter(([k]) => k >= 500).reduce((n, [, v]) => n + v, 0)}`,
    `refusals by code: ${sorted(stats.byCode)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `endpoints reached: ${stats.byEndpoint.size}`,
    `slowest answer: ${stats.slowestMs.toFixed(0)} ms (${stats.slowest ?? '-'})`,
  ];
  return lines.join('\n');
}
