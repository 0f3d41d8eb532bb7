import type {
  UpdateResourceServerRequest,
  UpdateResourceServerResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { updateResourceServer } from '../../../services/resource-servers/index.ts';
import { defineOperation } from '../operation.ts';
import { resourceServerInput, toResourceServerType } from '../resource-server-shapes.ts';

export default defineOperation<UpdateResourceServerRequest, UpdateResourceServerResponse>({
  name: 'UpdateResourceServer',
  auth: 'sigv4',
  async handler(ctx, input) {
    const server = await updateResourceServer(ctx, resourceServerInput(input));
    return { ResourceServer: toResourceServerType(server) };
  },
});
