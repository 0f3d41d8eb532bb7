import type {
  UpdateUserAttributesRequest,
  UpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { updateUserAttributes } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { attrs, strMap } from '../wire.ts';

export default defineOperation<UpdateUserAttributesRequest, UpdateUserAttributesResponse>({
  name: 'UpdateUserAttributes',
  auth: 'accessToken',
  handler(ctx, input) {
    const updates = attrs(input, 'UserAttributes');
    strMap(input, 'ClientMetadata');
    return async (caller) => ({
      CodeDeliveryDetailsList: await updateUserAttributes(ctx, caller, updates),
    });
  },
});
