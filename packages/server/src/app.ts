import { createRequire } from 'node:module';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { sendError } from './protocols/cognito-idp/render.ts';
import { registerCognitoIdp } from './protocols/cognito-idp/route.ts';
import type { ConsoleOptions } from './protocols/console/options.ts';
import { registerConsole } from './protocols/console/route.ts';
import { sendTooLarge } from './protocols/http/body-too-large.ts';
import { registerCors } from './protocols/http/cors.ts';
import { customDomainRewriter, watchCustomDomains } from './protocols/http/custom-domain-host.ts';
import { registerDevOutbox } from './protocols/http/dev-outbox.ts';
import { registerIdentityPoolKeys } from './protocols/http/identity-pool-keys.ts';
import { RedactingLogController, redactingLogger } from './protocols/http/log-redaction.ts';
import { registerQueryStats } from './protocols/http/query-stats.ts';
import { registerUiAssets } from './protocols/http/ui-assets.ts';
import { registerUserImportUpload } from './protocols/http/user-import-upload.ts';
import { registerWellKnown } from './protocols/http/well-known.ts';
import { registerOAuth2 } from './protocols/oauth2/route.ts';
import type { Context } from './services/context.ts';
import { SerializationException } from './services/errors.ts';
import { whenDurable } from './store/open.ts';
import type { QueryStats } from './store/query-stats.ts';

/** What the HTTP app needs besides the service context. */
export interface AppOptions {
  bodyLimit: number;
  dev: boolean;
  /** Serve `/_dev/outbox` (loopback bind or dev mode). */
  devOutbox: boolean;
  /** The statement counter and `/_dev/query-stats` (`COGNATE_QUERY_STATS=1`); unset: off. */
  queryStats?: QueryStats;
  /** How the admin console is served (`/console`); its safe defaults otherwise. */
  console?: Partial<ConsoleOptions>;
}

/**
 * Fastify's own JSON-schema compilers (Ajv, fast-json-stringify), loaded only when a route
 * declares a schema. None does: the protocol adapters parse bodies themselves. Fastify would
 * otherwise load both at start, a large part of the server's start time and memory. They are
 * required from Fastify's folder, as Fastify itself does.
 */
function lazySchemaCompilers() {
  const fromFastify = createRequire(import.meta.resolve('fastify'));
  let validator: ((...args: unknown[]) => unknown) | undefined;
  let serializer: ((...args: unknown[]) => unknown) | undefined;
  return {
    buildValidator: (...args: unknown[]) => {
      validator ??= fromFastify('@fastify/ajv-compiler')();
      return validator?.(...args);
    },
    buildSerializer: (...args: unknown[]) => {
      serializer ??= fromFastify('@fastify/fast-json-stringify-compiler')();
      return serializer?.(...args);
    },
  } as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
}

/** Builds the HTTP app: every protocol adapter mounted on one Fastify instance. */
export function buildApp(ctx: Context, opts: AppOptions): FastifyInstance {
  const app = Fastify({
    // URLs and credential headers are redacted in every line the app writes.
    loggerInstance: redactingLogger(ctx.log) as FastifyBaseLogger,
    logController: new RedactingLogController(),
    bodyLimit: opts.bodyLimit,
    schemaController: { compilersFactory: lazySchemaCompilers() },
    // A custom domain's requests (by Host) go to its routes under /domains/<host>.
    rewriteUrl: customDomainRewriter(ctx),
  }) as unknown as FastifyInstance;
  if (opts.queryStats) registerQueryStats(app, opts.queryStats);
  // Cognito clients send bodies with any of several JSON content types; read all as bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  registerCors(app);
  watchCustomDomains(app, ctx);
  // The Date header tells the server's time, the same clock SigV4 checks against: AWS SDKs
  // correct their clock skew from it and retry a request refused as signed too early or late.
  app.addHook('onSend', async (_req, reply) => {
    reply.header('date', new Date(ctx.clock.now()).toUTCString());
    // Nothing is acknowledged, nor shown to anyone, before it is on disk (group commit).
    await whenDurable(ctx.db);
  });
  app.setErrorHandler((err, req, reply) => {
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendTooLarge(req, reply, opts.bodyLimit);
    }
    if (e.statusCode && e.statusCode < 500) {
      return sendError(
        reply,
        new SerializationException(e.message),
        req.log as unknown as Context['log'],
      );
    }
    return sendError(reply, err, req.log as unknown as Context['log']);
  });
  app.get('/health', async () => ({ status: 'ok' }));
  // Browsers ask every host for a favicon; answer without a body rather than a logged 404.
  app.get('/favicon.ico', async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').status(204).send(),
  );
  registerWellKnown(app, ctx);
  registerIdentityPoolKeys(app, ctx);
  if (opts.devOutbox) registerDevOutbox(app, ctx);
  registerUserImportUpload(app, ctx);
  registerUiAssets(app, ctx);
  registerOAuth2(app, ctx);
  registerCognitoIdp(app, ctx, { dev: opts.dev });
  registerConsole(app, ctx, { dev: opts.dev, devOutbox: opts.devOutbox, ...opts.console });
  return app;
}
