/**
 * Timed work on worker threads, one per core: every worker prepares (keys, warm-up), says
 * 'ready', and starts on 'go', so all of them time the same window.
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { machineBusySeconds } from './proc.ts';

/**
 * Node 20 does not run `--import tsx` for a worker's entry module, so the worker starts from
 * this snippet, which registers tsx and then loads the TypeScript module.
 */
function bootstrap(moduleUrl: string): string {
  return `import('tsx/esm/api')
  .then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl)}); })`;
}

/**
 * Starts `threads` workers on `moduleUrl` (which calls `serveTimedWork`) with `workerData`,
 * says 'go' once all are ready, and returns their results with the CPU cores other processes
 * used meanwhile (which lowers what the workers could do).
 */
export async function runTimedWorkers<R>(
  moduleUrl: string,
  workerData: unknown,
  threads = availableParallelism(),
): Promise<{ results: R[]; otherCores: number; seconds: number }> {
  const workers = Array.from(
    { length: threads },
    () => new Worker(bootstrap(moduleUrl), { eval: true, workerData }),
  );
  try {
    await Promise.all(workers.map(nextMessage));
    const ownBefore = process.cpuUsage();
    const machineBefore = machineBusySeconds();
    const start = performance.now();
    for (const w of workers) w.postMessage('go');
    const results = (await Promise.all(workers.map(nextMessage))) as R[];
    const seconds = (performance.now() - start) / 1000;
    const own = process.cpuUsage(ownBefore);
    const others = machineBusySeconds() - machineBefore - (own.user + own.system) / 1e6;
    return { results, otherCores: Math.max(0, others) / seconds, seconds };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Worker side: call once set up; runs `work` on 'go' and posts what it returns. */
export function serveTimedWork(work: () => unknown): void {
  parentPort?.postMessage('ready');
  parentPort?.once('message', async () => parentPort?.postMessage(await work()));
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`worker thread exited (code ${code})`));
    worker.once('message', (msg) => {
      worker.off('exit', onExit);
      resolve(msg);
    });
    worker.once('error', reject);
    worker.once('exit', onExit);
  });
}
