import type {
  DeleteUserAttributesRequest,
  DeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { assertWritable, deleteAttributes } from '../../../services/users/index.ts';
import { strList } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DeleteUserAttributesRequest, DeleteUserAttributesResponse>({
  name: 'DeleteUserAttributes',
  auth: 'accessToken',
  handler(ctx, input) {
    const names = strList(input, 'UserAttributeNames');
    if (!names) throw new InvalidParameterException('UserAttributeNames is required.');
    return async (caller) => {
      assertWritable(names, caller.client.settings.WriteAttributes);
      await deleteAttributes(ctx, caller.pool, caller.user, names);
      return {};
    };
  },
});
