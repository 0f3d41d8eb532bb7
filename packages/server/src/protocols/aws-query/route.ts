import type { FastifyReply, FastifyRequest } from 'fastify';
import { accessKeySecret } from '../../services/access-keys.ts';
import type { Context } from '../../services/context.ts';
import { verifySignedRequest } from '../../services/credentials/verify.ts';
import { CognateError } from '../../services/errors.ts';
import { run } from '../cognito-idp/pipeline.ts';
import { boundMessage } from '../cognito-idp/render.ts';
import { signingRegions, verifySigV4 } from '../sigv4.ts';
import { QUERY_NAMESPACES, type QueryAction, type QueryCaller, xmlText } from './action.ts';
import { queryActions } from './actions.ts';

const byName = new Map(queryActions.map((a) => [a.name, a]));
const VERSIONS: Record<QueryAction['service'], string> = { sts: '2011-06-15', iam: '2010-05-08' };

/** A Query-protocol error: its code and HTTP status are the wire contract (STS's and IAM's). */
export class QueryError extends CognateError {}

// Status per signature failure, as STS and IAM answer them.
const SIGNATURE_STATUS: Record<string, number> = {
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  ExpiredToken: 400,
};
const fromSigV4: Record<string, string> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
};

function signatureError(code: string, message: string): QueryError {
  return new QueryError(code, message, SIGNATURE_STATUS[code] ?? 403);
}

/** The service a request addresses, for the namespace of an error before an action is known. */
function serviceOf(params: URLSearchParams): QueryAction['service'] {
  return params.get('Version') === VERSIONS.iam ? 'iam' : 'sts';
}

/**
 * Admin-key signature, answered with the Query protocol's error codes. The scope must name the
 * action's service (`sts`, `iam`) and one of the server's regions. Dev mode accepts any key,
 * but only on a complete, current signed request: a form POST needs no preflight, so an
 * unsigned one could come from any web page.
 */
async function adminCaller(
  ctx: Context,
  req: FastifyRequest,
  body: Buffer,
  dev: boolean,
  service: QueryAction['service'],
): Promise<QueryCaller> {
  const credential = /Credential=([^/,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1];
  const secrets = new Map<string, string | undefined>();
  if (credential) secrets.set(credential, await accessKeySecret(ctx, credential));
  const result = verifySigV4(
    { method: req.method, url: req.url, headers: req.headers, body },
    {
      now: new Date(ctx.clock.now()),
      lookupSecret: (id) => secrets.get(id),
      services: [service],
      // IAM is global: its scope names us-east-1 whatever the client's region.
      regions: service === 'iam' ? [...signingRegions(ctx), 'us-east-1'] : signingRegions(ctx),
      anyKey: dev,
    },
  );
  if (!result.ok) throw signatureError(fromSigV4[result.code] ?? result.code, result.message);
  return { kind: 'admin', accessKeyId: result.accessKeyId };
}

/** Identity-pool credentials (`X-Amz-Security-Token`), checked online. */
async function temporaryCaller(
  ctx: Context,
  req: FastifyRequest,
  body: Buffer,
): Promise<QueryCaller> {
  const result = await verifySignedRequest(ctx, {
    method: req.method,
    url: req.url,
    headers: req.headers,
    body,
  });
  if (!result.ok) throw signatureError(result.code, result.message);
  return { kind: 'temporary', ...result.caller };
}

function errorXml(service: QueryAction['service'], err: unknown, requestId: string) {
  const known = err instanceof CognateError;
  const code = known ? err.code : 'InternalFailure';
  const message = known ? boundMessage(err.message) : 'An internal error occurred.';
  const status = known ? err.status : 500;
  const type = status < 500 ? 'Sender' : 'Receiver';
  const xml =
    `<ErrorResponse xmlns="${QUERY_NAMESPACES[service]}"><Error><Type>${type}</Type>` +
    `<Code>${xmlText(code)}</Code><Message>${xmlText(message)}</Message></Error>` +
    `<RequestId>${xmlText(requestId)}</RequestId></ErrorResponse>`;
  return { status, xml, code };
}

/**
 * Sends a Query-protocol refusal made before the action was read (the body over the size limit):
 * STS's namespace, as for a request that names no known Version.
 */
export function sendQueryError(reply: FastifyReply, err: CognateError): FastifyReply {
  const requestId = String(reply.getHeader('x-amzn-requestid') ?? '');
  const { status, xml } = errorXml('sts', err, requestId);
  return reply.status(status).header('content-type', 'text/xml').send(xml);
}

/**
 * `POST /` with a form body (`Action=…&Version=…`): the AWS Query protocol, as STS
 * (`GetCallerIdentity`) and IAM (roles and their policies) are called. Answers are XML in the
 * service's namespace; errors are `<ErrorResponse>` with the service's codes and statuses.
 */
export async function handleAwsQuery(
  ctx: Context,
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { dev: boolean },
): Promise<unknown> {
  const requestId = String(reply.getHeader('x-amzn-requestid') ?? '');
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const params = new URLSearchParams(body.toString('utf8'));
  let service = serviceOf(params);
  try {
    const name = params.get('Action');
    if (!name) throw new QueryError('MissingAction', 'Missing Action', 400);
    const action = byName.get(name);
    if (!action)
      throw new QueryError(
        'InvalidAction',
        `Could not find operation ${name} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        400,
      );
    service = action.service;
    const caller =
      action.auth === 'admin'
        ? await adminCaller(ctx, req, body, opts.dev, action.service)
        : await temporaryCaller(ctx, req, body);
    const result = (await run(
      ctx,
      {
        name: action.name,
        auth: 'none',
        handler: (c) => action.handler(c, params, caller),
      },
      {},
    )) as string | undefined;
    const xml =
      `<${name}Response xmlns="${QUERY_NAMESPACES[service]}">` +
      (result === undefined ? '' : `<${name}Result>${result}</${name}Result>`) +
      `<ResponseMetadata><RequestId>${xmlText(requestId)}</RequestId></ResponseMetadata>` +
      `</${name}Response>`;
    return reply.status(200).header('content-type', 'text/xml').send(xml);
  } catch (err) {
    const { status, xml, code } = errorXml(service, err, requestId);
    if (status >= 500) req.log.error({ err }, 'unexpected error');
    else if (err instanceof CognateError && err.detail)
      req.log.info({ code, detail: err.detail }, 'request refused');
    return reply.status(status).header('content-type', 'text/xml').send(xml);
  }
}
