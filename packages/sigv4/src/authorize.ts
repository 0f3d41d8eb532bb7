import { VerifyError } from './errors.ts';
import { evaluatePolicy, identityVariables } from './policy.ts';
import type { IncomingSignedRequest } from './signature.ts';
import type { VerifiedCaller, Verifier } from './verifier.ts';

/** What both middlewares take. */
export interface Sigv4MiddlewareOptions<Req> {
  /** From `createVerifier`. */
  verifier: Verifier;
  /** The IAM action the request performs, `service:Action` (`notes:GetNote`). */
  action: (req: Req) => string;
  /** The resource it acts on, usually an ARN (`arn:aws:notes:::note/42`). */
  resource: (req: Req) => string;
}

/**
 * Verifies a request and evaluates the caller's policies for its action and resource; the caller,
 * or a `VerifyError` (AccessDenied when the policies do not allow it).
 */
export async function authorize<Req>(
  options: Sigv4MiddlewareOptions<Req>,
  req: Req,
  signed: IncomingSignedRequest,
): Promise<VerifiedCaller> {
  const caller = await options.verifier.verify(signed);
  const action = options.action(req);
  const resource = options.resource(req);
  const decision = evaluatePolicy(caller.policies, {
    action,
    resource,
    variables: identityVariables(caller),
  });
  if (decision !== 'allowed')
    throw new VerifyError(
      'AccessDenied',
      `${caller.identityId} is not authorized to perform: ${action} on resource: ${resource}${decision === 'explicitDeny' ? ' with an explicit deny' : ''}`,
    );
  return caller;
}

/** The JSON body of a refusal: `{ code, message }`. */
export function refusal(err: VerifyError): { code: string; message: string } {
  return { code: err.code, message: err.message };
}
