// @cognate/sigv4: checks requests signed with Cognate identity-pool credentials and evaluates the
// role's IAM-style policies, for an app's own HTTP APIs.
export { authorize, type Sigv4MiddlewareOptions } from './authorize.ts';
export {
  deriveSecret,
  parseCredentialsKey,
  readSessionToken,
  type SessionTokenPayload,
  signSessionToken,
} from './credentials.ts';
export { isVerifyError, VerifyError, type VerifyErrorCode } from './errors.ts';
export { expressSigv4 } from './express.ts';
export { fastifySigv4 } from './fastify.ts';
export {
  evaluatePolicy,
  identityVariables,
  type PolicyDecision,
  type PolicyDocument,
  type PolicyRequest,
  type PolicyStatement,
} from './policy.ts';
export type { AdminCredentials, IncomingSignedRequest } from './signature.ts';
export {
  createVerifier,
  type VerifiedCaller,
  type Verifier,
  type VerifierOptions,
} from './verifier.ts';
