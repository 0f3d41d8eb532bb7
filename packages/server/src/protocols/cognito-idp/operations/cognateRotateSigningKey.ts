import { rotateSigningKey } from '../../../services/tokens/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

// A Cognate extension: Cognito rotates its keys itself and has no such operation. The `Cognate`
// prefix keeps the target name clear of any operation AWS may add.

/** CognateRotateSigningKey request. */
export interface CognateRotateSigningKeyRequest {
  UserPoolId: string | undefined;
}

/** CognateRotateSigningKey response. */
export interface CognateRotateSigningKeyResponse {
  /** The kid of the new key, which signs every token from now on. */
  KeyId: string;
  /** The keys it replaced; they stay in the JWKS until `RetiresAt`. */
  PreviousKeyIds: string[];
  /** When the replaced keys leave the JWKS (epoch seconds on the wire). */
  RetiresAt: Date;
}

export default defineOperation<CognateRotateSigningKeyRequest, CognateRotateSigningKeyResponse>({
  name: 'CognateRotateSigningKey',
  auth: 'sigv4',
  // The service makes the key outside any transaction and writes in a short one of its own.
  transaction: false,
  async handler(ctx, input) {
    const rotation = await rotateSigningKey(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    return {
      KeyId: rotation.kid,
      PreviousKeyIds: rotation.retiredKids,
      RetiresAt: new Date(rotation.retiresAt),
    };
  },
});
