import type { FastifyInstance } from 'fastify';
import type { QueryStats } from '../../store/query-stats.ts';
import { isLocalUnforwarded } from './dev-outbox.ts';

const PATH = '/_dev/query-stats';

/**
 * With the statement counter on (`COGNATE_QUERY_STATS=1`): every request is tallied, and
 * `GET /_dev/query-stats` answers `{operations: {"InitiateAuth:USER_PASSWORD_AUTH": {calls,
 * statements, roundTrips}, …}}`, `DELETE` starts again from zero, and `POST ?counting=0` pauses
 * counting (`?counting=1` resumes it). Like the dev outbox, it
 * answers only local, unforwarded requests; requests the API does not name (OAuth, pages) are
 * counted as `METHOD /route`.
 */
export function registerQueryStats(app: FastifyInstance, stats: QueryStats): void {
  app.addHook('onRequest', (_req, _reply, done) => stats.track(done));
  app.addHook('onResponse', (req, _reply, done) => {
    const route = req.routeOptions.url ?? '(no route)';
    if (route !== PATH) stats.finish(`${req.method} ${route}`);
    done();
  });
  app.get(PATH, async (req, reply) => {
    if (!isLocalUnforwarded(req)) return reply.callNotFound();
    reply.header('cache-control', 'no-store');
    return { operations: stats.snapshot() };
  });
  // ?counting=0 pauses the counter (nothing is tracked, see QueryStats.setCounting), 1 resumes.
  app.post(PATH, async (req, reply) => {
    if (!isLocalUnforwarded(req)) return reply.callNotFound();
    const counting = (req.query as Record<string, unknown>).counting;
    if (counting !== '0' && counting !== '1') {
      return reply.status(400).send({ message: 'counting must be 0 or 1' });
    }
    stats.setCounting(counting === '1');
    return reply.status(204).send();
  });
  app.delete(PATH, async (req, reply) => {
    if (!isLocalUnforwarded(req)) return reply.callNotFound();
    stats.reset();
    return reply.status(204).send();
  });
}
