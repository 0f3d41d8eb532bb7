import type {
  GetUserPoolMfaConfigRequest,
  GetUserPoolMfaConfigResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { getUserPoolMfaConfig } from '../../../services/mfa/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse>({
  name: 'GetUserPoolMfaConfig',
  auth: 'sigv4',
  handler: (ctx, input) => getUserPoolMfaConfig(ctx, str(input, 'UserPoolId', USER_POOL_ID)),
});
