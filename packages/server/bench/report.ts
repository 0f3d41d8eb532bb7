/** The results as one table plus notes, or as JSON. */
import type { BoundKind, CryptoBound } from './crypto-bound.ts';
import type { VerifyResult } from './jwt-verify.ts';
import type { PhaseResult } from './load.ts';
import type { OpenLoopResult } from './open-loop.ts';
import { describeOperations } from './query-stats.ts';
import type { ConfigRun, PhaseName } from './scenarios.ts';
import { formatStartup, type StartupResult } from './startup.ts';
import { formatTargets, TARGETS, targetsOf } from './targets.ts';

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
}

export interface Report {
  machine: Machine;
  settings: Record<string, unknown>;
  bounds: CryptoBound[];
  runs: ConfigRun[];
  /** cognito-local's run, when it ran. */
  peer?: ConfigRun & { version: string };
  verify?: VerifyResult;
  /** The startup phase (cold starts of the compiled server), when it ran. */
  startup?: StartupResult;
  /** Parts left out, and why. */
  skipped: string[];
  /** The ListUsers/import server's peak RSS (bytes), when that part ran. */
  usersPeakRssBytes?: number;
}

export interface Row {
  phase: string;
  store: string;
  processes: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  boundPerSecond?: number;
  percentOfBound?: number;
  /**
   * Throughput against the bound scaled to the cores the load generator left to the server
   * (cores − generator's cores): on a small machine the generator's own SRP math competes with
   * the server, and this is the share the server could have had.
   */
  percentOfShare?: number;
  /** This row's ops/s divided by cognito-local's in the same phase. */
  vsCognitoLocal?: number;
  /** SQL statements and PostgreSQL round trips per flow, from the server's counter. */
  statementsPerOp?: number;
  roundTripsPerOp?: number;
  /** The largest server process's peak RSS during the phase, bytes. */
  peakRssBytes?: number;
}

// GetCredentialsForIdentity has no public-key work (HMACs only), so no bound.
const BOUND_OF: Partial<Record<PhaseName | 'JWT verify (jose)', BoundKind>> = {
  USER_PASSWORD_AUTH: 'password',
  USER_SRP_AUTH: 'srp',
  SignUp: 'signup',
  REFRESH_TOKEN_AUTH: 'refresh',
  'USER_SRP_AUTH+TOTP': 'srp+totp',
  'SRP InitiateAuth': 'srp-init',
  'SRP PASSWORD_VERIFIER': 'srp-verify',
  'JWT verify (jose)': 'verify',
};

export const VERIFY_PHASE = 'JWT verify (jose)';

/** Every measured phase as a row, Cognate's set against its crypto bound and cognito-local. */
export function rowsOf(report: Report): Row[] {
  const bound = (phase: string) =>
    report.bounds.find((b) => b.kind === BOUND_OF[phase as PhaseName])?.perSecond;
  const peerRate = (phase: string) =>
    report.peer?.phases.find((p) => p.name === phase && p.ops > 0)?.perSecond;
  const row = (store: string, processes: string, p: PhaseResult | VerifyResult, name: string) => {
    const b = bound(name);
    const peer = peerRate(name);
    return {
      phase: name,
      store,
      processes,
      perSecond: p.perSecond,
      p50Ms: p.p50Ms,
      p99Ms: p.p99Ms,
      errors: p.errors,
      boundPerSecond: b,
      percentOfBound: b ? (100 * p.perSecond) / b : undefined,
      percentOfShare:
        b && 'client' in p
          ? (100 * p.perSecond) /
            ((b * Math.max(0.01, report.machine.cores - p.client.cores)) / report.machine.cores)
          : undefined,
      vsCognitoLocal: peer ? p.perSecond / peer : undefined,
      statementsPerOp: 'queryStats' in p ? p.queryStats?.perFlow.statements : undefined,
      roundTripsPerOp: 'queryStats' in p ? p.queryStats?.perFlow.roundTrips : undefined,
      peakRssBytes: 'peakRssBytes' in p ? p.peakRssBytes : undefined,
    };
  };
  const rows: Row[] = report.runs.flatMap((run) =>
    run.phases.map((p) => row(run.store, run.processes, p, p.name)),
  );
  if (report.verify) {
    const v = report.verify;
    rows.push(row('-', `bench, ${v.threads} threads`, v, VERIFY_PHASE));
  }
  for (const p of report.peer?.phases ?? []) {
    rows.push({
      phase: p.name,
      store: 'cognito-local',
      processes: report.peer?.processes ?? '1',
      perSecond: p.perSecond,
      p50Ms: p.p50Ms,
      p99Ms: p.p99Ms,
      errors: p.errors,
      peakRssBytes: p.peakRssBytes,
    });
  }
  return rows;
}

