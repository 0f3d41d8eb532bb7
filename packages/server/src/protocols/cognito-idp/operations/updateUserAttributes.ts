import type {
  UpdateUserAttributesRequest,
  UpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { attributesFromWire, updateUserAttributes } from '../../../services/users/index.ts';
import { strMap } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<UpdateUserAttributesRequest, UpdateUserAttributesResponse>({
  name: 'UpdateUserAttributes',
  auth: 'accessToken',
  handler(ctx, input) {
    const updates = attributesFromWire(input.UserAttributes, 'userAttributes');
    const clientMetadata = strMap(input, 'ClientMetadata');
    return async (caller) => ({
      CodeDeliveryDetailsList: await updateUserAttributes(ctx, caller, updates, clientMetadata),
    });
  },
});
