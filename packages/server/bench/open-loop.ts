/**
 * Open-loop load: requests at a fixed arrival rate, on a schedule made before the first one is
 * sent. Request i is due at start + i / rate and goes out at its time whatever the earlier ones
 * are doing, and its latency runs from that intended time to the end of its answer. A slow
 * answer therefore cannot hold back the requests after it, and the wait of a request the
 * generator or the server queues is counted, not hidden (no coordinated omission). The
 * generator's own lateness (due time to actual send) is reported beside it.
 *
 * A lead-in at the same rate opens the keep-alive connections and settles the server before the
 * measured window; its requests are not counted.
 */
import { performance } from 'node:perf_hooks';
import type { PgPerOp } from './postgres.ts';
import type { PeakRss } from './proc.ts';
import { cpuBetween, machineBusySeconds, type Observed } from './proc.ts';
import type { QueryStats } from './query-stats.ts';
import { percentile } from './stats.ts';

export interface OpenLoopResult {
  /** The operation (a closed-loop phase's name). */
  name: string;
  /** The closed-loop maximum this rate is a fraction of, ops/s. */
  maxPerSecond: number;
  /** 0.5, 0.8. */
  fraction: number;
  /** The arrival rate asked for, ops/s. */
  ratePerSecond: number;
  /** The measured window (lead-in excluded), seconds of schedule. */
  seconds: number;
  /** Requests scheduled in the window. */
  sent: number;
  /** Answers that succeeded in the window. */
  ops: number;
  /** Answered requests per second of the window's schedule. */
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  errors: number;
  errorSamples: string[];
  /** How late the generator sent (actual send minus due time): its own share of the latency. */
  sendLag: { p99Ms: number; maxMs: number };
  client: { cores: number; loopBusy: number };
  server: { cores: number; busiestMainThread: number };
  otherCores: number;
  /** The largest server process's peak RSS during the run, bytes. */
  peakRssBytes?: number;
  queryStats?: QueryStats;
  postgres?: PgPerOp;
}

/** How long the schedule waits before its first request, so setting up does not make it late. */
const START_DELAY_MS = 20;

/**
 * Sends `op(i)` at `rate` per second for `leadSeconds + seconds`; measures the last `seconds`.
 * Resolves when every request sent has been answered.
 */
export async function runOpenLoop(opts: {
  name: string;
  maxPerSecond: number;
  fraction: number;
  seconds: number;
  leadSeconds: number;
  servers: Observed[];
  op: (i: number) => Promise<void>;
  peak?: PeakRss;
}): Promise<OpenLoopResult> {
  const rate = opts.maxPerSecond * opts.fraction;
  const interval = 1000 / rate;
  const lead = Math.round(rate * opts.leadSeconds);
  const total = lead + Math.round(rate * opts.seconds);
  const latencies: number[] = [];
  const lags: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  let answered = 0;
  // Samples at the start of the window, taken by the first measured request.
  let before:
    | {
        cpu: NodeJS.CpuUsage;
        loop: ReturnType<typeof performance.eventLoopUtilization>;
        server: ReturnType<Observed['sample']>;
        machine: number;
        at: number;
      }
    | undefined;
  const sample = () => opts.servers.flatMap((s) => s.sample());

  await new Promise<void>((resolve) => {
    const start = performance.now() + START_DELAY_MS;
    const send = (i: number, due: number, now: number) => {
      const measured = i >= lead;
      if (measured) lags.push(now - due);
      // Wrapped, so an op that throws before its first await counts as an error too.
      (async () => opts.op(i))()
        .then(
          () => {
            if (measured) latencies.push(performance.now() - due);
          },
          (err: Error) => {
            if (!measured) return;
            errors++;
            if (errorSamples.length < 5) errorSamples.push(err.message);
          },
        )
        .finally(() => {
          if (++answered === total) resolve();
        });
    };
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out now: a late timer sends a burst, never skips.
      while (next < total && start + next * interval <= now) {
        if (next === lead && !before) {
          opts.peak?.reset();
          before = {
            cpu: process.cpuUsage(),
            loop: performance.eventLoopUtilization(),
            server: sample(),
            machine: machineBusySeconds(),
            at: now,
          };
        }
        send(next, start + next * interval, now);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, START_DELAY_MS);
  });

  const b = before as NonNullable<typeof before>;
  const elapsed = (performance.now() - b.at) / 1000;
  const cpu = process.cpuUsage(b.cpu);
  const clientCpu = (cpu.user + cpu.system) / 1e6;
  const server = cpuBetween(b.server, sample());
  const machineBusy = machineBusySeconds() - b.machine;
  const peakRssBytes = opts.peak?.phase();
  latencies.sort((x, y) => x - y);
  lags.sort((x, y) => x - y);
  const sent = total - lead;
  return {
    name: opts.name,
    maxPerSecond: opts.maxPerSecond,
    fraction: opts.fraction,
    ratePerSecond: rate,
    seconds: opts.seconds,
    sent,
    ops: latencies.length,
    achievedPerSecond: latencies.length / (sent / rate),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    p999Ms: percentile(latencies, 0.999),
    maxMs: latencies.length ? latencies[latencies.length - 1] : Number.NaN,
    errors,
    errorSamples,
    sendLag: { p99Ms: percentile(lags, 0.99), maxMs: lags.length ? lags[lags.length - 1] : 0 },
    client: {
      cores: clientCpu / elapsed,
      loopBusy: performance.eventLoopUtilization(b.loop).utilization,
    },
    server: {
      cores: server.total / elapsed,
      busiestMainThread: server.busiestMainThread / elapsed,
    },
    otherCores: Math.max(0, machineBusy - clientCpu - server.total) / elapsed,
    peakRssBytes,
  };
}
