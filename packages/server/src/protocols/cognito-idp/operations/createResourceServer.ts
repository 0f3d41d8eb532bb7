import type {
  CreateResourceServerRequest,
  CreateResourceServerResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { createResourceServer } from '../../../services/resource-servers/index.ts';
import { defineOperation } from '../operation.ts';
import { resourceServerInput, toResourceServerType } from '../resource-server-shapes.ts';

export default defineOperation<CreateResourceServerRequest, CreateResourceServerResponse>({
  name: 'CreateResourceServer',
  auth: 'sigv4',
  async handler(ctx, input) {
    const server = await createResourceServer(ctx, resourceServerInput(input));
    return { ResourceServer: toResourceServerType(server) };
  },
});
