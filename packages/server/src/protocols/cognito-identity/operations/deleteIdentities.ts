import type {
  DeleteIdentitiesInput,
  DeleteIdentitiesResponse,
} from '@aws-sdk/client-cognito-identity';
import { deleteIdentities, IDENTITY_ID } from '../../../services/identity-pools/index.ts';
import { strList } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<DeleteIdentitiesInput, DeleteIdentitiesResponse>({
  name: 'DeleteIdentities',
  auth: 'sigv4',
  async handler(ctx, input) {
    const ids = strList(input, 'IdentityIdsToDelete', {
      ...IDENTITY_ID,
      required: true,
      minItems: 1,
      maxItems: 60,
    });
    return { UnprocessedIdentityIds: await deleteIdentities(ctx, ids) };
  },
});
