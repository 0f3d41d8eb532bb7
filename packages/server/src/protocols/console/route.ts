import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { CognateError } from '../../services/errors.ts';
import { registerInfoApi } from './api-info.ts';
import { registerOperationsApi } from './api-operations.ts';
import { registerSessionApi } from './api-session.ts';
import { refuse } from './guard.ts';
import { type ConsoleOptions, defaultConsoleOptions } from './options.ts';
import { plainPage, registerPages } from './pages.ts';
import { transportAllowed } from './transport.ts';
import { UiFiles } from './ui-files.ts';

/**
 * Content-Security-Policy of every console response: the console's own scripts and styles only
 * (no inline script), no framing, no plugins.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(reply: FastifyReply) {
  reply
    .header('content-security-policy', CSP)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin');
}

/**
 * Mounts the admin console under `/console`: its built pages and its JSON API
 * (`/console/api/*`: sessions, the Cognito operations, outbox, activity, setup). On a
 * non-loopback bind it answers only over https (or a trusted proxy's https). No console route
 * sends CORS headers or answers a preflight.
 */
export function registerConsole(
  app: FastifyInstance,
  ctx: Context,
  given: Partial<ConsoleOptions> = {},
  files = new UiFiles(),
) {
  const opts: ConsoleOptions = { ...defaultConsoleOptions, ...given };
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
        securityHeaders(reply);
        if (req.url.startsWith('/console/api/')) reply.header('cache-control', 'no-store');
        if (transportAllowed(req, opts)) return;
        const how =
          'On a non-loopback address the console is served over https only: open it with https:// ' +
          '(the same port speaks TLS), or, behind a proxy that ends TLS and sets ' +
          'X-Forwarded-Proto: https, set consoleTrustProxy (COGNATE_CONSOLE_TRUST_PROXY=1).';
        if (req.url.startsWith('/console/api/')) {
          refuse(req, reply, new CognateError('AccessDeniedException', how, 403));
        } else {
          plainPage(reply, 403, 'The console needs https', how);
        }
        return reply;
      });
      registerPages(scope, files);
      registerSessionApi(scope, ctx, opts);
      registerOperationsApi(scope, ctx, opts);
      registerInfoApi(scope, ctx, opts);
    },
    { prefix: '/console' },
  );
}
