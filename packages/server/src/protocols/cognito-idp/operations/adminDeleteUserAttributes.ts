import type {
  AdminDeleteUserAttributesRequest,
  AdminDeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { deleteAttributes, requireUser } from '../../../services/users/index.ts';
import { str, strList, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminDeleteUserAttributesRequest, AdminDeleteUserAttributesResponse>(
  {
    name: 'AdminDeleteUserAttributes',
    auth: 'sigv4',
    async handler(ctx, input) {
      const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
      const username = str(input, 'Username', USERNAME);
      const names = strList(input, 'UserAttributeNames', { required: true });
      await deleteAttributes(ctx, pool, await requireUser(ctx, pool, username), names);
      return {};
    },
  },
);
