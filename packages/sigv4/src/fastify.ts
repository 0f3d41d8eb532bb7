import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginCallback, FastifyRequest } from 'fastify';
import { authorize, refusal, type Sigv4MiddlewareOptions } from './authorize.ts';
import { isVerifyError } from './errors.ts';
import type { VerifiedCaller } from './verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by the `fastifySigv4` plugin for the routes it guards. */
    cognate?: VerifiedCaller;
  }
}

const RAW = Symbol('cognate.rawBody');
type WithRaw = FastifyRequest & { [RAW]?: Buffer };

/**
 * A Fastify plugin guarding every route of the scope it is registered in: each request must be
 * signed with valid identity-pool credentials whose role's policies allow `action(req)` on
 * `resource(req)`. The caller is `req.cognate`; a refused request gets 401 (403 for AccessDenied)
 * and `{ code, message }`. It keeps the body's bytes (the signature covers them) before
 * Fastify parses them, so routes still see `req.body` parsed.
 *
 * ```ts
 * app.register(async (api) => {
 *   api.register(fastifySigv4({ verifier, action: () => 'notes:GetNote', resource: (req) => … }));
 *   api.get('/notes/:id', async (req) => ({ owner: req.cognate?.identityId }));
 * });
 * ```
 */
export function fastifySigv4(
  options: Sigv4MiddlewareOptions<FastifyRequest>,
): FastifyPluginCallback {
  const plugin: FastifyPluginCallback = (app: FastifyInstance, _opts, done) => {
    const limit = app.initialConfig.bodyLimit ?? 1024 * 1024;
    app.addHook('preParsing', async (req, _reply, payload) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of payload) {
        size += chunk.length;
        if (size > limit)
          throw Object.assign(new Error('Request body is too large'), { statusCode: 413 });
        chunks.push(Buffer.from(chunk));
      }
      const raw = Buffer.concat(chunks);
      (req as WithRaw)[RAW] = raw;
      const replay = Readable.from(raw.length > 0 ? [raw] : []);
      return Object.assign(replay, { receivedEncodedLength: raw.length });
    });
    app.addHook('preHandler', async (req, reply) => {
      try {
        req.cognate = await authorize(options, req, {
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: (req as WithRaw)[RAW],
        });
      } catch (err) {
        if (!isVerifyError(err)) throw err;
        return reply.code(err.status).header('x-amzn-errortype', err.code).send(refusal(err));
      }
    });
    done();
  };
  // Hooks apply to the scope the plugin is registered in, as fastify-plugin would arrange.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
