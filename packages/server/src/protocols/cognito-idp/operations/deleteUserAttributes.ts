import type {
  DeleteUserAttributesRequest,
  DeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { authenticate } from '../../../services/tokens/index.ts';
import { assertWritable, deleteAttributes } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { str, strList, TOKEN } from '../wire.ts';

export default defineOperation<DeleteUserAttributesRequest, DeleteUserAttributesResponse>({
  name: 'DeleteUserAttributes',
  auth: 'accessToken',
  async handler(ctx, input) {
    const token = str(input, 'AccessToken', TOKEN);
    const names = strList(input, 'UserAttributeNames');
    if (!names) throw new InvalidParameterException('UserAttributeNames is required.');
    const caller = await authenticate(ctx, token);
    assertWritable(names, caller.client.settings.WriteAttributes);
    await deleteAttributes(ctx, caller.pool, caller.user, names);
    return {};
  },
});
