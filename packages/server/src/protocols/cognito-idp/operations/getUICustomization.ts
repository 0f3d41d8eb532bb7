import type {
  GetUICustomizationRequest,
  GetUICustomizationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { getUICustomization } from '../../../services/ui-customization/index.ts';
import { CLIENT_ID, optStr, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GetUICustomizationRequest, GetUICustomizationResponse>({
  name: 'GetUICustomization',
  auth: 'sigv4',
  async handler(ctx, input) {
    const customization = await getUICustomization(
      ctx,
      str(input, 'UserPoolId', USER_POOL_ID),
      optStr(input, 'ClientId', { ...CLIENT_ID, sensitive: true }),
    );
    return { UICustomization: customization };
  },
});
