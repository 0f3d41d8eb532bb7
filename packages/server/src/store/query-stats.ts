// Counts SQL statements and PostgreSQL round trips per operation (`COGNATE_QUERY_STATS=1`), so
// the cost of a flow in queries can be read off a running server and compared between changes.
// Off, nothing of this runs: the store has no query log and no request is tracked.
// On, it costs about 4–6 % of the server's CPU on a sign-in (an AsyncLocalStorage context per
// request, read back in each statement's log event): figures taken with it on are that much
// lower. So it can be paused (`POST /_dev/query-stats?counting=0`), which turns the
// AsyncLocalStorage off altogether: the benchmark counts a short pass of each flow, then pauses
// the counter for the timed run.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogEvent } from 'kysely';

/** What one operation cost, summed over its calls. */
export interface OperationCount {
  calls: number;
  /** SQL statements sent, BEGIN and COMMIT included. */
  statements: number;
  /** Waits for an answer from PostgreSQL; 0 on SQLite, which runs in the process. */
  roundTrips: number;
}

/** The statements of one request so far, and the operation it turned out to be. */
interface Tally {
  operation: string | undefined;
  statements: number;
  roundTrips: number;
}

const requests = new AsyncLocalStorage<Tally>();
/** Set once any server counts, so that `nameOperation` costs a branch when none does. */
let active = false;

/** The counter of one server: a query log for its store and the totals per operation. */
export class QueryStats {
  #totals = new Map<string, OperationCount>();
  #counting = true;

  /** Whether requests are being counted (on from the start; see `setCounting`). */
  get counting(): boolean {
    return this.#counting;
  }

  /**
   * Pauses or resumes counting. Paused, a request is not tracked at all, and the
   * AsyncLocalStorage is disabled, so its promise hooks cost nothing.
   */
  setCounting(on: boolean): void {
    this.#counting = on;
    if (!on) {
      active = false;
      requests.disable();
    }
  }

  /** Kysely's `log` option for a store; `roundTrips` tells if each statement waits for a reply. */
  queryLog(roundTrips: boolean): (event: LogEvent) => void {
    return () => {
      const tally = requests.getStore();
      if (!tally) return;
      tally.statements++;
      if (roundTrips) tally.roundTrips++;
    };
  }

  /** Runs `next` (the rest of a request) with a tally of its own. */
  track(next: () => void): void {
    if (!this.#counting) {
      next();
      return;
    }
    active = true;
    requests.run({ operation: undefined, statements: 0, roundTrips: 0 }, next);
  }

  /** Adds the current request's tally to its operation; `fallback` names it if nothing did. */
  finish(fallback: string): void {
    const tally = requests.getStore();
    if (!tally) return;
    const name = tally.operation ?? fallback;
    let total = this.#totals.get(name);
    if (!total) {
      total = { calls: 0, statements: 0, roundTrips: 0 };
      this.#totals.set(name, total);
    }
    total.calls++;
    total.statements += tally.statements;
    total.roundTrips += tally.roundTrips;
  }

  /** The totals per operation since start or the last reset. */
  snapshot(): Record<string, OperationCount> {
    return Object.fromEntries([...this.#totals].map(([name, c]) => [name, { ...c }]));
  }

  reset(): void {
    this.#totals.clear();
  }
}

/** True when the environment asks for the counter. */
export function queryStatsRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.COGNATE_QUERY_STATS === '1' || env.COGNATE_QUERY_STATS === 'true';
}

const FLOW_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Names the current request's operation: `InitiateAuth:USER_SRP_AUTH` when it names an AuthFlow,
 * `RespondToAuthChallenge:PASSWORD_VERIFIER` when it answers a challenge, else the action.
 */
export function nameOperation(action: string, input: Record<string, unknown>): void {
  if (!active) return;
  const tally = requests.getStore();
  if (!tally) return;
  const flow = input.AuthFlow ?? input.ChallengeName;
  tally.operation =
    flow === undefined
      ? action
      : `${action}:${typeof flow === 'string' && FLOW_NAME.test(flow) ? flow : '?'}`;
}
