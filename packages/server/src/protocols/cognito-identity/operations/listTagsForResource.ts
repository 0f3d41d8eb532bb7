import type {
  ListTagsForResourceInput,
  ListTagsForResourceResponse,
} from '@aws-sdk/client-cognito-identity';
import { identityPoolTags } from '../../../services/identity-pools/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<ListTagsForResourceInput, ListTagsForResourceResponse>({
  name: 'ListTagsForResource',
  auth: 'sigv4',
  async handler(ctx, input) {
    const arn = str(input, 'ResourceArn', { min: 20, max: 2048 });
    return { Tags: await identityPoolTags(ctx, arn) };
  },
});
