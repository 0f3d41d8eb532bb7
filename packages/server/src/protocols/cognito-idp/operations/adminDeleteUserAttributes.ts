import type {
  AdminDeleteUserAttributesRequest,
  AdminDeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { deleteAttributes, requireUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { str, strList, USER_POOL_ID, USERNAME } from '../wire.ts';

export default defineOperation<AdminDeleteUserAttributesRequest, AdminDeleteUserAttributesResponse>(
  {
    name: 'AdminDeleteUserAttributes',
    auth: 'sigv4',
    async handler(ctx, input) {
      const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
      const username = str(input, 'Username', USERNAME);
      const names = strList(input, 'UserAttributeNames');
      if (!names) {
        throw new InvalidParameterException(
          "1 validation error detected: Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null",
        );
      }
      await deleteAttributes(ctx, pool, await requireUser(ctx, pool, username), names);
      return {};
    },
  },
);