/** Whole megabytes (10^6 bytes, as the memory target is stated). */
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * `formatText` without the Targets table when the caller prints its own (the root
 * `npm run bench` adds the client's row and prints it last).
 */
export interface FormatOptions {
  targets?: boolean;
}

export function formatText(report: Report, options: FormatOptions = {}): string {
  const { machine, settings } = report;
  const configs = [...report.runs, ...(report.peer ? [report.peer] : [])];
  const rows = rowsOf(report);
  // Without load phases (`--phases startup`) there is no load table and nothing to note on it.
  const load = rows.length
    ? [
        `Load: ${settings.concurrency} requests in flight, ${settings.users} users, ${settings.seconds} s per phase, keep-alive HTTP from one load-generator process`,
        '',
        formatTable(rows),
        '',
      ]
    : [];
  const loadNotes = rows.length
    ? [
        '% of share: against the bound scaled to the cores the load generator left to the server.',
        'stmts/op, trips/op: SQL statements and PostgreSQL round trips per flow (both SRP steps for a',
        'sign-in), counted by the server (COGNATE_QUERY_STATS) in a pass just before the timed run,',
        'with the counter paused during the run itself; "-" where it does not count.',
        'peak RSS: the largest server process during the phase (VmHWM, reset at each phase start).',
        '',
        ...openLoopLines(report),
        'Peak RSS of each server process over its whole run (VmHWM from /proc):',
        ...configs.map(
          (c) =>
            `  ${c.server}, ${c.store}, ${c.processes}: ${c.processPeaks.map((p) => mb(p.peakBytes)).join(', ')}`,
        ),
        ...(report.usersPeakRssBytes
          ? [`  cognate, SQLite, ListUsers and CSV import: ${mb(report.usersPeakRssBytes)}`]
          : []),
        '',
        ...queryLines(configs),
        ...scalingLines(report),
        `Crypto bound (the operation's public-key work on ${report.bounds[0]?.workers ?? '?'} threads): ${report.bounds
          .map((b) => `${b.kind} ${b.msPerOp.toFixed(2)} ms`)
          .join(', ')} of CPU per operation`,
        ...report.bounds
          .filter((b) => b.otherCores >= 0.2)
          .map(
            (b) =>
              `  WARNING: other processes used ${b.otherCores.toFixed(2)} cores during the ${b.kind} bound; it reads low`,
          ),
        '',
        'CPU per phase (server: all its processes; load generator: this process):',
        ...configs.flatMap((c) => c.phases.map((p) => phaseNote(c, p, machine.cores))),
        ...(report.verify ? [verifyNote(report.verify)] : []),
      ]
    : [];
  const lines = [
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`,
    ...load,
    ...(report.startup ? [...(rows.length ? [] : ['']), formatStartup(report.startup), ''] : []),
    ...loadNotes,
    ...(report.skipped.length ? ['', ...report.skipped.map((s) => `Skipped: ${s}`)] : []),
    ...(options.targets === false ? [] : ['', formatTargets(targetsOf(report))]),
    '',
  ];
  return lines.join('\n');
}

/** The open-loop table and its notes, when the phase ran. */
function openLoopLines(report: Report): string[] {
  const runs = report.runs.filter((r) => r.openLoop?.length);
  if (!runs.length) return [];
  const lines: string[] = [];
  for (const run of runs) {
    const results = run.openLoop as OpenLoopResult[];
    lines.push(
      `Open loop (${run.store}, ${run.processes} process${run.processes === '1' ? '' : 'es'}): a fixed arrival rate, ${results[0].seconds} s per rate; latency from each request's intended send time`,
      '',
      formatOpenLoop(results),
      '',
    );
    for (const r of results) {
      let note =
        `  ${r.name} at ${r.ratePerSecond.toFixed(0)}/s: generator sent up to ${r.sendLag.maxMs.toFixed(1)} ms late (p99 ${r.sendLag.p99Ms.toFixed(1)} ms), ` +
        `${r.client.cores.toFixed(2)} cores; server ${r.server.cores.toFixed(2)} cores (busiest event loop ${(100 * r.server.busiestMainThread).toFixed(0)}%)`;
      if (r.ops < 1000) note += `; ${r.ops} answers, so p99.9 is within the last one or two`;
      if (r.otherCores >= 0.2) {
        note += `
    WARNING: other processes used ${r.otherCores.toFixed(2)} cores meanwhile; rerun on a quiet machine`;
      }
      for (const e of r.errorSamples.slice(0, 2))
        note += `
    error: ${e.slice(0, 200)}`;
      lines.push(note);
    }
    lines.push('');
  }
  return lines;
}

