/** Closed-loop load: a fixed number of requests in flight, over keep-alive HTTP, for a set time. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { PgPerOp } from './postgres.ts';
import { cpuBetween, machineBusySeconds, type Observed } from './proc.ts';
import type { QueryStats } from './query-stats.ts';
import { percentile } from './stats.ts';

/**
 * Unsigned Cognito IdP calls (the ones a browser makes) as raw JSON over node:http, which costs
 * the load generator less CPU per request than fetch or the AWS SDK. With several servers it
 * sends each call to the next one in turn, as a load balancer without sticky sessions would; the
 * two steps of an SRP sign-in may then land on different servers.
 */
export class IdpClient {
  private readonly agent: http.Agent;
  private readonly urls: URL[];
  private turn = 0;

  constructor(urls: string[], maxSocketsPerServer: number) {
    this.urls = urls.map((u) => new URL(u));
    this.agent = new http.Agent({ keepAlive: true, maxSockets: maxSocketsPerServer });
  }

  /** `target` names the API: the user-pool one, or `AWSCognitoIdentityService` (identity pools). */
  call<T = Record<string, unknown>>(
    operation: string,
    body: unknown,
    target = 'AWSCognitoIdentityProviderService',
  ): Promise<T> {
    const url = this.urls[this.turn++ % this.urls.length];
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/',
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'content-length': Buffer.byteLength(payload),
            'x-amz-target': `${target}.${operation}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) resolve(JSON.parse(text) as T);
            else reject(new Error(`${operation}: HTTP ${res.statusCode} ${text.slice(0, 300)}`));
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface PhaseResult {
  name: string;
  /** Operations that succeeded. */
  ops: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** The first few error messages. */
  errorSamples: string[];
  /** Load generator (this process): CPU cores used, and how busy its event loop was (0..1). */
  client: { cores: number; loopBusy: number };
  /**
   * The servers' process trees together: CPU cores used, and the busiest single main thread
   * (1 means one event loop never rested).
   */
  server: { cores: number; busiestMainThread: number };
  /** CPU cores the database server used (PostgreSQL on this machine), when it is observed. */
  databaseCores?: number;
  /** CPU cores the rest of the machine used meanwhile: anything but noise skews the result. */
  otherCores: number;
  /** The largest server process's peak RSS during the phase, bytes. */
  peakRssBytes?: number;
  /** Statements and round trips the servers counted (COGNATE_QUERY_STATS), when they can. */
  queryStats?: QueryStats;
  /** PostgreSQL's commits, WAL fsyncs and WAL bytes per flow, when it is the store. */
  postgres?: PgPerOp;
  /** Set when the phase stopped before its time because its prepared inputs ran out. */
  ranOut?: boolean;
}

/**
 * Runs `op` from `concurrency` loops until `seconds` have passed; each loop starts its next
 * operation when the previous one ends. `op(i)` gets a running counter (to pick a user); with
 * `limit`, the phase also ends once `limit` operations have started (prepared inputs used up).
 */
export async function runPhase(opts: {
  name: string;
  seconds: number;
  concurrency: number;
  servers: Observed[];
  /** The database server, whose CPU then counts apart from other processes'. */
  database?: Observed;
  op: (i: number) => Promise<void>;
  limit?: number;
}): Promise<PhaseResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const sample = () => opts.servers.flatMap((s) => s.sample());
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const serverBefore = sample();
  const databaseBefore = opts.database?.sample();
  const machineBefore = machineBusySeconds();
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const loop = async () => {
    while (performance.now() < deadline && next < limit) {
      const t0 = performance.now();
      try {
        await opts.op(next++);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const server = cpuBetween(serverBefore, sample());
  const database =
    opts.database && databaseBefore ? cpuBetween(databaseBefore, opts.database.sample()).total : 0;
  const machineBusy = machineBusySeconds() - machineBefore;
  latencies.sort((a, b) => a - b);
  const clientCpu = (cpu.user + cpu.system) / 1e6;
  return {
    name: opts.name,
    ops: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
    errorSamples,
    client: {
      cores: clientCpu / seconds,
      loopBusy: performance.eventLoopUtilization(loopBefore).utilization,
    },
    server: {
      cores: server.total / seconds,
      busiestMainThread: server.busiestMainThread / seconds,
    },
    databaseCores: opts.database ? database / seconds : undefined,
    otherCores: Math.max(0, machineBusy - clientCpu - server.total - database) / seconds,
    ranOut: next >= limit && seconds < opts.seconds,
  };
}
