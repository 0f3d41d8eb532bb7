import type { FastifyRequest } from 'fastify';

/**
 * The body of an HTML form or OAuth request (`application/x-www-form-urlencoded`) as parameters.
 * The app reads every body as bytes (see app.ts); anything else reads as no parameters.
 */
export function readForm(req: FastifyRequest): URLSearchParams {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!Buffer.isBuffer(req.body) || !type.startsWith('application/x-www-form-urlencoded')) {
    return new URLSearchParams();
  }
  return new URLSearchParams(req.body.toString('utf8'));
}

/** The query string of a request as parameters (repeated names keep their first value). */
export function readQuery(req: FastifyRequest): URLSearchParams {
  const at = req.url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : req.url.slice(at + 1));
}