function formatOpenLoop(results: OpenLoopResult[]): string {
  const header = [
    'operation',
    'rate/s',
    '% of max',
    'answered/s',
    'p50 ms',
    'p99 ms',
    'p99.9 ms',
    'max ms',
    'errors',
    'p99 target',
    'met',
  ];
  const body = results.map((r) => {
    const target = TARGETS.openLoopP99Ms[r.fraction];
    return [
      r.name,
      r.ratePerSecond.toFixed(0),
      `${(100 * r.fraction).toFixed(0)}%`,
      r.achievedPerSecond.toFixed(1),
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.p999Ms.toFixed(2),
      r.maxMs.toFixed(2),
      String(r.errors),
      target ? `≤ ${target} ms` : '-',
      target ? (r.p99Ms <= target && r.errors === 0 ? 'met' : 'not met') : '-',
    ];
  });
  return markdownTable(header, body, 1);
}

/** Statements and round trips per call of each operation, per configuration and phase. */
function queryLines(configs: ConfigRun[]): string[] {
  const counted = configs.filter((c) => c.queryStats);
  if (!counted.length) return [];
  const lines = ['Statements and round trips per call, as the server counted them:'];
  for (const c of counted) {
    for (const p of c.phases) {
      if (!p.queryStats) continue;
      lines.push(
        `  ${c.store} ${c.processes}, ${p.name}: ${describeOperations(p.queryStats).join('; ')}`,
      );
    }
  }
  lines.push('');
  return lines;
}

/** Connections a server process opens to PostgreSQL (the store's default pool size). */
const PG_POOL_SIZE = 10;
/** PostgreSQL's default max_connections, less its 3 reserved for superusers. */
const PG_CONNECTIONS = 97;

/**
 * The scaling model of docs/scaling.md from the one-instance PostgreSQL run, checked against the
 * two-instance one: CPU per operation of Cognate (a), PostgreSQL (d) and the load generator (g)
 * on this machine's cores; two instances can at best double what one did, and no more than the
 * cores allow at a + d + g per operation.
 */
function scalingLines(report: Report): string[] {
  const run = (processes: string) =>
    report.runs.find((r) => r.store === 'PostgreSQL' && r.processes === processes);
  const one = run('1');
  const two = run('2 instances');
  if (!one) return [];
  const cores = report.machine.cores;
  const lines = ['Scaling model (docs/scaling.md), from the one-instance PostgreSQL run:'];
  for (const p of one.phases) {
    if (p.ops === 0 || p.databaseCores === undefined) continue;
    const perOp = (c: number) => (1000 * c * p.seconds) / (p.ops + p.errors);
    const a = perOp(p.server.cores);
    const d = perOp(p.databaseCores);
    const g = perOp(p.client.cores);
    const stmts = p.queryStats?.perFlow.statements;
    const trips = p.queryStats?.perFlow.roundTrips;
    const cpuCap = (1000 * cores) / (a + d + g);
    const predicted = Math.min(cpuCap, 2 * p.perSecond);
    const measured = two?.phases.find((q) => q.name === p.name && q.ops > 0);
    lines.push(
      `  ${p.name}: Cognate ${a.toFixed(2)} ms, PostgreSQL ${d.toFixed(2)} ms, generator ${g.toFixed(2)} ms of CPU per op` +
        (stmts === undefined
          ? ''
          : ` (${stmts.toFixed(1)} statements, ${trips?.toFixed(1)} round trips)`) +
        `; one PostgreSQL server with as many cores as an instance carries ${(a / d).toFixed(1)} instances by CPU, ` +
        `${Math.floor(PG_CONNECTIONS / PG_POOL_SIZE)} by connections (${PG_POOL_SIZE} each of ${PG_CONNECTIONS})` +
        (p.postgres
          ? `, and needs ${(p.postgres.walSyncs * p.perSecond).toFixed(0)} WAL fsyncs/s per instance at this rate`
          : ''),
      `    two instances on these ${cores} cores: at most ${predicted.toFixed(1)}/s ` +
        `(${cpuCap <= 2 * p.perSecond ? `CPU: ${cores} cores / ${(a + d + g).toFixed(2)} ms` : 'twice one instance'})` +
        (measured
          ? `; measured ${measured.perSecond.toFixed(1)}/s (${((100 * measured.perSecond) / predicted).toFixed(0)} % of the model)`
          : ''),
    );
  }
  lines.push('');
  return lines;
}

