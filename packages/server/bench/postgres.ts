/**
 * A throwaway PostgreSQL database for the PostgreSQL phases, made and dropped with `psql` (so the
 * bench needs no driver of its own; only these phases need a PostgreSQL server).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Observed, sampleTree } from './proc.ts';

export interface ScratchDatabase {
  /** The new database's URL, for `--database`. */
  url: string;
  /**
   * The PostgreSQL server's processes (postmaster and backends), when it runs on this machine
   * and its pid file can be read: its CPU is part of the cost, not noise from elsewhere.
   */
  server?: Observed;
  /** Its commit count and the server's WAL counters now (see `PgCounters`). */
  counters(): Promise<PgCounters>;
  /** Drops it, closing the connections left to it. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * What PostgreSQL's statistics say: transactions committed in the scratch database
 * (pg_stat_database), and WAL records, bytes and fsyncs of the whole server (pg_stat_wal, so
 * other databases' work on the same server counts too: measure on a quiet one). Backends report
 * them up to a second late (PostgreSQL 15 flushes statistics at most once a second), so a
 * reading is taken after a pause.
 */
export interface PgCounters {
  commits: number;
  walRecords: number;
  walBytes: number;
  walSyncs: number;
}

/** Per-operation figures from two readings around a phase of `ops` operations. */
export interface PgPerOp {
  commits: number;
  walSyncs: number;
  walBytes: number;
}

export function pgPerOp(before: PgCounters, after: PgCounters, ops: number): PgPerOp {
  const per = (k: keyof PgCounters) => (ops > 0 ? (after[k] - before[k]) / ops : 0);
  return { commits: per('commits'), walSyncs: per('walSyncs'), walBytes: per('walBytes') };
}

/** How long PostgreSQL 15 may hold a backend's statistics before reporting them, plus margin. */
export const PG_STATS_DELAY_MS = 1200;

/** `adminUrl` names a database the user may connect to (e.g. `postgres`) and CREATE DATABASE. */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `cognate_bench_${randomBytes(4).toString('hex')}`;
  await psql(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  const pid = await postmasterPid(adminUrl);
  return {
    url: url.toString(),
    server: pid ? { sample: () => sampleTree(pid) } : undefined,
    async counters() {
      const row = await psql(
        adminUrl,
        `SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = '${name}'), ` +
          'wal_records, wal_bytes, wal_sync FROM pg_stat_wal',
      );
      const [commits, walRecords, walBytes, walSyncs] = row.trim().split('|').map(Number);
      return { commits, walRecords, walBytes, walSyncs };
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The postmaster's pid, from `postmaster.pid` in its data directory (needs a superuser). */
async function postmasterPid(adminUrl: string): Promise<number | undefined> {
  try {
    const dataDir = (await psql(adminUrl, 'SHOW data_directory')).trim();
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function psql(url: string, sql: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('psql', [
      url,
      '-v',
      'ON_ERROR_STOP=1',
      '-Atqc',
      sql,
    ]);
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`psql ${sql}: ${(e.stderr || e.message).trim()}`);
  }
}
