/** Why a request is refused: STS's error codes for signatures, IAM's for permissions. */
export type VerifyErrorCode =
  /** No `Authorization` header. */
  | 'MissingAuthenticationToken'
  /** The `Authorization` header lacks a part, or its date is malformed. */
  | 'IncompleteSignature'
  /** Unknown or forged credentials (access key id or session token). */
  | 'InvalidClientTokenId'
  /** The credentials have expired. */
  | 'ExpiredToken'
  /** Wrong signature, a request too old or too new, or signed for another host, region or service. */
  | 'SignatureDoesNotMatch'
  /** Valid credentials, but the role's policy does not allow the action on the resource. */
  | 'AccessDenied'
  /** The Cognate server could not be asked (online mode, or fetching policies). */
  | 'ServiceUnavailable';

const STATUS: Record<VerifyErrorCode, number> = {
  MissingAuthenticationToken: 401,
  IncompleteSignature: 401,
  InvalidClientTokenId: 401,
  ExpiredToken: 401,
  SignatureDoesNotMatch: 401,
  AccessDenied: 403,
  ServiceUnavailable: 503,
};

/** A refused request: `code` says why, `status` is the HTTP status the middleware answers with. */
export class VerifyError extends Error {
  readonly code: VerifyErrorCode;
  readonly status: number;

  constructor(code: VerifyErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = STATUS[code];
  }
}

/** True for a `VerifyError` (also across copies of this package). */
export function isVerifyError(err: unknown): err is VerifyError {
  return (
    err instanceof VerifyError ||
    (err instanceof Error && typeof (err as VerifyError).code === 'string' && 'status' in err)
  );
}
