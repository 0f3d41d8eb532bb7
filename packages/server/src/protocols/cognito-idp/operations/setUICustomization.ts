import type {
  SetUICustomizationRequest,
  SetUICustomizationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { setUICustomization } from '../../../services/ui-customization/index.ts';
import { defineOperation } from '../operation.ts';
import { uiCustomizationInput } from '../ui-customization-shapes.ts';

export default defineOperation<SetUICustomizationRequest, SetUICustomizationResponse>({
  name: 'SetUICustomization',
  auth: 'sigv4',
  async handler(ctx, input) {
    return { UICustomization: await setUICustomization(ctx, uiCustomizationInput(input)) };
  },
});
