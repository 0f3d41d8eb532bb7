import type {
  AddCustomAttributesRequest,
  AddCustomAttributesResponse,
  SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { addCustomAttributes } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AddCustomAttributesRequest, AddCustomAttributesResponse>({
  name: 'AddCustomAttributes',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    // The settings module checks the list (1-25 definitions, names, types) with Cognito's wording.
    await addCustomAttributes(ctx, userPoolId, input.CustomAttributes as SchemaAttributeType[]);
    return {};
  },
});
