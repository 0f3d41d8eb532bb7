import type { FastifyInstance } from 'fastify';

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
  'authorization',
  'cache-control',
].join(', ');

const EXPOSED_HEADERS = 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date';

/**
 * CORS for browser apps: any origin may call the Cognito API, as on AWS. No cookies are used
 * by these endpoints, so credentials are not allowed.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS') {
      const asked = req.headers['access-control-request-headers'];
      reply
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
  });
}
