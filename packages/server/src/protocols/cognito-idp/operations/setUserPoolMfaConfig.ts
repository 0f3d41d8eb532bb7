import type {
  SetUserPoolMfaConfigRequest,
  SetUserPoolMfaConfigResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { setUserPoolMfaConfig } from '../../../services/mfa/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse>({
  name: 'SetUserPoolMfaConfig',
  auth: 'sigv4',
  async handler(ctx, input) {
    return setUserPoolMfaConfig(ctx, str(input, 'UserPoolId', USER_POOL_ID), input);
  },
});
