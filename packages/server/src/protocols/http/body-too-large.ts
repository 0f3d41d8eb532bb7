import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { CognateError, InvalidParameterException } from '../../services/errors.ts';
import { OAuthError } from '../../services/oauth/errors.ts';
import { sendQueryError } from '../aws-query/route.ts';
import { sendError } from '../cognito-idp/render.ts';
import { sendErrorPage, sendOAuthError } from '../oauth2/oauth-reply.ts';

/**
 * Refuses a body over `bodyLimit` in the shape of the API it was sent to. The HTTP layer refuses
 * it before any route runs, so the API is told by the path and headers alone: OAuth's JSON
 * `error` on `/oauth2/*` and `/saml2/*`, the Query protocol's `<ErrorResponse>` for a form POST
 * to `/` without `X-Amz-Target` (STS, IAM), an error page for a hosted page, and Cognito's JSON
 * for the rest (the AWS JSON APIs, the console's API).
 */
export function sendTooLarge(req: FastifyRequest, reply: FastifyReply, limit: number) {
  const message = `Request body is larger than ${limit} bytes.`;
  const path = req.url.split('?')[0] ?? '';
  if (path.startsWith('/oauth2/') || path.startsWith('/saml2/')) {
    return sendOAuthError(reply, new OAuthError('invalid_request', message, 413));
  }
  if (path === '/') {
    const form = String(req.headers['content-type'] ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    if (form && !req.headers['x-amz-target']) {
      return sendQueryError(reply, new CognateError('InvalidParameterValue', message, 400));
    }
  } else if (!path.startsWith('/console')) {
    return sendErrorPage(reply, message, 413, 'Request too large');
  }
  return sendError(
    reply,
    new InvalidParameterException(message),
    req.log as unknown as Context['log'],
  );
}
