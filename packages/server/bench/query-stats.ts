/**
 * SQL statements and PostgreSQL round trips per operation, from the server's own counter: started
 * with `COGNATE_QUERY_STATS=1`, it answers `GET /_dev/query-stats` (loopback only) with
 * `{operations: {"InitiateAuth:USER_PASSWORD_AUTH": {calls, statements, roundTrips}, …}}` and
 * starts again from zero on `DELETE /_dev/query-stats`; `POST /_dev/query-stats?counting=0|1`
 * pauses and resumes it. Counting costs the server 4–6 % of its CPU, so the bench counts a short
 * pass of each flow and pauses the counter for the timed run. A server without the counter
 * answers 404; the bench then shows "-" and goes on.
 */
import http from 'node:http';

/** What the server counted for one operation (an action, or `Action:AuthFlow`/`:Challenge`). */
export interface OperationCount {
  calls: number;
  statements: number;
  roundTrips: number;
}

/** The counts of one phase, summed over every instance the load went to. */
export interface QueryStats {
  operations: Record<string, OperationCount>;
  /** Per timed flow (a sign-in is both SRP steps): statements and round trips. */
  perFlow: { statements: number; roundTrips: number };
}

export const QUERY_STATS_ENV = { COGNATE_QUERY_STATS: '1' };
const PATH = '/_dev/query-stats';

/** Pauses (false) or resumes (true) every server's counter; false if any of them has none. */
export async function setCounting(urls: string[], on: boolean): Promise<boolean> {
  const answers = await Promise.all(urls.map((u) => request(u, 'POST', `?counting=${on ? 1 : 0}`)));
  return answers.every((a) => a.status >= 200 && a.status < 300);
}

/** Zeroes the counters of every server; false if any of them has no counter. */
export async function resetQueryStats(urls: string[]): Promise<boolean> {
  const answers = await Promise.all(urls.map((u) => request(u, 'DELETE')));
  return answers.every((a) => a.status >= 200 && a.status < 300);
}

/**
 * Reads and sums the counters of every server since the last reset; `flows` is how many timed
 * flows the load generator ran meanwhile (successes and failures). Undefined without a counter.
 */
export async function readQueryStats(
  urls: string[],
  flows: number,
): Promise<QueryStats | undefined> {
  const operations: Record<string, OperationCount> = {};
  for (const url of urls) {
    const { status, body } = await request(url, 'GET');
    if (status !== 200) return undefined;
    const parsed = JSON.parse(body) as { operations?: Record<string, OperationCount> };
    for (const [name, c] of Object.entries(parsed.operations ?? {})) {
      operations[name] ??= { calls: 0, statements: 0, roundTrips: 0 };
      const sum = operations[name];
      sum.calls += c.calls ?? 0;
      sum.statements += c.statements ?? 0;
      sum.roundTrips += c.roundTrips ?? 0;
    }
  }
  const total = Object.values(operations);
  const per = (key: 'statements' | 'roundTrips') =>
    flows > 0 ? total.reduce((n, c) => n + c[key], 0) / flows : 0;
  return { operations, perFlow: { statements: per('statements'), roundTrips: per('roundTrips') } };
}

/** `name: 12.0 statements, 3.0 round trips per call` for each operation, most calls first. */
export function describeOperations(stats: QueryStats): string[] {
  return Object.entries(stats.operations)
    .filter(([, c]) => c.calls > 0)
    .sort((a, b) => b[1].calls - a[1].calls)
    .map(
      ([name, c]) =>
        `${name} ${(c.statements / c.calls).toFixed(1)} statements, ${(c.roundTrips / c.calls).toFixed(1)} round trips per call (${c.calls} calls)`,
    );
}

/** A plain loopback request (no keep-alive, so it never queues behind the load's sockets). */
function request(
  base: string,
  method: string,
  search = '',
): Promise<{ status: number; body: string }> {
  const url = new URL(`${PATH}${search}`, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}
