import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { authorize, refusal, type Sigv4MiddlewareOptions } from './authorize.ts';
import { isVerifyError } from './errors.ts';
import type { VerifiedCaller } from './verifier.ts';

declare global {
  namespace Express {
    interface Request {
      /** The verified caller, set by `expressSigv4` for the routes it guards. */
      cognate?: VerifiedCaller;
    }
  }
}

/** The body's bytes: given by express.raw() / express.text(), or read here from the stream. */
async function rawBody(req: Request): Promise<Buffer | string> {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body) || typeof body === 'string') return body;
  const kept = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(kept) || typeof kept === 'string') return kept;
  if (body !== undefined && req.readableEnded)
    throw new TypeError(
      'expressSigv4: the body was parsed before its bytes could be checked; mount expressSigv4 before express.json(), or use express.raw()',
    );
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  const raw = Buffer.concat(chunks);
  // Body parsers after this one skip a request whose body was read (their `_body` flag).
  Object.assign(req, { body: raw, _body: true });
  return raw;
}

/**
 * Express middleware: the request must be signed with valid identity-pool credentials whose
 * role's policies allow `action(req)` on `resource(req)`. The caller is `req.cognate`; a refused
 * request gets 401 (403 for AccessDenied) and `{ code, message }`. Mount it before body parsers
 * (it reads the body's bytes, which the signature covers, and leaves them in `req.body` as a
 * Buffer), or after `express.raw()`.
 */
export function expressSigv4(options: Sigv4MiddlewareOptions<Request>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const body = await rawBody(req);
      req.cognate = await authorize(options, req, {
        method: req.method,
        url: req.originalUrl,
        headers: req.headers,
        body,
      });
    })().then(
      () => next(),
      (err: unknown) => {
        if (!isVerifyError(err)) return next(err);
        res.status(err.status).set('x-amzn-errortype', err.code).json(refusal(err));
      },
    );
  };
}