/** A markdown table, the first `leftAligned` columns padded right and the rest left. */
export function markdownTable(header: string[], body: string[][], leftAligned: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < leftAligned ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

function formatTable(rows: Row[]): string {
  const header = [
    'phase',
    'store',
    'processes',
    'ops/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'bound/s',
    '% of bound',
    '% of share',
    'vs cognito-local',
    'stmts/op',
    'trips/op',
    'peak RSS',
  ];
  const opt = (n: number | undefined, f: (n: number) => string) => (n === undefined ? '-' : f(n));
  const body = rows.map((r) => [
    r.phase,
    r.store,
    r.processes,
    r.perSecond.toFixed(1),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    String(r.errors),
    opt(r.boundPerSecond, (n) => n.toFixed(0)),
    opt(r.percentOfBound, (n) => `${n.toFixed(1)}%`),
    opt(r.percentOfShare, (n) => `${n.toFixed(1)}%`),
    opt(r.vsCognitoLocal, (n) => `${n.toFixed(2)}x`),
    opt(r.statementsPerOp, (n) => n.toFixed(1)),
    opt(r.roundTripsPerOp, (n) => n.toFixed(1)),
    opt(r.peakRssBytes, mb),
  ]);
  return markdownTable(header, body, 3);
}

/** Who used the CPU during a phase; flags a load generator that competes with the server. */
function phaseNote(c: ConfigRun, p: PhaseResult, cores: number): string {
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  // Set against the bound's CPU per op: the rest is what the server spends besides crypto.
  const perOp = (cores: number) =>
    p.ops > 0 ? ((1000 * cores * p.seconds) / p.ops).toFixed(2) : '-';
  let note =
    `  ${c.server} ${c.store} ${c.processes}, ${p.name}: ${p.ops} ops in ${p.seconds.toFixed(1)} s; ` +
    `server ${p.server.cores.toFixed(2)} cores, ${perOp(p.server.cores)} ms of CPU per op (busiest event loop ${pct(p.server.busiestMainThread)}); ` +
    `load generator ${p.client.cores.toFixed(2)} cores, ${perOp(p.client.cores)} ms per op (event loop ${pct(p.client.loopBusy)})` +
    (p.databaseCores === undefined ? '' : `; PostgreSQL ${p.databaseCores.toFixed(2)} cores`) +
    postgresNote(p);
  if (p.ranOut) {
    note += `\n    NOTE: its prepared sessions ran out after ${p.seconds.toFixed(1)} s; the rate is over that time`;
  }
  if (p.client.cores >= 0.9 || p.client.loopBusy >= 0.9) {
    note += `\n    WARNING: the load generator eats a core; on ${cores} cores it takes CPU from the server`;
  }
  if (p.otherCores >= 0.2) {
    note += `\n    WARNING: other processes used ${p.otherCores.toFixed(2)} cores meanwhile; rerun on a quiet machine`;
  }
  for (const e of p.errorSamples.slice(0, 2)) note += `\n    error: ${e.slice(0, 200)}`;
  return note;
}

/** PostgreSQL's cost per flow: CPU, per statement when counted, commits and WAL. */
function postgresNote(p: PhaseResult): string {
  if (!p.postgres || p.ops === 0) return '';
  const flows = p.ops + p.errors;
  const cpuMs =
    p.databaseCores === undefined ? undefined : (1000 * p.databaseCores * p.seconds) / flows;
  const statements = p.queryStats?.perFlow.statements;
  const parts = [
    cpuMs === undefined ? undefined : `${cpuMs.toFixed(2)} ms of PostgreSQL CPU per op`,
    cpuMs !== undefined && statements
      ? `${((1000 * cpuMs) / statements).toFixed(0)} µs per statement`
      : undefined,
    `${p.postgres.commits.toFixed(2)} commits, ${p.postgres.walSyncs.toFixed(2)} WAL fsyncs and ${(p.postgres.walBytes / 1024).toFixed(1)} KiB of WAL per op`,
  ].filter(Boolean);
  return `\n    PostgreSQL: ${parts.join(', ')}`;
}

function verifyNote(v: VerifyResult): string {
  let note = `  ${VERIFY_PHASE}: ${v.ops} verifications in ${v.seconds.toFixed(1)} s on ${v.threads} threads x ${v.inFlight} in flight; this process ${v.cores.toFixed(2)} cores`;
  if (v.otherCores >= 0.2) {
    note += `\n    WARNING: other processes used ${v.otherCores.toFixed(2)} cores meanwhile; rerun on a quiet machine`;
  }
  for (const e of v.errorSamples.slice(0, 2)) note += `\n    error: ${e.slice(0, 200)}`;
  return note;
}

/** Whether any phase saw errors or another process's CPU (the run should be repeated). */
export function problems(report: Report): { errors: number; noisy: boolean } {
  const configs = [...report.runs, ...(report.peer ? [report.peer] : [])];
  const phases = configs.flatMap((r) => [...r.phases, ...(r.openLoop ?? [])]);
  const all = [...phases, ...(report.verify ? [report.verify] : [])];
  return {
    errors: all.reduce((sum, p) => sum + p.errors, 0),
    noisy:
      all.some((p) => p.otherCores >= 0.2) ||
      report.bounds.some((b) => b.otherCores >= 0.2) ||
      (report.startup?.otherCores ?? 0) >= 0.2,
  };
}
