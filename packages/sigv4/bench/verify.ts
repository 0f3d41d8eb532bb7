/**
 * The verifier's checks per second (`npm run bench -w @cognate/sigv4`): a Cognate server on SQLite
 * in this process issues real guest credentials, one request is signed with them, and the
 * verifier checks it (signature, credentials, expiry, host, then the role's policy) over and over:
 *
 * - offline: with the shared credentials key, in this process, one check after another (policies
 *   fetched once from the server and cached; the server is stopped before this phase);
 * - online: every check asks the server (CognateVerifyRequest over keep-alive HTTP), `concurrency`
 *   checks at a time.
 *
 *   npm run bench -w @cognate/sigv4 -- [--seconds 3] [--concurrency 8] [--json]
 *
 * Prints a table: checks/s, p50 and p99 latency in ms.
 */
import { parseArgs } from 'node:util';
import { createVerifier, evaluatePolicy, identityVariables, type Verifier } from '../src/index.ts';
import { sign, startFixture } from '../test/support.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Row {
  mode: string;
  concurrency: number;
  checks: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  mode: string,
  verifier: Verifier,
  request: Parameters<Verifier['verify']>[0],
  parallel: number,
): Promise<Row> {
  // Warm up: caches (policies, signing keys), JIT, the keep-alive connections.
  for (let i = 0; i < 50; i++) await verifier.verify(request);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const caller = await verifier.verify(request);
        const decision = evaluatePolicy(caller.policies, {
          action: 'notes:GetNote',
          resource: `arn:aws:notes:::note/${caller.identityId}/n1`,
          variables: identityVariables(caller),
        });
        if (decision !== 'allowed') errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: parallel }, loop));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    mode,
    concurrency: parallel,
    checks: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

const f = await startFixture();
let closed = false;
try {
  const host = 'api.example.com';
  const path = `/notes/${encodeURIComponent(f.identityId)}/n1`;
  const headers = await sign(f.creds, host, { method: 'GET', path }, { date: new Date() });
  const request = { method: 'GET', url: path, headers };
  const offline = createVerifier({
    credentialsKey: f.credentialsKey,
    endpoint: f.t.url,
    adminCredentials: f.admin,
    hosts: [host],
  });
  const online = createVerifier({ endpoint: f.t.url, adminCredentials: f.admin, hosts: [host] });
  process.stderr.write(`verifier bench: ${seconds} s a phase\n`);
  const onlineRow = await measure(
    'online (CognateVerifyRequest, SQLite)',
    online,
    request,
    concurrency,
  );
  // Policies fetched and cached, the offline phase needs no server: stopped, it cannot take this
  // process's time from the checks.
  await offline.verify(request);
  await f.close();
  closed = true;
  const rows = [await measure('offline (credentials key)', offline, request, 1), onlineRow];
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log('| verifier | concurrency | checks/s | p50 ms | p99 ms | errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(
        `| ${r.mode} | ${r.concurrency} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.errors} |`,
      );
  }
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
} finally {
  if (!closed) await f.close();
}
