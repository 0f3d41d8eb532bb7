import type {
  GlobalSignOutRequest,
  GlobalSignOutResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { authenticate, signOutEverywhere } from '../../../services/tokens/index.ts';
import { defineOperation } from '../operation.ts';
import { str, TOKEN } from '../wire.ts';

export default defineOperation<GlobalSignOutRequest, GlobalSignOutResponse>({
  name: 'GlobalSignOut',
  auth: 'accessToken',
  async handler(ctx, input) {
    const caller = await authenticate(ctx, str(input, 'AccessToken', TOKEN));
    await signOutEverywhere(ctx, caller.user);
    return {};
  },
});
