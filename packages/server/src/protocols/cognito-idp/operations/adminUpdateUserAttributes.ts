import type {
  AdminUpdateUserAttributesRequest,
  AdminUpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import {
  adminUpdateAttributes,
  attributesFromWire,
  requireUser,
} from '../../../services/users/index.ts';
import {
  readList,
  str,
  strMap,
  USER_POOL_ID,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminUpdateUserAttributesRequest, AdminUpdateUserAttributesResponse>(
  {
    name: 'AdminUpdateUserAttributes',
    auth: 'sigv4',
    async handler(ctx, input) {
      const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
      const username = str(input, 'Username', USERNAME);
      readList(input, 'UserAttributes', '', { required: true });
      const updates = attributesFromWire(input.UserAttributes, 'userAttributes');
      const clientMetadata = strMap(input, 'ClientMetadata');
      const user = await requireUser(ctx, pool, username);
      await adminUpdateAttributes(ctx, pool, user, updates, clientMetadata);
      return {};
    },
  },
);
