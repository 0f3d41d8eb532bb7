import type {
  AddCustomAttributesRequest,
  AddCustomAttributesResponse,
  SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { addCustomAttributes } from '../../../services/user-pools.ts';
import { defineOperation } from '../operation.ts';
import { str, USER_POOL_ID } from '../wire.ts';

export default defineOperation<AddCustomAttributesRequest, AddCustomAttributesResponse>({
  name: 'AddCustomAttributes',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const list = input.CustomAttributes;
    if (!Array.isArray(list) || list.length === 0 || list.length > 25) {
      throw new InvalidParameterException(
        'CustomAttributes must be a list of 1 to 25 attribute definitions.',
      );
    }
    await addCustomAttributes(ctx, userPoolId, list as SchemaAttributeType[]);
    return {};
  },
});
