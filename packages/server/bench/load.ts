/** Closed-loop load: a fixed number of sign-ins in flight, over keep-alive HTTP, for a set time. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { machineBusySeconds, type ServerProcess } from './server-process.ts';

/**
 * Unsigned Cognito IdP calls (the ones a browser makes) as raw JSON over node:http, which costs
 * the load generator less CPU per request than fetch or the AWS SDK.
 */
export class IdpClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(url: string, maxSockets: number) {
    this.url = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  call<T = Record<string, unknown>>(operation: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: '/',
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'content-length': Buffer.byteLength(payload),
            'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
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
  signIns: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** The first few error messages. */
  errorSamples: string[];
  /** Load generator (this process): CPU cores used, and how busy its event loop was (0..1). */
  client: { cores: number; loopBusy: number };
  /** Server process: CPU cores used in all its threads, and by its main thread alone. */
  server: { cores: number; mainThread: number };
  /** CPU cores the rest of the machine used meanwhile: anything but noise skews the result. */
  otherCores: number;
}

/**
 * Runs `signIn` from `concurrency` loops until `seconds` have passed; each loop starts its next
 * sign-in when the previous one ends. `signIn(i)` gets a running counter (to pick a user).
 */
export async function runPhase(opts: {
  name: string;
  seconds: number;
  concurrency: number;
  server: ServerProcess;
  signIn: (i: number) => Promise<void>;
}): Promise<PhaseResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const serverBefore = opts.server.cpuSeconds();
  const machineBefore = machineBusySeconds();
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await opts.signIn(next++);
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
  const serverAfter = opts.server.cpuSeconds();
  const machineBusy = machineBusySeconds() - machineBefore;
  latencies.sort((a, b) => a - b);
  const clientCpu = (cpu.user + cpu.system) / 1e6;
  const serverCpu = serverAfter.total - serverBefore.total;
  return {
    name: opts.name,
    signIns: latencies.length,
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
      cores: serverCpu / seconds,
      mainThread: (serverAfter.main - serverBefore.main) / seconds,
    },
    otherCores: Math.max(0, machineBusy - clientCpu - serverCpu) / seconds,
  };
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
