import type {
  GlobalSignOutRequest,
  GlobalSignOutResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { signOutEverywhere } from '../../../services/tokens/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GlobalSignOutRequest, GlobalSignOutResponse>({
  name: 'GlobalSignOut',
  auth: 'accessToken',
  handler: (ctx) => async (caller) => {
    await signOutEverywhere(ctx, caller.user);
    return {};
  },
});
