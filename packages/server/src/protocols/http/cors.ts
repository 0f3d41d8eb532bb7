import type { FastifyInstance, FastifyRequest } from 'fastify';

// Headers browsers' AWS SDKs and Amplify send; preflights ask for them by name.
const ALLOWED_HEADERS = [
  'content-type',
  'x-amz-target',
  'x-amz-user-agent',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'cache-control',
].join(', ');

const EXPOSED_HEADERS = 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date';

/**
 * Signed (SigV4) calls are the management API: a server's access key never belongs in a web
 * page, so a browser gets no permission to send one cross-origin. The operations browser apps
 * call (SignUp, InitiateAuth, GetId …) are unsigned, and preflights for them never name
 * `authorization`.
 */
function asksToSign(req: FastifyRequest): boolean {
  const asked = String(req.headers['access-control-request-headers'] ?? '').toLowerCase();
  return asked.split(',').some((h) => h.trim() === 'authorization');
}

/**
 * Paths that never answer with CORS headers nor preflights: the dev outbox shows every user's
 * codes, and the admin console is a same-origin app with its own session.
 */
function isPrivatePath(url: string): boolean {
  return (
    url.startsWith('/_dev/') ||
    url === '/console' ||
    url.startsWith('/console/') ||
    url.startsWith('/console?')
  );
}

/**
 * CORS for browser apps: any origin may call the Cognito API's unauthenticated operations, as on
 * AWS. No cookies are used by these endpoints, so credentials are not allowed. Signed requests
 * (and preflights asking to send one) get no CORS headers, so a page cannot drive the
 * management API, even in dev mode with any key; nor does the dev outbox.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (isPrivatePath(req.url)) return;
    if (req.method === 'OPTIONS') {
      // Answered without permission: the browser then refuses to send the request.
      if (asksToSign(req)) return reply.status(204).send();
      const asked = req.headers['access-control-request-headers'];
      reply
        .header('access-control-allow-origin', '*')
        .header('access-control-expose-headers', EXPOSED_HEADERS)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header(
          'access-control-allow-headers',
          asked ? `${ALLOWED_HEADERS}, ${asked}` : ALLOWED_HEADERS,
        )
        .header('access-control-max-age', '86400')
        .status(204)
        .send();
      // An async hook that answers must return the reply, or Fastify goes on to route it.
      return reply;
    }
    if (req.headers.authorization) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
  });
}
