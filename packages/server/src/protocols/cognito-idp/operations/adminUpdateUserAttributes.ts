import type {
  AdminUpdateUserAttributesRequest,
  AdminUpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { adminUpdateAttributes, requireUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { attrs, str, strMap, USER_POOL_ID, USERNAME } from '../wire.ts';

export default defineOperation<AdminUpdateUserAttributesRequest, AdminUpdateUserAttributesResponse>(
  {
    name: 'AdminUpdateUserAttributes',
    auth: 'sigv4',
    async handler(ctx, input) {
      const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
      const username = str(input, 'Username', USERNAME);
      if (input.UserAttributes === undefined || input.UserAttributes === null) {
        throw new InvalidParameterException(
          "1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null",
        );
      }
      const updates = attrs(input, 'UserAttributes');
      strMap(input, 'ClientMetadata');
      await adminUpdateAttributes(ctx, pool, await requireUser(ctx, pool, username), updates);
      return {};
    },
  },
);
