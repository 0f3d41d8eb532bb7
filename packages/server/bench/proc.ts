/**
 * What Linux's /proc says about a process tree and the machine: CPU time and peak RSS. A server
 * is measured as a tree because `--workers` makes it a node:cluster primary plus one child per
 * worker, and every one of them holds memory and burns CPU.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux reports /proc CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** One process of a tree at one moment. */
export interface ProcessSample {
  pid: number;
  /** utime + stime of all its threads, in seconds. */
  cpu: number;
  /** utime + stime of its main (JavaScript) thread alone, in seconds. */
  mainThreadCpu: number;
  /** VmHWM: the highest resident set size so far, in bytes. */
  peakRss: number;
}

/** Something measured as process trees: a server under load, a database server. */
export interface Observed {
  sample(): ProcessSample[];
}

/** The process `root` and all its descendants, as far as they can be read right now. */
export function sampleTree(root: number): ProcessSample[] {
  const samples: ProcessSample[] = [];
  for (const pid of treePids(root)) {
    try {
      samples.push({
        pid,
        cpu: statCpu(`/proc/${pid}/stat`),
        mainThreadCpu: statCpu(`/proc/${pid}/task/${pid}/stat`),
        peakRss: peakRss(pid),
      });
    } catch {
      // It exited between the listing and the read: nothing left to measure.
    }
  }
  return samples;
}

/** Memory of a tree: the sum of every process's peak (an upper bound), and the largest one. */
export interface TreeRss {
  processes: number;
  sumBytes: number;
  maxBytes: number;
}

export function treeRss(samples: ProcessSample[]): TreeRss {
  return {
    processes: samples.length,
    sumBytes: samples.reduce((sum, s) => sum + s.peakRss, 0),
    maxBytes: Math.max(0, ...samples.map((s) => s.peakRss)),
  };
}

/**
 * CPU seconds a tree used between two samples: in total, and on its busiest main thread (the
 * process whose JavaScript ran most; 1 core means that event loop never rested). A process
 * that appeared meanwhile counts from zero.
 */
export function cpuBetween(
  before: ProcessSample[],
  after: ProcessSample[],
): { total: number; busiestMainThread: number } {
  const start = new Map(before.map((s) => [s.pid, s]));
  let total = 0;
  let busiestMainThread = 0;
  for (const s of after) {
    const b = start.get(s.pid);
    total += s.cpu - (b?.cpu ?? 0);
    busiestMainThread = Math.max(busiestMainThread, s.mainThreadCpu - (b?.mainThreadCpu ?? 0));
  }
  return { total, busiestMainThread };
}

/**
 * Peak RSS of every process of a tree over a whole run, in phases: `phase()` reads each process's
 * VmHWM (its peak since the last reset), folds it into the run's peak for that process, and resets
 * the high-water mark (`/proc/<pid>/clear_refs`, Linux 4.0+) so the next phase starts from the
 * current RSS. A process that cannot be reset keeps its peak since start, which is then reported
 * for each later phase as well: an upper bound, never an understatement.
 */
export class PeakRss {
  /** pid → the highest VmHWM seen for it during the run. */
  private readonly run = new Map<number, number>();

  constructor(private readonly tree: () => ProcessSample[]) {}

  /** Starts a phase: the peaks so far count for the run, and the marks go back to today's RSS. */
  reset(): void {
    for (const s of this.tree()) {
      this.fold(s);
      try {
        writeFileSync(`/proc/${s.pid}/clear_refs`, '5');
      } catch {
        // Not ours to reset, or an old kernel: VmHWM stays the peak since start.
      }
    }
  }

  /** Ends a phase: the largest single process's peak during it, in bytes. */
  phase(): number {
    let max = 0;
    for (const s of this.tree()) {
      this.fold(s);
      max = Math.max(max, s.peakRss);
    }
    return max;
  }

  /** Every process's peak over the run so far, largest first. */
  perProcess(): { pid: number; peakBytes: number }[] {
    for (const s of this.tree()) this.fold(s);
    return [...this.run]
      .map(([pid, peakBytes]) => ({ pid, peakBytes }))
      .sort((a, b) => b.peakBytes - a.peakBytes);
  }

  private fold(s: ProcessSample) {
    this.run.set(s.pid, Math.max(this.run.get(s.pid) ?? 0, s.peakRss));
  }
}

/** Busy CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** `root` and its descendants, found through the parent pid in every /proc/<pid>/stat. */
function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(statFields(readFileSync(`/proc/${entry}/stat`, 'utf8'))[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone already.
    }
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) pids.push(...(children.get(pids[i]) ?? []));
  return pids;
}

/** The fields of a /proc stat line after `(comm)`, which may itself hold spaces: state is [0]. */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime from a /proc stat file, in seconds. */
function statCpu(file: string): number {
  const fields = statFields(readFileSync(file, 'utf8'));
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function peakRss(pid: number): number {
  const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib ?? 0) * 1024;
}

/** A loopback port free right now, for a server that must be started on a known port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
