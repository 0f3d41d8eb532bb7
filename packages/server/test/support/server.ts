// Test servers: a Cognate server on a free port with a database of its own on the store under
// test (SQLite or PostgreSQL), SDK clients for it, a clock the test moves, and a real SMTP server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { type Config, defaults } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import type { Fsync } from '../../src/store/sqlite-durability.ts';

/** A clock tests can move forward. */
export class TestClock {
  offset = 0;
  /** While frozen, the instant `now` answers; time then moves only with `advance`. */
  private frozenAt: number | undefined;
  now = () => this.frozenAt ?? Date.now() + this.offset;
  advance(ms: number) {
    this.offset += ms;
    if (this.frozenAt !== undefined) this.frozenAt += ms;
  }
  /**
   * Stops server time, so a rule that expires (a lockout, a session) cannot expire while a slow
   * machine runs the test's requests. `thaw` restarts it from where it stood.
   */
  freeze() {
    this.frozenAt = this.now();
  }
  thaw() {
    if (this.frozenAt === undefined) return;
    this.offset = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}

/** One captured email. */
export interface Mail {
  to: string;
  raw: string;
  code?: string;
}

/** A real SMTP server (smtp-server) that keeps what it receives. */
export async function startSmtp() {
  const mails: Mail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString();
      });
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const body = raw
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join('\n');
        mails.push({ to, raw, code: /\b(\d{6})\b/.exec(body)?.[1] });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    mails,
    /** Waits for the next mail to `to` after `since` mails, and returns it. */
    async next(to: string, since = 0): Promise<Mail> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = mails
          .slice(since)
          .reverse()
          .find((m) => m.to === to);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>;

/** The stores the suite can run on. */
export type TestStore = 'sqlite' | 'postgres';

/**
 * The store under test, from env `COGNATE_TEST_STORE`: `sqlite` (the default) or `postgres`.
 * `npm test` runs the suite once with each.
 */
export const testStore: TestStore = storeFromEnv(process.env.COGNATE_TEST_STORE);

function storeFromEnv(value: string | undefined): TestStore {
  if (!value || value === 'sqlite') return 'sqlite';
  if (value === 'postgres') return 'postgres';
  throw new Error(`COGNATE_TEST_STORE must be sqlite or postgres, not ${value}`);
}

/**
 * The PostgreSQL server tests make their databases on (env `COGNATE_TEST_PG_URL`): any database
 * on it that the user may connect to; the user must be allowed to create databases.
 */
export const testPgUrl =
  process.env.COGNATE_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/**
 * True when this run has a PostgreSQL server: the postgres pass, or a sqlite pass that
 * `npm test` handed the server to (tests that compare both stores then run both).
 */
export const pgAvailable = testStore === 'postgres' || Boolean(process.env.COGNATE_TEST_PG_URL);

let adminPool: pg.Pool | undefined;
function pgAdmin(): pg.Pool {
  adminPool ??= new pg.Pool({ connectionString: testPgUrl, max: 2, allowExitOnIdle: true });
  return adminPool;
}

/** A database of its own for a test. */
export interface TestDatabase {
  /** The PostgreSQL URL; undefined on SQLite, where the data folder holds the database. */
  url?: string;
  /** Removes the database (PostgreSQL); its servers must be closed first. */
  drop(): Promise<void>;
}

/** A new, empty PostgreSQL database on the test server, named `cognate_t_<random>`. */
export async function createPgDatabase(): Promise<Required<TestDatabase>> {
  const name = `cognate_t_${randomBytes(6).toString('hex')}`;
  await pgAdmin().query(`create database ${name}`);
  const url = new URL(testPgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await pgAdmin().query(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A fresh database on the store under test (on SQLite: none, the data folder's file serves). */
export async function createTestDatabase(store: TestStore = testStore): Promise<TestDatabase> {
  if (store === 'postgres') return createPgDatabase();
  return { drop: async () => {} };
}

/** A server on a free port and its own database (the store under test), with clients for it. */
export interface TestServer {
  server: RunningServer;
  url: string;
  clock: TestClock;
  dataDir: string;
  /** The PostgreSQL URL it uses; undefined on SQLite. */
  database?: string;
  smtp?: TestSmtp;
  /** AWS SDK client signed with the server's admin key (management calls). */
  admin: CognitoIdentityProviderClient;
  /** AWS SDK client with no valid credentials (user calls need none). */
  anon: CognitoIdentityProviderClient;
  /** Latest dev-outbox message for a username or address. */
  outbox(
    username: string,
  ): Promise<{ code?: string; body: string; destination: string } | undefined>;
  close(): Promise<void>;
}

/**
 * Starts a server for a test, on the store under test. `smtp: true` delivers mail to a real SMTP
 * server. On PostgreSQL the server gets a fresh database, dropped when it closes, unless
 * `database` names one to share (several servers on one database; the caller drops it).
 */
export async function startTestServer(
  opts: {
    smtp?: boolean;
    config?: Partial<Config>;
    dataDir?: string;
    database?: string;
    /** How SQLite's WAL is flushed (see startServer). */
    flushFile?: Fsync;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'cognate-test-'));
  const given = opts.database ?? opts.config?.database;
  const own = given || testStore !== 'postgres' ? undefined : await createPgDatabase();
  const smtp = opts.smtp ? await startSmtp() : undefined;
  const clock = new TestClock();
  const config: Config = {
    ...defaults,
    port: 0,
    dataDir,
    logLevel: 'silent',
    ...opts.config,
    database: given ?? own?.url,
    smtp: smtp ? { ...defaults.smtp, host: '127.0.0.1', port: smtp.port } : defaults.smtp,
  };
  let server: RunningServer;
  try {
    server = await startServer(config, {
      clock,
      log: pino({ level: 'silent' }),
      flushFile: opts.flushFile,
    });
  } catch (err) {
    await smtp?.close();
    await own?.drop();
    throw err;
  }
  const url = server.url;
  const admin = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: {
      accessKeyId: server.accessKey.accessKeyId,
      secretAccessKey: server.accessKey.secret,
    },
  });
  const anon = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
  });
  return {
    server,
    url,
    clock,
    dataDir,
    database: config.database,
    smtp,
    admin,
    anon,
    async outbox(username) {
      const res = await fetch(`${url}/_dev/outbox?username=${encodeURIComponent(username)}`);
      const json = (await res.json()) as {
        messages: { code?: string; body: string; destination: string }[];
      };
      return json.messages[0];
    },
    async close() {
      admin.destroy();
      anon.destroy();
      await server.close();
      await smtp?.close();
      await own?.drop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Moves server time forward and keeps the admin client's SigV4 signing date in step with it.
 * (The SDK would also correct itself from the server's Date header after one refused try.)
 */
export function advanceClock(t: TestServer, ms: number): void {
  t.clock.advance(ms);
  const config = t.admin.config as unknown as { systemClockOffset: number };
  config.systemClockOffset = t.clock.offset;
}
