import type {
  UpdateUserAttributesRequest,
  UpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { authenticate } from '../../../services/tokens/index.ts';
import { updateUserAttributes } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { attrs, str, strMap, TOKEN } from '../wire.ts';

export default defineOperation<UpdateUserAttributesRequest, UpdateUserAttributesResponse>({
  name: 'UpdateUserAttributes',
  auth: 'accessToken',
  async handler(ctx, input) {
    const token = str(input, 'AccessToken', TOKEN);
    const updates = attrs(input, 'UserAttributes');
    strMap(input, 'ClientMetadata');
    const caller = await authenticate(ctx, token);
    const details = await updateUserAttributes(ctx, caller, updates);
    return { CodeDeliveryDetailsList: details };
  },
});
