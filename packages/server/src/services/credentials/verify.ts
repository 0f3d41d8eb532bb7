import { createHash } from 'node:crypto';
import { findRole } from '../../store/repositories/iam-roles.ts';
import { findIdentityCredential } from '../../store/repositories/identity-credentials.ts';
import { findIdentity } from '../../store/repositories/identity-pools.ts';
import { findGrant } from '../../store/repositories/refresh-tokens.ts';
import { findUserById } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { type SigV4Failure, verifySigV4 } from '../crypto/sigv4.ts';
import { credentialsKey, deriveSecret, readSessionToken } from './keys.ts';

/** The holder of valid identity-pool credentials. */
export interface TemporaryCaller {
  accessKeyId: string;
  identityId: string;
  identityPoolId: string;
  roleArn: string;
  /** `arn:aws:sts::<account>:assumed-role/<roleName>/CognitoIdentityCredentials`. */
  arn: string;
  account: string;
  /** `<RoleId>:CognitoIdentityCredentials`. */
  userId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  auth: 'authenticated' | 'unauthenticated';
}

/** Why a request signed with identity-pool credentials is refused (STS's error codes). */
export type VerifyFailureCode =
  | 'ExpiredToken'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'IncompleteSignature'
  | 'MissingAuthenticationToken';

export type VerifyResult =
  | { ok: true; caller: TemporaryCaller }
  | { ok: false; code: VerifyFailureCode; message: string };

/** A request as received: the raw body, or only its hex SHA-256 (CognateVerifyRequest). */
export interface RequestToVerify {
  method: string;
  /** Request target with the query string, `/path?a=b`. */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
  payloadHash?: string;
}

export const SESSION_NAME = 'CognitoIdentityCredentials';
const INVALID = 'The security token included in the request is invalid.';
const EXPIRED = 'The security token included in the request is expired';

const SIGV4_CODES: Record<SigV4Failure['code'], VerifyFailureCode> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
};

function refuse(code: VerifyFailureCode, message: string): VerifyResult {
  return { ok: false, code, message };
}

/**
 * A role's RoleId in AWS's shape (`AROA` + 17 characters), stable per ARN, for roles this server
 * only knows by ARN (SetIdentityPoolRoles does not require the IAM role to exist).
 */
export function roleIdOf(roleArn: string): string {
  const digest = createHash('sha256').update(roleArn).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AROA';
  for (let i = 0; i < 17; i++) id += alphabet[digest[i] & 31];
  return id;
}

/**
 * The STS identity of credentials for `roleArn`; the UserId carries the IAM role's RoleId when
 * the role exists here.
 */
export async function assumedRole(ctx: Pick<Context, 'db' | 'accountId'>, roleArn: string) {
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const role = await findRole(ctx.db, roleName);
  const roleId = role && role.arn === roleArn ? role.roleId : roleIdOf(roleArn);
  return {
    arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${SESSION_NAME}`,
    account: ctx.accountId,
    userId: `${roleId}:${SESSION_NAME}`,
  };
}

function header(req: RequestToVerify, name: string): string | undefined {
  const v = Object.hasOwn(req.headers, name) ? req.headers[name] : undefined;
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks a request signed with identity-pool credentials, online: the session token's MAC, the
 * SigV4 signature with the derived secret, expiry, the issued credentials still on record, their
 * identity not deleted, and (ServerSideTokenCheck) the user still enabled and the token's grant
 * not revoked.
 */
export async function verifySignedRequest(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret' | 'credentialsKey' | 'accountId'>,
  req: RequestToVerify,
): Promise<VerifyResult> {
  const auth = header(req, 'authorization');
  if (!auth) return refuse('MissingAuthenticationToken', 'Missing Authentication Token');
  const akid = /Credential=([^/,\s]+)/.exec(auth)?.[1];
  const token = header(req, 'x-amz-security-token');
  const key = credentialsKey(ctx);
  const payload = token === undefined ? undefined : readSessionToken(key, token);
  // Unknown keys go to SigV4 with no secret, so malformed headers get their own errors first.
  const known = payload !== undefined && payload.akid === akid;
  const result = verifySigV4(req, {
    now: new Date(ctx.clock.now()),
    lookupSecret: (id) => (known && id === akid ? deriveSecret(key, id) : undefined),
  });
  // An expired token is reported as such even when the signature is also wrong, as STS does.
  if (known && payload.exp * 1000 <= ctx.clock.now()) return refuse('ExpiredToken', EXPIRED);
  if (!result.ok) return refuse(SIGV4_CODES[result.code], result.message);
  if (!known) return refuse('InvalidClientTokenId', INVALID);

  const issued = await findIdentityCredential(ctx.db, payload.akid);
  if (!issued || issued.identityId !== payload.iid || issued.roleArn !== payload.role)
    return refuse('InvalidClientTokenId', INVALID);
  const identity = await findIdentity(ctx.db, issued.identityId);
  if (!identity || identity.identityPoolId !== issued.identityPoolId)
    return refuse('InvalidClientTokenId', INVALID);
  if (issued.userSub !== undefined) {
    const user = await findUserById(ctx.db, issued.userSub);
    if (!user?.enabled || user.userPoolId !== issued.userPoolId)
      return refuse('InvalidClientTokenId', INVALID);
    if (issued.originJti !== undefined) {
      const grant = await findGrant(ctx.db, issued.originJti);
      if (!grant || grant.revokedAt !== undefined) return refuse('InvalidClientTokenId', INVALID);
    }
  }
  return {
    ok: true,
    caller: {
      accessKeyId: issued.accessKeyId,
      identityId: issued.identityId,
      identityPoolId: issued.identityPoolId,
      roleArn: issued.roleArn,
      ...(await assumedRole(ctx, issued.roleArn)),
      expiresAt: issued.expiresAt,
      auth: payload.auth,
    },
  };
}
