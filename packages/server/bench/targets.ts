/**
 * The targets of the benchmark, each set against its reference measured in the same run: the
 * share of the crypto bound the load generator leaves (SQLite), SQLite for PostgreSQL, one
 * PostgreSQL instance for two, cognito-local for the peer, and fixed limits for latency and
 * memory. `npm run bench` prints them last, as a table.
 */
import type { PhaseResult } from './load.ts';
import type { OpenLoopResult } from './open-loop.ts';
import type { Report } from './report.ts';

export interface TargetRow {
  /** What is aimed at, e.g. `USER_SRP_AUTH, SQLite: ≥ 70 % of share`. */
  target: string;
  measured: string;
  reference: string;
  /** measured / reference, as the target states it (a percentage, a multiple). */
  ratio: string;
  /** Undefined: not measured in this run (the row says why). */
  met?: boolean;
}

/** The figures of the issue that set these targets. */
export const TARGETS = {
  percentOfShare: 70,
  postgresVsSqlite: 80,
  twoInstancesVsOne: 100,
  vsCognitoLocal: 15,
  openLoopP99Ms: { 0.5: 10, 0.8: 20 } as Record<number, number>,
  peakRssBytes: 150e6,
};

const SIGN_INS = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const;
const PEER = ['USER_PASSWORD_AUTH', 'SignUp'] as const;

const rate = (n: number) => `${n.toFixed(1)}/s`;
const pct = (n: number) => `${n.toFixed(1)} %`;
const missing = (target: string, why: string): TargetRow => ({
  target,
  measured: '-',
  reference: why,
  ratio: '-',
});

/** Every target row this report can fill; a row whose parts did not run says so. */
export function targetsOf(report: Report): TargetRow[] {
  const phase = (store: string, processes: string, name: string): PhaseResult | undefined =>
    report.runs
      .find((r) => r.store === store && r.processes === processes)
      ?.phases.find((p) => p.name === name && p.ops > 0);
  const rows: TargetRow[] = [];
  const { cores } = report.machine;

  for (const name of SIGN_INS) {
    const target = `${name}, SQLite, 1 process: ≥ ${TARGETS.percentOfShare} % of share`;
    const p = phase('SQLite', '1', name);
    const bound = report.bounds.find(
      (b) => b.kind === (name === 'USER_SRP_AUTH' ? 'srp' : 'password'),
    );
    if (!p || !bound) {
      rows.push(missing(target, 'not run'));
      continue;
    }
    const share = (bound.perSecond * Math.max(0.01, cores - p.client.cores)) / cores;
    const ratio = (100 * p.perSecond) / share;
    rows.push({
      target,
      measured: rate(p.perSecond),
      reference: `share of bound ${rate(share)}`,
      ratio: pct(ratio),
      met: ratio >= TARGETS.percentOfShare,
    });
  }

  for (const name of SIGN_INS) {
    const sqlite = phase('SQLite', '1', name);
    const one = phase('PostgreSQL', '1', name);
    const two = phase('PostgreSQL', '2 instances', name);
    const t1 = `${name}, PostgreSQL 1 instance: ≥ ${TARGETS.postgresVsSqlite} % of SQLite`;
    rows.push(
      sqlite && one
        ? {
            target: t1,
            measured: rate(one.perSecond),
            reference: `SQLite ${rate(sqlite.perSecond)}`,
            ratio: pct((100 * one.perSecond) / sqlite.perSecond),
            met: (100 * one.perSecond) / sqlite.perSecond >= TARGETS.postgresVsSqlite,
          }
        : missing(t1, 'not run'),
    );
    const t2 = `${name}, PostgreSQL 2 instances: ≥ ${TARGETS.twoInstancesVsOne} % of 1`;
    rows.push(
      one && two
        ? {
            target: t2,
            measured: rate(two.perSecond),
            reference: `1 instance ${rate(one.perSecond)}`,
            ratio: pct((100 * two.perSecond) / one.perSecond),
            met: (100 * two.perSecond) / one.perSecond >= TARGETS.twoInstancesVsOne,
          }
        : missing(t2, 'not run'),
    );
  }

  for (const name of PEER) {
    const target = `${name}: ≥ ${TARGETS.vsCognitoLocal}x cognito-local`;
    const ours = phase('SQLite', '1', name);
    const peer = report.peer?.phases.find((p) => p.name === name && p.ops > 0);
    rows.push(
      ours && peer
        ? {
            target,
            measured: rate(ours.perSecond),
            reference: `cognito-local ${report.peer?.version ?? ''} ${rate(peer.perSecond)}`,
            ratio: `${(ours.perSecond / peer.perSecond).toFixed(1)}x`,
            met: ours.perSecond / peer.perSecond >= TARGETS.vsCognitoLocal,
          }
        : missing(target, 'not run'),
    );
  }

  const open = report.runs.find((r) => r.store === 'SQLite' && r.processes === '1')?.openLoop;
  if (open?.length) {
    for (const r of open) rows.push(openLoopRow(r));
  } else {
    rows.push(missing('Open loop p99 (SQLite): ≤ 10 ms at 50 %, ≤ 20 ms at 80 %', 'not run'));
  }

  rows.push(peakRssRow(report));
  return rows;
}

function openLoopRow(r: OpenLoopResult): TargetRow {
  const limit = TARGETS.openLoopP99Ms[r.fraction];
  return {
    target: `${r.name}, open loop at ${(100 * r.fraction).toFixed(0)} % (${r.ratePerSecond.toFixed(0)}/s): p99 ≤ ${limit} ms`,
    measured: `p99 ${r.p99Ms.toFixed(2)} ms`,
    reference: `p50 ${r.p50Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(1)} ms`,
    ratio: `${(r.p99Ms / limit).toFixed(2)}x limit`,
    met: r.p99Ms <= limit && r.errors === 0,
  };
}

/** The largest Cognate server process of the whole run (load configurations and ListUsers). */
function peakRssRow(report: Report): TargetRow {
  const target = `Peak RSS, one server process, whole run: ≤ ${TARGETS.peakRssBytes / 1e6} MB`;
  const candidates = report.runs.flatMap((r) =>
    r.processPeaks.map((p) => ({ bytes: p.peakBytes, where: `${r.store}, ${r.processes}` })),
  );
  if (report.usersPeakRssBytes) {
    candidates.push({ bytes: report.usersPeakRssBytes, where: 'ListUsers and CSV import' });
  }
  if (!candidates.length) return missing(target, 'not run');
  const top = candidates.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return {
    target,
    measured: `${(top.bytes / 1e6).toFixed(0)} MB`,
    reference: top.where,
    ratio: `${(top.bytes / TARGETS.peakRssBytes).toFixed(2)}x limit`,
    met: top.bytes <= TARGETS.peakRssBytes,
  };
}

/** The rows as a markdown table. */
export function formatTargets(rows: TargetRow[]): string {
  const header = ['target', 'measured', 'reference', 'ratio', 'met'];
  const body = rows.map((r) => [
    r.target,
    r.measured,
    r.reference,
    r.ratio,
    r.met === undefined ? '-' : r.met ? 'met' : 'not met',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return ['Targets', '', line(header), rule, ...body.map(line)].join('\n');
}
