import { verifySignedRequest } from '../../../services/credentials/verify.ts';
import { CognateError, InvalidParameterException } from '../../../services/errors.ts';
import { rolePolicies } from '../../../services/roles/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

/** CognateVerifyRequest's answer: who signed the request, and their role's policies. */
export interface CognateVerifyRequestResponse {
  IdentityId: string;
  IdentityPoolId: string;
  RoleArn: string;
  Arn: string;
  /** Rendered as epoch seconds. */
  Expiration: Date;
  /** The role's permissions policies, JSON documents as stored. */
  Policies: string[];
}

// STS's statuses for the refusals, so a verifier can pass them on unchanged.
const STATUS: Record<string, number> = {
  ExpiredToken: 400,
  IncompleteSignature: 400,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  MissingAuthenticationToken: 403,
};

/** `Url` as the request target SigV4 signed: path and query of an absolute URL, or as given. */
function requestTarget(url: string): string {
  if (url.startsWith('/')) return url;
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    throw new InvalidParameterException('Url must be an absolute URL or a path.');
  }
}

/**
 * Cognate's own operation (admin-signed): checks a request an app received, signed with
 * identity-pool credentials, for @cognate/sigv4 verifiers that have no credentials key. The
 * app sends the method, URL, headers and the body's SHA-256; refusals come back as STS's codes.
 */
export default defineOperation<Record<string, unknown>, CognateVerifyRequestResponse>({
  name: 'CognateVerifyRequest',
  auth: 'sigv4',
  transaction: false,
  async handler(ctx, input) {
    const method = str(input, 'Method', { min: 1, max: 16, pattern: '[A-Za-z]+' });
    const url = requestTarget(str(input, 'Url', { min: 1, max: 8192 }));
    const payloadHash = str(input, 'PayloadSha256', { min: 64, max: 64, pattern: '[0-9a-fA-F]+' });
    const raw = input.Headers;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new InvalidParameterException('Headers must be a map of header names to values.');
    const entries = Object.entries(raw).map(([name, value]) => {
      if (typeof value !== 'string')
        throw new InvalidParameterException(`Header ${name} must be a string.`);
      return [name.toLowerCase(), value] as const;
    });
    // fromEntries defines own properties, so a header named __proto__ stays a header.
    const headers: Record<string, string> = Object.fromEntries(entries);
    const result = await verifySignedRequest(ctx, { method, url, headers, payloadHash });
    if (!result.ok) throw new CognateError(result.code, result.message, STATUS[result.code]);
    const { caller } = result;
    return {
      IdentityId: caller.identityId,
      IdentityPoolId: caller.identityPoolId,
      RoleArn: caller.roleArn,
      Arn: caller.arn,
      Expiration: new Date(caller.expiresAt),
      Policies: await rolePolicies(ctx, caller.roleArn),
    };
  },
});
